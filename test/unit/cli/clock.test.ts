import { afterEach, describe, expect, it } from 'vitest';
import { against, type FakeApi, runCli, startFakeApi } from './harness.ts';

const state = { now: '2026-12-16T09:00:00.000Z', offsetMs: (3 * 24 + 4) * 3600_000, speed: 1 };

describe('mentorflow clock', () => {
  let api: FakeApi;
  afterEach(() => api.close());

  it('show, jump and advance call /_local/clock and print the new time', async () => {
    // Prepare
    api = await startFakeApi({
      'GET /_local/clock': () => ({ status: 200, body: state }),
      'POST /_local/clock': () => ({ status: 200, body: state }),
    });

    // Act
    const show = await runCli([...against(api), 'clock', 'show']);
    await runCli([...against(api), 'clock', 'jump', '2026-12-16T09:00:00Z']);
    const advance = await runCli([...against(api), 'clock', 'advance', '3d', '--json']);

    // Assess
    expect(show.stdout).toBe('now     2026-12-16T09:00:00.000Z\nspeed   1×\noffset  +3d 4h 0m\n');
    expect(api.requests.map((r) => [r.method, r.path, r.body])).toEqual([
      ['GET', '/_local/clock', undefined],
      ['POST', '/_local/clock', { jumpTo: '2026-12-16T09:00:00Z' }],
      ['POST', '/_local/clock', { advanceBy: '3d' }],
    ]);
    expect(JSON.parse(advance.stdout)).toEqual(state);
  });

  it('shows the local runtime’s own refusal', async () => {
    // Prepare
    api = await startFakeApi({
      'POST /_local/clock': () => ({
        status: 400,
        body: { message: 'cannot read duration "soon": use e.g. "3d", "12h", "30m"' },
      }),
    });

    // Act
    const run = await runCli([...against(api), 'clock', 'advance', 'soon']);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('Error: cannot read duration "soon": use e.g. "3d", "12h", "30m" (HTTP 400)\n');
  });

  it('tick runs the schedules and says what fired', async () => {
    // Prepare
    api = await startFakeApi({
      'POST /_local/tick': () => ({
        status: 200,
        body: { now: state.now, fired: ['intake-job'], deadLetters: 0, failedInvocations: 1 },
      }),
    });

    // Act
    const run = await runCli([...against(api), 'tick']);

    // Assess
    expect(api.requests[0]).toMatchObject({ method: 'POST', path: '/_local/tick' });
    expect(run.stdout).toBe(
      'ticked at   2026-12-16T09:00:00.000Z\nfired       intake-job\nfailures    1 invocations, 0 dead letters (so far)\n',
    );
  });
});

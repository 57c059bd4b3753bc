import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { matchSchemaFiles, SCHEMA_FILES } from '#cli/commands/match-schemas.ts';
import { REPO_ROOT } from '#infra/local/lambda.ts';
import { matchingOutputSchema } from '#shared/domain/matching/schemas.ts';
import { runCli } from './harness.ts';

const INPUT = {
  seekers: [
    {
      personId: 'ana',
      goals: ['Negotiation'],
      seniority: 'early_career',
      timeZone: 'Europe/London',
      seeks: ['mentor', 'sponsor'],
    },
    {
      personId: 'ben',
      seniority: 'mid_career',
      timeZone: 'America/New_York',
      seeks: ['mentor'],
      previouslyUnmatched: true,
    },
  ],
  supporters: [
    {
      personId: 'mia',
      skills: ['negotiation'],
      seniority: 'leader',
      timeZone: 'Europe/Paris',
      offers: [
        { role: 'mentor', capacity: 1 },
        { role: 'sponsor', capacity: 1 },
      ],
      totalLoadLimit: 2,
      hasInfluence: true,
    },
    {
      personId: 'bo',
      seniority: 'senior',
      timeZone: 'America/Chicago',
      offers: [{ role: 'mentor', capacity: 2 }],
      totalLoadLimit: 2,
    },
  ],
};

describe('mentorflow match solve', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mentorflow-match-'));
  });
  const write = (name: string, value: unknown) =>
    writeFile(path.join(dir, name), typeof value === 'string' ? value : JSON.stringify(value));
  const readOutput = async () => JSON.parse(await readFile(path.join(dir, 'out.json'), 'utf8'));

  it('solves a file offline and writes matches, reasons and a fairness report', async () => {
    // Prepare
    await write('in.json', INPUT);

    // Act
    const run = await runCli(['match', 'solve', '--input', 'in.json', '--output', 'out.json'], { cwd: dir });

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^Matched 3 of 3 seeker-roles, total score [\d.]+, in \d+ ms \(the exact optimum\)\.\nWritten to out\.json\.\n$/,
    );
    const output = matchingOutputSchema.parse(await readOutput());
    expect(output.matches.map((m) => `${m.seekerId}-${m.supporterId}:${m.role}`)).toEqual([
      'ana-mia:mentor',
      'ana-mia:sponsor',
      'ben-bo:mentor',
    ]);
    expect(output.candidates).toBeUndefined();
    expect(output.fairness.overall).toMatchObject({ seekers: 2, sought: 3, matched: 3 });
  });

  it('adds every scored pair with --include-candidates, so the optimum can be checked independently', async () => {
    // Prepare
    await write('in.json', INPUT);

    // Act
    const run = await runCli(
      ['match', 'solve', '--input', 'in.json', '--output', 'out.json', '--include-candidates'],
      {
        cwd: dir,
      },
    );

    // Assess: ana-mentor (mia, bo), ana-sponsor (mia), ben-mentor (mia, bo).
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Included 5 candidate pairs.');
    const output = matchingOutputSchema.parse(await readOutput());
    expect(output.candidates?.map((c) => `${c.seekerId}-${c.supporterId}:${c.role}`).sort()).toEqual([
      'ana-bo:mentor',
      'ana-mia:mentor',
      'ana-mia:sponsor',
      'ben-bo:mentor',
      'ben-mia:mentor',
    ]);
  });

  it('names the JSON path of each problem in the input', async () => {
    // Prepare
    const bad = structuredClone(INPUT) as Record<string, unknown> & typeof INPUT;
    (bad.seekers[1] as Record<string, unknown>).timeZone = 'Mars/Olympus';
    (bad.supporters[0]!.offers[1] as Record<string, unknown>).capacity = -2;
    await write('in.json', bad);

    // Act
    const run = await runCli(['match', 'solve', '--input', 'in.json', '--output', 'out.json'], { cwd: dir });

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      [
        'Error: in.json (--input) does not follow docs/schemas/match-input.schema.json.',
        '  seekers[1].timeZone: must be a time zone such as Europe/London',
        '  supporters[0].offers[1].capacity: Too small: expected number to be >=0',
        '',
      ].join('\n'),
    );
  });

  it('refuses a pin that breaks a rule, naming both people, and writes nothing', async () => {
    // Prepare
    await write('in.json', { ...INPUT, pins: [{ seekerId: 'ana', supporterId: 'bo', role: 'sponsor' }] });

    // Act
    const run = await runCli(['match', 'solve', '--input', 'in.json', '--output', 'out.json'], { cwd: dir });

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'pins[0]: cannot pin ana with bo as sponsor: bo does not offer to be a sponsor',
    );
    await expect(readOutput()).rejects.toThrow('ENOENT');
  });

  it('says so when the input is not JSON or not there', async () => {
    // Prepare
    await write('in.json', '{"seekers": [');

    // Act
    const notJson = await runCli(['match', 'solve', '--input', 'in.json', '--output', 'out.json'], {
      cwd: dir,
    });
    const missing = await runCli(['match', 'solve', '--input', 'nope.json', '--output', 'out.json'], {
      cwd: dir,
    });

    // Assess
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toMatch(/^Error: in\.json \(--input\) is not valid JSON: /);
    expect(missing.stderr).toBe('Error: Cannot read nope.json (--input): ENOENT\n');
  });

  it('publishes JSON Schemas that match the code (regenerate: npx tsx cli/commands/match-schemas.ts)', async () => {
    // Prepare
    const expected = matchSchemaFiles();

    // Act: compared as JSON, so the formatter may lay the files out its own way.
    const committed = {
      input: JSON.parse(await readFile(path.join(REPO_ROOT, SCHEMA_FILES.input), 'utf8')),
      output: JSON.parse(await readFile(path.join(REPO_ROOT, SCHEMA_FILES.output), 'utf8')),
    };

    // Assess
    expect(committed).toEqual({ input: JSON.parse(expected.input), output: JSON.parse(expected.output) });
  });
});

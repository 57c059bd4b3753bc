import { readFileSync } from 'node:fs';
import { localDate } from '#shared/domain/zoned-time.ts';

/**
 * The demo a first-time user meets in `npm start`: one program and one cohort whose intake is
 * open, and invitations already in the inbox. It goes through the HTTP API as a coordinator
 * would, and is idempotent (fixed Idempotency-Keys and import id), so restarting `dev` on the
 * same data does not seed twice.
 */
const DEMO_CSV = new URL('./applicants.csv', import.meta.url);
const DAY = 24 * 3600_000;

async function call(
  apiUrl: string,
  token: string,
  method: string,
  path: string,
  body: unknown,
  key?: string,
) {
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(key ? { 'idempotency-key': key } : {}),
    },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as Record<string, unknown>;
  return { status: response.status, answer };
}

interface DemoSeed {
  programId: string;
  cohortId: string;
}

export async function seedDemo(apiUrl: string, token: string, now: Date): Promise<DemoSeed> {
  const timeZone = 'Europe/London';
  const program = await call(
    apiUrl,
    token,
    'POST',
    '/programs',
    {
      name: 'Rise Together',
      description:
        'A six-month program pairing people from under-represented groups with mentors, sponsors and coaches.',
      supportRoles: ['mentor', 'sponsor', 'coach', 'advocate', 'challenger'],
      intakeQuestions: [
        {
          id: 'hope',
          label: 'What would make this program a success for you?',
          type: 'long_text',
          required: true,
        },
        {
          id: 'meeting_format',
          label: 'How do you prefer to meet?',
          type: 'single_choice',
          options: ['Video call', 'In person', 'Either'],
        },
      ],
      consentText:
        'Your answers are used to match you with people in this program and are seen by its coordinators. Identity details are optional, and used only as you allow.',
      coordinatorEmail: 'coordinator@example.org',
    },
    'demo-program',
  );
  if (program.status !== 201) throw new Error(`Demo program: ${JSON.stringify(program.answer)}`);
  const programId = String(program.answer.programId);
  const today = now.getTime();
  const cohort = await call(
    apiUrl,
    token,
    'POST',
    `/programs/${programId}/cohorts`,
    {
      name: 'Spring cohort',
      timeZone,
      intakeOpensOn: localDate(new Date(today), timeZone),
      intakeClosesOn: localDate(new Date(today + 14 * DAY), timeZone),
      programStartsOn: localDate(new Date(today + 21 * DAY), timeZone),
      programEndsOn: localDate(new Date(today + 21 * DAY + 180 * DAY), timeZone),
      checkInEveryDays: 14,
      openApplication: true,
    },
    'demo-cohort',
  );
  if (cohort.status !== 201) throw new Error(`Demo cohort: ${JSON.stringify(cohort.answer)}`);
  const cohortId = String((cohort.answer.cohort as { cohortId: string }).cohortId);
  const imported = await call(apiUrl, token, 'POST', `/cohorts/${cohortId}/imports`, {
    importId: 'demo-import-v1',
    csv: readFileSync(DEMO_CSV, 'utf8'),
  });
  // 409: this demo import already ran on the stored data, which is what we wanted.
  if (imported.status !== 200 && imported.status !== 409)
    throw new Error(`Demo import: ${JSON.stringify(imported.answer)}`);
  return { programId, cohortId };
}

import type { LocalRuntime } from '#infra/local/runtime.ts';
import { MAX_IMPORT_ROWS } from '#shared/domain/applicant-import/limits.ts';
import type { Cohort } from '#shared/domain/cohort.ts';
import type { Milestone } from '#shared/domain/milestone.ts';
import type { Program } from '#shared/domain/program.ts';
import type { ImportOutcome } from '#shared/use-cases/import-applicants.ts';
import { type ApiClient, apiPath } from '../api-client.ts';
import { applicantCsv } from './applicant-csv.ts';
import { type Checks, forEachLimited } from './checks.ts';
import { applyLink, emailKind, mailByRecipient, readInbox } from './inbox.ts';
import { applyThroughLink, tryAfterClose } from './participant-agent.ts';
import type { SimulatedPerson } from './people.ts';
import { simulatedProgram } from './simulated-program.ts';

interface StageContext {
  runtime: LocalRuntime;
  /** Acts as the run's coordinator. */
  client: ApiClient;
  checks: Checks;
  /** Clock time (ms) the run may reach: `--weeks` after the start. */
  horizon: number;
  progress(line: string): void;
}

export interface IntakeRun {
  programId: string;
  cohort: Cohort;
  /** When the clock jumped to the reminder and to past close; absent when `--weeks` stopped it earlier. */
  remindedAt?: string;
  closedAt?: string;
  /** Indexes of the people the simulation expects to find applied, and those who applied after the reminder. */
  applied: Set<number>;
  appliedAfterReminder: Set<number>;
  /** People who had not applied when the reminder went out: exactly these should get one. */
  awaitingReminder: Set<number>;
  /** Where the clock was at the start and the end. */
  clockFrom: string;
  clockTo: string;
}

/** People open their links a few at a time, as a crowd would; enough to find races, not a load test. */
const CONCURRENT_PEOPLE = 8;
const DAY = 24 * 3600_000;
/** Jumps land a minute after a due time, so "due by now" holds on any clock resolution. */
const AFTER = 60_000;
const COHORT_TIME_ZONE = 'Europe/London';

/**
 * Intake, as a coordinator and a crowd live it:
 * 1. Create the program and launch a cohort whose intake opens today and closes in 14 days.
 * 2. Import the people as CSV (in files of at most the import limit), run the schedules, so the
 *    invitations go out; import the few re-typed addresses again, which must add nobody.
 * 3. The prompt people follow the link in their invitation and apply.
 * 4. The clock jumps to the reminder; the late people apply from the reminder's link.
 * 5. The clock jumps past close; those who come back now are turned away.
 * `--weeks` may stop the clock before step 4 or 5; the run then reports what it reached.
 */
export async function runIntakeStage(
  ctx: StageContext,
  setup: { people: SimulatedPerson[]; runId: string; coordinatorEmail: string },
): Promise<IntakeRun> {
  const { runtime, client, checks, progress } = ctx;
  const { people, runId } = setup;
  const clockFrom = runtime.clock.now();

  const program = await client.post<Program>('/programs', simulatedProgram(setup.coordinatorEmail, runId), {
    create: true,
  });
  const today = clockFrom.getTime();
  const launched = await client.post<{ cohort: Cohort; milestones: Milestone[] }>(
    apiPath`/programs/${program.programId}/cohorts`,
    {
      name: `Simulated cohort ${runId}`,
      timeZone: COHORT_TIME_ZONE,
      intakeOpensOn: localDate(today),
      intakeClosesOn: localDate(today + 14 * DAY),
      programStartsOn: localDate(today + 21 * DAY),
      // Twelve weeks: the length of cohort the check-ins issue has in mind.
      programEndsOn: localDate(today + 21 * DAY + 84 * DAY),
      checkInEveryDays: 14,
    },
    { create: true },
  );
  const { cohort, milestones } = launched;
  const run: IntakeRun = {
    programId: program.programId,
    cohort,
    applied: new Set(),
    appliedAfterReminder: new Set(),
    awaitingReminder: new Set(),
    clockFrom: clockFrom.toISOString(),
    clockTo: clockFrom.toISOString(),
  };

  progress(`cohort ${cohort.cohortId}: importing ${people.length} people`);
  let added = 0;
  for (let start = 0; start < people.length; start += MAX_IMPORT_ROWS) {
    const outcome = await importPeople(
      client,
      cohort.cohortId,
      `sim-${runId}-${start}`,
      people.slice(start, start + MAX_IMPORT_ROWS),
    );
    added += outcome.added;
    if (outcome.problems.length > 0) {
      checks.check('import', false, `rows with problems: ${JSON.stringify(outcome.problems.slice(0, 3))}`);
    }
  }
  checks.check('import', added === people.length, `${added} of ${people.length} people added`);
  await runtime.tick();

  const retyped = people.filter((person) => person.reimportedInOtherCase);
  if (retyped.length > 0) {
    const again = await importPeople(client, cohort.cohortId, `sim-${runId}-retyped`, retyped, (person) =>
      person.email.toUpperCase(),
    );
    checks.check(
      're-import in other capitals adds nobody',
      again.added === 0 && again.alreadyPresent.length === retyped.length,
      `${again.added} added, ${again.alreadyPresent.length} of ${retyped.length} recognised as already invited`,
    );
    await runtime.tick();
  }

  const problems: string[] = [];
  const act = async (
    group: SimulatedPerson[],
    kind: 'invitation' | 'intake-reminder',
    after?: Set<number>,
  ) => {
    const mail = mailByRecipient(
      await readInbox(runtime.sesUrl),
      group.map((person) => person.email),
    );
    await forEachLimited(group, CONCURRENT_PEOPLE, async (person) => {
      const email = mail.get(person.email.toLowerCase())?.find((sent) => emailKind(sent) === kind);
      const link = email && applyLink(email);
      if (!link) {
        problems.push(`person ${person.index}: no ${kind} with an application link arrived`);
        return;
      }
      const visit = await applyThroughLink(person, link);
      problems.push(...visit.problems);
      if (visit.applied) {
        run.applied.add(person.index);
        after?.add(person.index);
      }
    });
  };

  const prompt = people.filter((person) => person.behaviour === 'prompt');
  progress(`${prompt.length} people apply from their invitation`);
  await act(prompt, 'invitation');

  const reminder = milestones.find((milestone) => milestone.kind === 'intake-reminder');
  const reminderAt = reminder && Date.parse(reminder.dueAt) + AFTER;
  if (reminderAt !== undefined && reminderAt <= ctx.horizon) {
    for (const person of people) if (!run.applied.has(person.index)) run.awaitingReminder.add(person.index);
    runtime.clock.jumpTo(new Date(reminderAt));
    run.remindedAt = runtime.clock.now().toISOString();
    await runtime.tick();
    const late = people.filter((person) => person.behaviour === 'after-reminder');
    progress(`clock at the reminder (${run.remindedAt}): ${late.length} people apply from it`);
    await act(late, 'intake-reminder', run.appliedAfterReminder);
  }

  const closeAt = Date.parse(cohort.intakeClosesAt) + AFTER;
  if (closeAt <= ctx.horizon) {
    runtime.clock.jumpTo(new Date(closeAt));
    run.closedAt = runtime.clock.now().toISOString();
    await runtime.tick();
    const tooLate = people.filter((person) => person.behaviour === 'after-close');
    progress(`clock past close (${run.closedAt}): ${tooLate.length} people come back too late`);
    const mail = mailByRecipient(
      await readInbox(runtime.sesUrl),
      tooLate.map((person) => person.email),
    );
    await forEachLimited(tooLate, CONCURRENT_PEOPLE, async (person) => {
      const link = mail
        .get(person.email.toLowerCase())
        ?.map(applyLink)
        .find((found) => found !== undefined);
      if (!link) {
        problems.push(`person ${person.index}: no email with an application link to come back with`);
        return;
      }
      problems.push(...(await tryAfterClose(person, link)).problems);
    });
  } else if (ctx.horizon < Number.POSITIVE_INFINITY) {
    // `--weeks` ends the run before the next stage: the clock still runs to its bound.
    runtime.clock.jumpTo(new Date(Math.max(ctx.horizon, runtime.clock.nowMs())));
    await runtime.tick();
    progress(`clock stopped at ${runtime.clock.now().toISOString()} (--weeks)`);
  }
  run.clockTo = runtime.clock.now().toISOString();

  checks.check(
    'every page answered as a person expects',
    problems.length === 0,
    problems.length === 0 ? 'all links, forms and answers behaved' : problems.slice(0, 5).join('; '),
  );
  return run;
}

async function importPeople(
  client: ApiClient,
  cohortId: string,
  importId: string,
  people: readonly SimulatedPerson[],
  emailOf?: (person: SimulatedPerson) => string,
): Promise<ImportOutcome> {
  const reply = await client.request<ImportOutcome>('POST', apiPath`/cohorts/${cohortId}/imports`, {
    body: { importId, csv: applicantCsv(people, emailOf) },
    accept: [422],
  });
  return reply.body;
}

/** `YYYY-MM-DD` of an instant in the cohort's zone: the form coordinators type dates in. */
function localDate(instant: number): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: COHORT_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(instant));
}

import type { Cohort } from '#shared/domain/cohort.ts';
import { ConflictError } from '#shared/domain/errors.ts';
import { countIntake } from '#shared/domain/intake-counts.ts';
import type { Milestone } from '#shared/domain/milestone.ts';
import type { Participant } from '#shared/domain/participant.ts';
import type { Program } from '#shared/domain/program.ts';
import { IntakeClosed } from '#shared/events/intake-closed.ts';
import { IntakeOpened } from '#shared/events/intake-opened.ts';
import type { SendJob } from '#shared/ports/send-queue.ts';
import { intakeWindow } from './apply.ts';
import type { Deps } from './deps.ts';
import { composeIntakeEmail } from './intake-emails.ts';

interface IntakeJobReport {
  opened: number;
  closed: number;
  invitationsQueued: number;
  remindersQueued: number;
  summariesQueued: number;
}

type JobDeps = Pick<
  Deps,
  | 'clock'
  | 'dueWork'
  | 'cohorts'
  | 'programs'
  | 'participants'
  | 'sendQueue'
  | 'events'
  | 'signingKey'
  | 'publicBaseUrl'
>;

/**
 * The intake job reconciles: it asks the due index what is due by now and does each thing
 * idempotently, marking it done last. A run that dies half-way is repaired by the next one, and
 * runs that were missed are caught up in date order (open, then remind, then close).
 *
 * Primary course, for each due item:
 * 1. `intake-opens`: move the cohort draft → intake_open; publish `IntakeOpened`.
 * 2. invitation: queue the invitation email (once per person: the sender's send key), clear it.
 * 3. `intake-reminder`: queue one reminder to each invitee who has not applied.
 * 4. `intake-closes`: move intake_open → intake_closed; publish `IntakeClosed`; queue the
 *    coordinator's summary.
 * Each step queues or publishes *before* it marks itself done, so a crash repeats the step
 * rather than skipping it; the send keys and conditional transitions make the repeat harmless.
 */
export async function runIntakeJob(deps: JobDeps): Promise<IntakeJobReport> {
  const now = deps.clock.now();
  const report: IntakeJobReport = {
    opened: 0,
    closed: 0,
    invitationsQueued: 0,
    remindersQueued: 0,
    summariesQueued: 0,
  };
  const cohorts = new Map<string, Cohort | undefined>();
  const programs = new Map<string, Program | undefined>();
  const programOf = async (programId: string) => {
    if (!programs.has(programId)) programs.set(programId, await deps.programs.get(programId));
    return programs.get(programId);
  };
  const cohortOf = async (cohortId: string) => {
    if (!cohorts.has(cohortId)) cohorts.set(cohortId, await deps.cohorts.get(cohortId));
    return cohorts.get(cohortId);
  };
  /** Moves the cohort forward; if another run got there first, carries on from what it stored. */
  const advance = async (cohort: Cohort, to: Cohort['state']): Promise<Cohort> => {
    try {
      const moved = await deps.cohorts.transition(cohort, to);
      cohorts.set(cohort.cohortId, moved);
      if (to === 'intake_open') report.opened += 1;
      if (to === 'intake_closed') report.closed += 1;
      return moved;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      cohorts.delete(cohort.cohortId);
      const current = await cohortOf(cohort.cohortId);
      if (!current) throw error;
      return current;
    }
  };
  const openIfDue = async (cohort: Cohort): Promise<Cohort> => {
    if (cohort.state !== 'draft' || Date.parse(cohort.intakeOpensAt) > now.getTime()) return cohort;
    const opened = await advance(cohort, 'intake_open');
    await deps.events.publish([
      IntakeOpened.create(
        { programId: cohort.programId, cohortId: cohort.cohortId },
        now,
        `IntakeOpened:${cohort.cohortId}`,
      ),
    ]);
    return opened;
  };

  let invitations: { participant: Participant; dueAt: string; job: SendJob }[] = [];
  const flushInvitations = async () => {
    if (invitations.length === 0) return;
    await deps.sendQueue.enqueue(invitations.map((i) => i.job));
    await Promise.all(invitations.map((i) => deps.participants.clearInvitationDue(i.participant, i.dueAt)));
    report.invitationsQueued += invitations.length;
    invitations = [];
  };

  for await (const item of deps.dueWork.due('intake', now)) {
    if (item.type === 'invitation') {
      const { participant } = item;
      const stored = await cohortOf(participant.cohortId);
      const cohort = stored && (await openIfDue(stored));
      if (cohort?.state === 'draft') continue;
      const program = cohort && (await programOf(cohort.programId));
      // Only while intake is open by date as well as by state: a run catching up after the
      // closing date must not invite people to a form that is already closed.
      if (cohort && program && intakeWindow(cohort, now) === 'open') {
        const kind = participant.source === 'open-link' ? 'application-link' : 'invitation';
        const email = await composeIntakeEmail(deps, kind, { program, cohort, participant });
        invitations.push({ participant, dueAt: item.dueAt, job: email });
        if (invitations.length >= 100) await flushInvitations();
      } else {
        await deps.participants.clearInvitationDue(participant, item.dueAt);
      }
      continue;
    }
    await flushInvitations();
    await runMilestone(item.milestone);
  }
  await flushInvitations();
  return report;

  async function runMilestone(milestone: Milestone): Promise<void> {
    const stored = await cohortOf(milestone.cohortId);
    if (!stored) {
      await deps.cohorts.markMilestoneDone(milestone, now);
      return;
    }
    const cohort = await openIfDue(stored);
    const program = await programOf(cohort.programId);
    if (milestone.kind === 'intake-reminder' && intakeWindow(cohort, now) === 'open' && program) {
      const reminders: SendJob[] = [];
      for await (const participant of deps.participants.all(cohort.cohortId)) {
        if (participant.status !== 'invited') continue;
        reminders.push(await composeIntakeEmail(deps, 'intake-reminder', { program, cohort, participant }));
      }
      await deps.sendQueue.enqueue(reminders);
      report.remindersQueued += reminders.length;
    }
    if (milestone.kind === 'intake-closes') {
      const closed = cohort.state === 'intake_open' ? await advance(cohort, 'intake_closed') : cohort;
      if (closed.state === 'intake_closed' && program) {
        const participants: Participant[] = [];
        for await (const participant of deps.participants.all(cohort.cohortId))
          participants.push(participant);
        const counts = countIntake(participants);
        await deps.events.publish([
          IntakeClosed.create(
            {
              programId: cohort.programId,
              cohortId: cohort.cohortId,
              applications: counts.byStatus.applied + counts.byStatus.approved,
              invitedWithoutApplication: counts.byStatus.invited,
            },
            now,
            `IntakeClosed:${cohort.cohortId}`,
          ),
        ]);
        const summaries = await Promise.all(
          program.coordinatorEmails.map((to, index) =>
            composeIntakeEmail(deps, 'intake-summary', { program, cohort: closed, counts, to, index }),
          ),
        );
        await deps.sendQueue.enqueue(summaries);
        report.summariesQueued += summaries.length;
      }
    }
    await deps.cohorts.markMilestoneDone(milestone, now);
  }
}

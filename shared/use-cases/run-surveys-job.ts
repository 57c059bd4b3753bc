import type { Cohort, CohortState } from '#shared/domain/cohort.ts';
import { ConflictError } from '#shared/domain/errors.ts';
import type { Milestone } from '#shared/domain/milestone.ts';
import type { Program } from '#shared/domain/program.ts';
import { dueReminderDays, nextStep, type SurveyRequest } from '#shared/domain/survey-request.ts';
import { DEFAULT_SURVEY_SETTINGS } from '#shared/domain/survey-settings.ts';
import { CohortClosed } from '#shared/events/cohort-closed.ts';
import type { SendJob } from '#shared/ports/send-queue.ts';
import { computeReport } from './cohort-report.ts';
import type { Deps } from './deps.ts';
import { milestoneRequestId, newSurveyRequest, surveyRequestedEvent } from './request-survey.ts';
import { currentDefinition, definitionOf, surveyEmailJob, surveyPeople } from './survey-people.ts';

interface SurveysJobReport {
  requested: number;
  sent: number;
  reminded: number;
  closed: number;
  cohortsClosed: number;
}

type JobDeps = Pick<
  Deps,
  | 'clock'
  | 'suppressions'
  | 'dueWork'
  | 'cohorts'
  | 'programs'
  | 'participants'
  | 'matches'
  | 'surveys'
  | 'sendQueue'
  | 'events'
  | 'signingKey'
  | 'publicBaseUrl'
>;

/** Which survey each scheduled milestone sends. */
const MILESTONE_SURVEYS: Partial<Record<Milestone['kind'], string>> = {
  'baseline-survey': 'intake-baseline',
  'midpoint-survey': 'midpoint',
  'end-survey': 'end-of-program',
};

/** Surveys go to cohorts whose matches were approved; before that there is nobody to ask about them. */
const SURVEYED: readonly CohortState[] = ['matched', 'running', 'surveying'];
const DAY = 24 * 3600_000;
const ENQUEUE_BATCH = 100;

/**
 * The surveys job reconciles, like the intake job: it does everything the due index says is due
 * by now, each step idempotently, and records the step last. `requestIds` (from `SurveyRequested`)
 * are done first, read straight from the table, so an admin's survey goes out in this run even
 * before the index has caught up. `matchesApprovedIn` (from `MatchesApproved`) first creates that
 * cohort's baseline survey and sends it in this run too.
 *
 * Primary course, for each due item:
 * 1. A survey milestone: move the cohort on (midpoint: matched → running; end: → surveying),
 *    create the survey's request (one per cohort and survey), send it.
 * 2. A request's `send` step: queue one email per person in the audience, then mark it open.
 * 3. A `remind` step: queue a reminder to each person who has not submitted, then record the day.
 * 4. The `close` step: close the request. The end-of-program request also closes the cohort: every
 *    other open request, the cohort (→ closed), the report kept, personal data given its time to
 *    live, `CohortClosed`. Only then is the request marked closed, so a crash repeats the close.
 * Queuing comes before recording, so a crash repeats a step rather than skipping it; send keys and
 * revision checks make the repeat harmless.
 */
export async function runSurveysJob(
  deps: JobDeps,
  options: { requestIds?: readonly string[]; matchesApprovedIn?: string } = {},
): Promise<SurveysJobReport> {
  const now = deps.clock.now();
  const report: SurveysJobReport = { requested: 0, sent: 0, reminded: 0, closed: 0, cohortsClosed: 0 };

  const requestIds = [...(options.requestIds ?? [])];
  if (options.matchesApprovedIn) {
    const baseline = await requestBaselineSurvey(deps, options.matchesApprovedIn, now);
    if (baseline) requestIds.push(baseline.requestId);
  }
  for (const requestId of requestIds) {
    const request = await deps.surveys.getRequest(requestId);
    if (request) await runStep(request);
  }
  for await (const item of deps.dueWork.dueForSurveys(now)) {
    if (item.type === 'milestone') await runMilestone(item.milestone);
    else await runStep(item.request);
  }
  return report;

  async function runMilestone(milestone: Milestone): Promise<void> {
    const surveyId = MILESTONE_SURVEYS[milestone.kind];
    let cohort = await deps.cohorts.get(milestone.cohortId);
    if (cohort && surveyId && SURVEYED.includes(cohort.state)) {
      if (milestone.kind !== 'baseline-survey') cohort = await advance(cohort, 'running');
      if (milestone.kind === 'end-survey') cohort = await advance(cohort, 'surveying');
      const request = await ensureMilestoneRequest(deps, cohort, surveyId, now);
      if (request.state === 'pending') report.requested += 1;
      await runStep(request);
    }
    await deps.cohorts.markMilestoneDone(milestone, now);
  }

  /** Moves the cohort forward to `to` if it is not there yet; a lost race carries on from what won. */
  async function advance(cohort: Cohort, to: 'running' | 'surveying' | 'closed'): Promise<Cohort> {
    const order: CohortState[] = ['matched', 'running', 'surveying', 'closed'];
    let current = cohort;
    while (order.indexOf(current.state) >= 0 && order.indexOf(current.state) < order.indexOf(to)) {
      const next = order[order.indexOf(current.state) + 1]!;
      try {
        current = await deps.cohorts.transition(current, next);
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        const fresh = await deps.cohorts.get(cohort.cohortId);
        if (!fresh) throw error;
        current = fresh;
      }
    }
    return current;
  }

  /** Does every step of the request that is due by now, in order (a late run catches up). */
  async function runStep(seen: SurveyRequest): Promise<void> {
    const due = (request: SurveyRequest) => {
      const step = nextStep(request);
      return step && Date.parse(step.at) <= now.getTime() ? step : undefined;
    };
    if (!due(seen)) return;
    // The index may lag behind the table: act on the request as stored.
    let request = await deps.surveys.getRequest(seen.requestId);
    const cohort = request && (await deps.cohorts.get(request.cohortId));
    const program = cohort && (await deps.programs.get(cohort.programId));
    try {
      for (let step = request && due(request); request && step; step = due(request)) {
        if (!cohort || !program) {
          request = await deps.surveys.updateRequest(request, {
            state: 'closed',
            closedAt: now.toISOString(),
          });
        } else if (step.kind === 'close') {
          if (request.closesCohort) await closeCohort(cohort, request);
          request = await deps.surveys.updateRequest(request, {
            state: 'closed',
            closedAt: now.toISOString(),
          });
          report.closed += 1;
        } else {
          request = await sendStep(cohort, program, request, step.kind);
        }
      }
    } catch (error) {
      // Another run did this step first; what it stored stands, and it carries on from there.
      if (!(error instanceof ConflictError)) throw error;
    }
  }

  async function sendStep(
    cohort: Cohort,
    program: Program,
    request: SurveyRequest,
    kind: 'send' | 'remind',
  ): Promise<SurveyRequest> {
    const definition = await definitionOf(deps, request);
    const people = await surveyPeople(deps, cohort, definition, request.audience);
    if (kind === 'send') {
      await enqueue(
        await Promise.all(
          people.map((person) => surveyEmailJob(deps, { program, cohort, request, definition, person })),
        ),
      );
      report.sent += people.length;
      return deps.surveys.updateRequest(request, {
        state: 'open',
        sentAt: now.toISOString(),
        invited: people.length,
      });
    }
    const { send, done } = dueReminderDays(request, now);
    if (send !== undefined) {
      const submitted = new Set(
        (await deps.surveys.responsesOf(request.requestId))
          .filter((r) => r.submittedAt)
          .map((r) => r.participantId),
      );
      const waiting = people.filter((p) => !submitted.has(p.participant.participantId));
      await enqueue(
        await Promise.all(
          waiting.map((person) =>
            surveyEmailJob(deps, { program, cohort, request, definition, person, reminderDay: send }),
          ),
        ),
      );
      report.reminded += waiting.length;
    }
    return deps.surveys.updateRequest(request, {
      remindersDone: [...request.remindersDone, ...done].sort((a, b) => a - b),
    });
  }

  async function enqueue(jobs: SendJob[]): Promise<void> {
    for (let i = 0; i < jobs.length; i += ENQUEUE_BATCH) {
      await deps.sendQueue.enqueue(jobs.slice(i, i + ENQUEUE_BATCH));
    }
  }

  /**
   * The end of the cohort. Every step can be repeated: the other requests close with revision
   * checks, the transition only moves forward, the report is the same report (answers can no
   * longer change), the time to live keeps its first date and the event has a fixed id.
   */
  async function closeCohort(cohort: Cohort, endRequest: SurveyRequest): Promise<void> {
    const requests = await deps.surveys.requestsOf(cohort.cohortId);
    for (const other of requests) {
      if (other.requestId === endRequest.requestId || other.state === 'closed') continue;
      try {
        await deps.surveys.updateRequest(other, { state: 'closed', closedAt: now.toISOString() });
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
      }
    }
    const closed = await advance(cohort, 'closed');
    if (closed.state !== 'closed') return;
    await deps.surveys.saveReport(cohort.cohortId, await computeReport(deps, closed));
    const retentionDays = (cohort.surveys ?? DEFAULT_SURVEY_SETTINGS).retentionDays;
    const expiresAt = new Date(now.getTime() + retentionDays * DAY);
    await deps.surveys.expirePersonalData(
      cohort.cohortId,
      requests.map((r) => r.requestId),
      expiresAt,
    );
    await deps.events.publish([
      CohortClosed.create(
        {
          programId: cohort.programId,
          cohortId: cohort.cohortId,
          closedAt: now.toISOString(),
          personalDataExpiresAt: expiresAt.toISOString(),
        },
        now,
        `CohortClosed:${cohort.cohortId}`,
      ),
    ]);
    report.cohortsClosed += 1;
  }
}

/**
 * The request a milestone (or the approval of matches, for the baseline) sends: one per cohort
 * and survey, created on first need and found again after that.
 */
async function ensureMilestoneRequest(
  deps: Pick<Deps, 'surveys' | 'events'>,
  cohort: Cohort,
  surveyId: string,
  now: Date,
): Promise<SurveyRequest> {
  const requestId = milestoneRequestId(cohort.cohortId, surveyId);
  const existing = await deps.surveys.getRequest(requestId);
  if (existing) return existing;
  const definition = await currentDefinition(deps, cohort.programId, surveyId);
  const request = await deps.surveys.createRequest(
    newSurveyRequest(
      cohort,
      definition,
      { requestId, audience: 'everyone', trigger: 'milestone', closesCohort: surveyId === 'end-of-program' },
      now,
    ),
  );
  await deps.events.publish([surveyRequestedEvent(request, now)]);
  return request;
}

/**
 * Matches were approved: the baseline survey goes out now, before the program starts, so it
 * measures where people start from. Its milestone at the program's start is the fallback if this
 * event is lost; both find the same request.
 */
async function requestBaselineSurvey(
  deps: Pick<Deps, 'cohorts' | 'surveys' | 'events'>,
  cohortId: string,
  now: Date,
): Promise<SurveyRequest | undefined> {
  const cohort = await deps.cohorts.get(cohortId);
  if (!cohort || !SURVEYED.includes(cohort.state)) return undefined;
  return ensureMilestoneRequest(deps, cohort, 'intake-baseline', now);
}

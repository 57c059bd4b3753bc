import type { LocalRuntime } from '#infra/local/runtime.ts';
import type { SentEmail } from '#infra/local/ses-feedback.ts';
import { parseCsv } from '#shared/domain/applicant-import/csv.ts';
import type { Cohort } from '#shared/domain/cohort.ts';
import type { Milestone } from '#shared/domain/milestone.ts';
import type { SurveyRequest } from '#shared/domain/survey-request.ts';
import type { CohortReport } from '#shared/domain/surveys/report.ts';
import type { SurveyProgress } from '#shared/use-cases/program-surveys.ts';
import { ApiClient, apiPath } from '../api-client.ts';
import { type Checks, forEachLimited } from './checks.ts';
import { readInbox } from './inbox.ts';
import type { SimulatedPerson } from './people.ts';
import type { Random } from './prng.ts';

interface StageContext {
  runtime: LocalRuntime;
  /** Acts as the run's coordinator. */
  client: ApiClient;
  checks: Checks;
  /** The simulated instant the clock may not pass. */
  horizon: number;
  progress(line: string): void;
}

/** What `simulate --json` reports about surveys: counts only. */
export interface SurveyFindings {
  requests: number;
  invitations: number;
  reminders: number;
  submitted: number;
  /** People who saved some answers and never pressed Submit. */
  partial: number;
  cohortClosed: boolean;
  /** People counted in the final report, or null when it was withheld (fewer than 5). */
  reportRespondents: number | null;
}

/** How a simulated person treats every survey: the seed decides, the same for each request. */
type SurveyHabit = 'never' | 'partial' | 'prompt' | 'after-reminder';

const MINUTE = 60_000;
const DAY = 24 * 3600_000;
/** Enough steps for three scheduled surveys, their reminders and closes, and an admin's survey. */
const MAX_STEPS = 40;

/**
 * Surveys and the final report, as the people and an admin live them, checked from outside:
 * 1. Approval sent the baseline survey; an admin triggers a survey for supporters, which must be
 *    in their inboxes at once (no tick).
 * 2. The clock jumps from one due date to the next (reminders, the midpoint and end milestones,
 *    closes); after each, people act on new survey mail by habit: some never answer, some save a
 *    part and stop, some submit at once, some only after a reminder.
 * 3. Checks: each person got each survey once and at most one reminder per reminder day, nobody
 *    who had submitted was reminded, the cohort closed after the end survey, and the report's
 *    HTML, CSV and JSON agree and show no group under 5.
 */
export async function runSurveyStage(
  ctx: StageContext,
  setup: { cohortId: string; people: readonly SimulatedPerson[]; random: Random },
): Promise<SurveyFindings> {
  const { runtime, client, checks, progress } = ctx;
  const { cohortId } = setup;
  const habits = new Map(
    setup.people.map((person) => [person.email.toLowerCase(), habitOf(setup.random)] as const),
  );
  const handled = new Set<string>();
  /** Request and person → the reminders they had received when they submitted. */
  const submittedAt = new Map<string, number>();
  let partial = 0;

  await runtime.tick();
  const admin = new ApiClient({
    apiUrl: runtime.apiUrl,
    token: runtime.issueToken({ sub: `simulated-admin-${cohortId}`, groups: ['admins'] }),
  });
  progress('an admin sends the midpoint survey to supporters now');
  const triggered = await admin.post<{ request: SurveyRequest; invited: number }>(
    apiPath`/cohorts/${cohortId}/surveys`,
    { surveyId: 'midpoint', audience: 'supporters' },
    { create: true },
  );
  await runtime.drain();
  const atOnce = surveyMail(await readInbox(runtime.sesUrl), habits).filter(
    (m) => m.requestId === triggered.request.requestId && !m.reminder,
  );
  checks.check(
    'an admin-triggered survey arrives at once',
    atOnce.length === triggered.invited && triggered.invited > 0,
    `${atOnce.length} of ${triggered.invited} emails without waiting for a tick`,
  );

  for (let step = 0; step < MAX_STEPS; step += 1) {
    await answerNewMail();
    const { cohort, milestones } = await client.get<{ cohort: Cohort; milestones: Milestone[] }>(
      apiPath`/cohorts/${cohortId}`,
    );
    if (cohort.state === 'closed') break;
    const { surveys } = await client.get<{ surveys: SurveyProgress[] }>(
      apiPath`/cohorts/${cohortId}/surveys`,
    );
    const now = runtime.clock.nowMs();
    const next = Math.min(
      ...[
        ...milestones.filter((m) => !m.doneAt).map((m) => Date.parse(m.dueAt)),
        ...surveys.flatMap(({ request }) =>
          request.state === 'closed'
            ? []
            : [
                ...request.reminderDays.map((d) => Date.parse(request.sendAt) + d * DAY),
                Date.parse(request.closesAt),
              ],
        ),
      ].filter((t) => t > now),
    );
    if (!Number.isFinite(next) || next + MINUTE > ctx.horizon) break;
    runtime.clock.jumpTo(new Date(next + MINUTE));
    await runtime.tick();
  }
  await answerNewMail();

  progress('reading back the surveys, the inbox and the report');
  const { cohort } = await client.get<{ cohort: Cohort }>(apiPath`/cohorts/${cohortId}`);
  const { surveys } = await client.get<{ surveys: SurveyProgress[] }>(apiPath`/cohorts/${cohortId}/surveys`);
  const mail = surveyMail(await readInbox(runtime.sesUrl), habits);
  checkSending(checks, surveys, mail, submittedAt);
  const reportRespondents = await checkReport(ctx, cohortId);
  const cohortClosed = cohort.state === 'closed';
  if (ctx.horizon === Number.POSITIVE_INFINITY) {
    checks.check('the cohort closes after the end survey closes', cohortClosed, `cohort is ${cohort.state}`);
  }
  return {
    requests: surveys.length,
    invitations: mail.filter((m) => !m.reminder).length,
    reminders: mail.filter((m) => m.reminder).length,
    submitted: surveys.reduce((sum, s) => sum + s.submitted, 0),
    partial,
    cohortClosed,
    reportRespondents,
  };

  /** Each person acts on each survey once: on its first email, or (late answerers) on a reminder. */
  async function answerNewMail(): Promise<void> {
    const fresh = surveyMail(await readInbox(runtime.sesUrl), habits).filter((m) => {
      const habit = habits.get(m.to);
      const key = `${m.requestId}:${m.to}`;
      if (handled.has(key) || habit === 'never') return false;
      return habit === 'after-reminder' ? m.reminder : !m.reminder;
    });
    const inbox = surveyMail(await readInbox(runtime.sesUrl), habits);
    const remindersOf = (m: SurveyMail) =>
      inbox.filter((r) => r.reminder && r.requestId === m.requestId && r.participantId === m.participantId)
        .length;
    await forEachLimited(fresh, 8, async (m) => {
      const key = `${m.requestId}:${m.to}`;
      if (handled.has(key)) return;
      handled.add(key);
      const habit = habits.get(m.to);
      const submit = habit !== 'partial';
      if (await answer(m.link, submit)) {
        if (submit) submittedAt.set(`${m.requestId}:${m.participantId}`, remindersOf(m));
        else partial += 1;
      }
    });
  }

  /** Opens the link with the first one-click answer, fills the form (all or only the first question), posts it. */
  async function answer(link: string, submit: boolean): Promise<boolean> {
    const page = await fetch(`${link}?answer=${setup.random.int(3, 5)}`);
    if (page.status !== 200) return false;
    const form = formOf(await page.text());
    const body = new URLSearchParams();
    const groups = [...form.choices.entries()];
    for (const [index, [name, { values, checked }]] of groups.entries()) {
      if (!submit && index > 0) break;
      body.append(name, checked ?? values[setup.random.int(0, values.length - 1)]!);
    }
    if (submit && form.textareas[0]) body.append(form.textareas[0], 'It helped me speak up in meetings.');
    body.append('intent', submit ? 'submit' : 'save');
    const saved = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
    return saved.status === 200;
  }
}

function habitOf(random: Random): SurveyHabit {
  const roll = random.next();
  if (roll < 0.2) return 'never';
  if (roll < 0.4) return 'partial';
  if (roll < 0.55) return 'after-reminder';
  return 'prompt';
}

interface SurveyMail {
  messageId: string;
  to: string;
  requestId: string;
  participantId: string;
  reminder: boolean;
  link: string;
}

/**
 * Survey emails to this run's people, read by their link: `/survey/<token>`, whose token names
 * the person and the request in the clear (`v1.survey.<person>.<request>.<expiry>.<mac>`).
 */
function surveyMail(emails: readonly SentEmail[], people: ReadonlyMap<string, unknown>): SurveyMail[] {
  return emails.flatMap((email) => {
    const to = email.destination.to[0]?.toLowerCase() ?? '';
    const link = /https?:\/\/[^\s"'<>?]+\/survey\/[A-Za-z0-9._-]+/.exec(email.body.text ?? '')?.[0];
    if (!people.has(to) || !link) return [];
    const [, , participantId, requestId] = link.slice(link.lastIndexOf('/') + 1).split('.');
    if (!participantId || !requestId) return [];
    return [
      {
        messageId: email.messageId,
        to,
        requestId,
        participantId,
        reminder: email.subject.startsWith('Reminder: '),
        link,
      },
    ];
  });
}

function checkSending(
  checks: Checks,
  surveys: readonly SurveyProgress[],
  mail: readonly SurveyMail[],
  submittedAt: ReadonlyMap<string, number>,
): void {
  const count = (items: readonly SurveyMail[]) => {
    const counts = new Map<string, number>();
    for (const m of items)
      counts.set(
        `${m.requestId}:${m.participantId}`,
        (counts.get(`${m.requestId}:${m.participantId}`) ?? 0) + 1,
      );
    return counts;
  };
  const invitations = count(mail.filter((m) => !m.reminder));
  const reminders = count(mail.filter((m) => m.reminder));
  const problems: string[] = [];
  for (const { request } of surveys) {
    const sent = [...invitations].filter(([key]) => key.startsWith(`${request.requestId}:`));
    if (sent.length !== (request.invited ?? 0))
      problems.push(`${request.surveyId}: ${sent.length} people emailed, ${request.invited} invited`);
    for (const [key, n] of sent) if (n !== 1) problems.push(`${key}: ${n} emails`);
    for (const [key, n] of reminders) {
      if (key.startsWith(`${request.requestId}:`) && n > request.reminderDays.length)
        problems.push(`${key}: ${n} reminders`);
    }
  }
  checks.check(
    'every survey email went out exactly once per person and request, reminders at most once a day',
    problems.length === 0,
    problems.length === 0 ? `${mail.length} survey emails` : problems.slice(0, 5).join('; '),
  );
  // After submitting, a person hears no more about that survey: the reminders they had then are all they get.
  const nagged = [...submittedAt].filter(([key, before]) => (reminders.get(key) ?? 0) > before);
  checks.check(
    'nobody who had submitted was reminded',
    nagged.length === 0,
    `${nagged.length} reminded after submitting`,
  );
}

/** The report in its three formats: the same numbers, and no figure for a group under 5. */
async function checkReport(ctx: StageContext, cohortId: string): Promise<number | null> {
  const path = apiPath`/cohorts/${cohortId}/report`;
  const json = await ctx.client.get<CohortReport>(path, { query: { format: 'json' } });
  const csv = await ctx.client.get<string>(path, { query: { format: 'csv' } });
  const html = await ctx.client.get<string>(path, { query: { format: 'html' } });
  const rows = parseCsv(csv).map((r) => r.cells);
  const header = rows[0] ?? [];
  const cell = (row: readonly string[], column: string) => row[header.indexOf(column)] ?? '';
  const csvRespondents = rows.find(
    (r) => cell(r, 'section') === 'summary' && cell(r, 'statistic') === 'respondents',
  );
  const problems: string[] = [];
  if (json.suppressed) {
    if (csvRespondents && cell(csvRespondents, 'value') !== '')
      problems.push('CSV shows respondents the JSON withholds');
  } else {
    if (cell(csvRespondents ?? [], 'value') !== String(json.respondents))
      problems.push('respondents differ in CSV');
    if (!html.includes(`${json.respondents} people answered at least one survey.`))
      problems.push('respondents differ in HTML');
    const htmlResponded = [...html.matchAll(/data-statistic="responded">(\d+)</g)].map((m) => Number(m[1]));
    const jsonResponded = json.rounds.filter((r) => !r.suppressed).map((r) => r.responded);
    if (JSON.stringify(htmlResponded) !== JSON.stringify(jsonResponded))
      problems.push('responses per survey differ in HTML');
    const csvResponded = rows
      .filter((r) => cell(r, 'statistic') === 'responded' && cell(r, 'value') !== '')
      .map((r) => Number(cell(r, 'value')));
    if (JSON.stringify(csvResponded) !== JSON.stringify(jsonResponded))
      problems.push('responses per survey differ in CSV');
  }
  ctx.checks.check(
    'the report’s HTML, CSV and JSON agree',
    problems.length === 0,
    problems.join('; ') || 'same figures',
  );
  const small = smallGroups(json);
  ctx.checks.check(
    'no report figure stands for fewer than 5 people',
    small.length === 0,
    small.slice(0, 5).join('; ') || 'none',
  );
  return json.suppressed ? null : json.respondents;
}

/** Every count the report shows (n, answered, responded, pairs), wherever it is, must be at least 5. */
function smallGroups(value: unknown, path = 'report'): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => smallGroups(item, `${path}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  const found: string[] = [];
  for (const [key, inner] of Object.entries(value)) {
    if (
      ['n', 'answered', 'responded', 'pairs', 'respondents'].includes(key) &&
      typeof inner === 'number' &&
      inner < 5
    ) {
      found.push(`${path}.${key} = ${inner}`);
    }
    found.push(...smallGroups(inner, `${path}.${key}`));
  }
  return found;
}

const decodeEntities = (text: string) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The survey form as a person sees it: each group of options (with the one already chosen) and each text box. */
function formOf(page: string): {
  choices: Map<string, { values: string[]; checked?: string }>;
  textareas: string[];
} {
  const choices = new Map<string, { values: string[]; checked?: string }>();
  for (const [, name, value, checked] of page.matchAll(
    /<input type="(?:radio|checkbox)" id="[^"]*" name="([^"]+)" value="([^"]*)"( checked)?/g,
  )) {
    const group = choices.get(name!) ?? { values: [] };
    group.values.push(decodeEntities(value!));
    if (checked) group.checked = decodeEntities(value!);
    choices.set(name!, group);
  }
  const textareas = [...page.matchAll(/<textarea id="[^"]*" name="([^"]+)"/g)].map((m) => m[1]!);
  return { choices, textareas };
}

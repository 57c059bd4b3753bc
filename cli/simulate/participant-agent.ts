import { fieldNames, YES } from '#shared/web/application-form.ts';
import type { FormAnswers, SimulatedPerson } from './people.ts';
import { QUESTION_IDS } from './simulated-program.ts';

/**
 * A simulated person at their browser: they open the link from their email, read the form the
 * page shows, and send it as a browser would (URL-encoded, field names from `fieldNames`). Each
 * page they meet is checked; anything a real person would find wrong is returned as a problem.
 */
interface Visit {
  /** Whether the application ended up sent (a 200 "saved" page for the final POST). */
  applied: boolean;
  problems: string[];
  requests: number;
}

interface Page {
  status: number;
  html: string;
}

async function fetchPage(url: string, init: RequestInit = {}): Promise<Page> {
  const response = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(35_000) });
  return { status: response.status, html: await response.text() };
}

const hasForm = (page: Page) => /<form method="post" action="[^"]*\/apply\/[^"]+"/.test(page.html);
const savedPage = (page: Page) =>
  page.status === 200 && /<h1>(Thank you for applying|Your changes are saved)<\/h1>/.test(page.html);

/** The form's action, resolved against the page's address, as a browser does. */
function formAction(page: Page, pageUrl: string): string | undefined {
  const action = /<form method="post" action="([^"]+)"/.exec(page.html)?.[1];
  return action && new URL(action.replaceAll('&amp;', '&'), pageUrl).href;
}

/** The body a browser sends for these answers; `withConsent: false` leaves the consent box unticked. */
export function formBody(answers: FormAnswers, options: { withConsent: boolean }): string {
  const body = new URLSearchParams();
  const put = (name: string, value: string | undefined) => {
    if (value !== undefined) body.append(name, value);
  };
  put(fieldNames.name, answers.name);
  for (const role of answers.seeks) put(fieldNames.seeks, role);
  for (const offer of answers.offers) put(fieldNames.offers, offer.role);
  for (const offer of answers.offers) put(fieldNames.capacity(offer.role), String(offer.capacity));
  if (answers.hasInfluence) put(fieldNames.hasInfluence, YES);
  put(fieldNames.seniority, answers.seniority);
  put(fieldNames.jobFunction, answers.jobFunction);
  put(fieldNames.industry, answers.industry);
  put(fieldNames.goals, answers.goals.join(', '));
  put(fieldNames.skills, answers.skills.join(', '));
  put(fieldNames.managerEmail, answers.managerEmail ?? '');
  put(fieldNames.timeZone, answers.timeZone);
  // Browsers send a textarea's line breaks as CRLF.
  put(fieldNames.answer(QUESTION_IDS.hope), answers.hope.replace(/\n/g, '\r\n'));
  put(fieldNames.answer(QUESTION_IDS.meetingFormat), answers.meetingFormat);
  for (const language of answers.languages) put(fieldNames.answer(QUESTION_IDS.languages), language);
  if (answers.circle !== undefined)
    put(fieldNames.answer(QUESTION_IDS.circle), answers.circle ? 'yes' : 'no');
  if (answers.identity) {
    put(fieldNames.identityConsent, YES);
    if (answers.identity.useForMatching) put(fieldNames.identityForMatching, YES);
    for (const [field, value] of Object.entries(answers.identity.fields)) {
      put(fieldNames.identity(field as keyof typeof answers.identity.fields), value);
    }
    put(fieldNames.matchPreference, answers.identity.matchPreference);
  }
  if (options.withConsent) put(fieldNames.programConsent, YES);
  return body.toString();
}

function post(url: string, body: string): Promise<Page> {
  return fetchPage(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
}

/** Opens the link and applies, with the person's quirks: a second look, a forgotten box, a double click. */
export async function applyThroughLink(person: SimulatedPerson, link: string): Promise<Visit> {
  const visit: Visit = { applied: false, problems: [], requests: 0 };
  const problem = (text: string) => visit.problems.push(`person ${person.index}: ${text}`);

  const looks = person.quirks.opensTwice ? 2 : 1;
  let page: Page | undefined;
  for (let look = 0; look < looks; look += 1) {
    page = await fetchPage(link);
    visit.requests += 1;
    if (page.status !== 200 || !hasForm(page)) {
      problem(`opening the application link gave HTTP ${page.status} without the form`);
      return visit;
    }
  }
  const action = page && formAction(page, link);
  if (!action) {
    problem('the application page has no form to send');
    return visit;
  }

  if (person.quirks.forgetsConsentFirst) {
    const refused = await post(action, formBody(person.answers, { withConsent: false }));
    visit.requests += 1;
    const namesConsent = /class="error-summary"[\s\S]*Consent/.test(refused.html);
    if (refused.status !== 400 || !namesConsent) {
      problem(
        `sending without consent gave HTTP ${refused.status}, not the form with an error naming consent`,
      );
    }
  }

  const body = formBody(person.answers, { withConsent: true });
  const sends = person.quirks.doubleSubmits ? [post(action, body), post(action, body)] : [post(action, body)];
  const answers = await Promise.all(sends);
  visit.requests += answers.length;
  for (const answer of answers) {
    if (!savedPage(answer)) problem(`sending the application gave HTTP ${answer.status}, not the saved page`);
  }
  visit.applied = answers.some(savedPage);
  return visit;
}

/** Someone who comes back after intake closed: the page and a send must both say it has closed. */
export async function tryAfterClose(person: SimulatedPerson, link: string): Promise<Visit> {
  const visit: Visit = { applied: false, problems: [], requests: 2 };
  const closedPage = (page: Page) => page.status === 410 && page.html.includes('Applications have closed');
  const opened = await fetchPage(link);
  if (!closedPage(opened)) {
    visit.problems.push(
      `person ${person.index}: opening the link after close gave HTTP ${opened.status}, not "closed"`,
    );
  }
  const sent = await post(link, formBody(person.answers, { withConsent: true }));
  if (!closedPage(sent)) {
    visit.problems.push(`person ${person.index}: sending after close gave HTTP ${sent.status}, not "closed"`);
  }
  return visit;
}

import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler } from '#functions/application-pages/handler.ts';
import { awsDeps } from '#shared/adapters/aws-deps.ts';
import { DynamoCohortStore } from '#shared/adapters/dynamodb/cohort-store.ts';
import { DynamoParticipantStore } from '#shared/adapters/dynamodb/participant-store.ts';
import { DynamoSuppressionList } from '#shared/adapters/dynamodb/suppression-list.ts';
import { signingKey } from '#shared/adapters/signing-key.ts';
import type { Cohort } from '#shared/domain/cohort.ts';
import { signLink } from '#shared/domain/link-token.ts';
import type { Participant } from '#shared/domain/participant.ts';
import { importApplicants } from '#shared/use-cases/import-applicants.ts';
import { applyUrl, openApplicationUrl, unsubscribeUrl } from '#shared/use-cases/participant-links.ts';
import { validApplicationForm } from '../../fixtures/application-form.ts';
import { utcDay } from '../../fixtures/cohorts.ts';
import { fixtureText } from '../../fixtures/load.ts';
import { useLocalRuntime } from '../../fixtures/runtime.ts';
import { cohortItems, depsAt, seedCohort, testDomain } from '../../fixtures/world.ts';
import { listSentEmails } from '../../support/aws-env.ts';
import { type ApiEventInput, apiEvent, formBody, lambdaContext } from '../../support/handler-events.ts';

const local = useLocalRuntime();
const participants = new DynamoParticipantStore();
const cohorts = new DynamoCohortStore();

interface Page {
  status: number;
  headers: Record<string, string>;
  html: string;
}

async function page(input: ApiEventInput): Promise<Page> {
  const reply = await handler(apiEvent(input), lambdaContext('mentorflow-application-pages'));
  return {
    status: reply.statusCode ?? 0,
    headers: (reply.headers ?? {}) as Record<string, string>,
    html: reply.body ?? '',
  };
}

const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);
const getApply = (token: string) => page({ routeKey: 'GET /apply/{token}', pathParameters: { token } });
const postApply = (token: string, fields: Record<string, string | string[]>) =>
  page({ routeKey: 'POST /apply/{token}', pathParameters: { token }, body: formBody(fields) });

/** A cohort whose intake is open now, with three invited people from an import. */
async function openCohort(options: { openApplication?: boolean } = {}) {
  const now = new Date();
  const seeded = await seedCohort({
    cohort: { intakeOpensOn: utcDay(now, 0), openApplication: options.openApplication ?? false },
  });
  const domain = testDomain();
  await importApplicants(depsAt(now), {
    cohortId: seeded.cohort.cohortId,
    importId: `imp-${randomUUID()}`,
    csv: fixtureText('applicants/small.csv', { domain }),
    dryRun: false,
    allowPartial: false,
  });
  const people: Participant[] = [];
  for await (const person of participants.all(seeded.cohort.cohortId)) people.push(person);
  people.sort((a, b) => a.name.localeCompare(b.name));
  return { ...seeded, domain, people: people as [Participant, Participant, Participant] };
}

async function applyTokenFor(cohort: Cohort, participant: Participant): Promise<string> {
  return tokenOf(await applyUrl(awsDeps, cohort, participant.participantId));
}

/** Closes intake by hand, after the intake job the import nudged has opened it (or not). */
async function closeIntake(cohortId: string): Promise<void> {
  await local.runtime.drain();
  let cohort = (await cohorts.get(cohortId))!;
  if (cohort.state === 'draft') cohort = await cohorts.transition(cohort, 'intake_open');
  await cohorts.transition(cohort, 'intake_closed');
}

function expectSafePageHeaders(answer: Page): void {
  expect(answer.headers).toMatchObject({
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
  });
  expect(answer.headers['content-security-policy']).toContain("default-src 'none'");
  expect(answer.headers['content-security-policy']).toContain("frame-ancestors 'none'");
}

let world: Awaited<ReturnType<typeof openCohort>>;
beforeAll(async () => {
  world = await openCohort();
});

describe('GET /apply/{token}', () => {
  it('shows the application form, pre-filled from the import, as a locked-down page', async () => {
    // Prepare
    const person = world.people[0];

    // Act
    const answer = await getApply(await applyTokenFor(world.cohort, person));

    // Assess
    expect(answer.status).toBe(200);
    expectSafePageHeaders(answer);
    expect(answer.html).toContain(`Apply to ${world.program.name}`);
    expect(answer.html).toMatch(/<form method="post" action="\/apply\/[^"]+"/);
    expect(answer.html).toContain(`value="${person.name}"`);
    expect(answer.html).not.toContain(world.people[1].name);
  });

  it('answers a tampered link with a friendly 400 page that says how to get a new one', async () => {
    // Prepare
    const token = await applyTokenFor(world.cohort, world.people[0]);
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;

    // Act
    const answer = await getApply(tampered);

    // Assess
    expect(answer.status).toBe(400);
    expectSafePageHeaders(answer);
    expect(answer.html).toContain('How to get a new link');
    expect(answer.html).not.toMatch(/LinkError|at .+\.ts:\d+|node_modules/);
    expect(answer.html).not.toContain(world.people[0].name);
  });

  it('answers a link for another person’s cohort as tampered, showing nothing of theirs', async () => {
    const secret = await signingKey.get();
    const forged = signLink(secret, {
      purpose: 'apply',
      subject: world.people[0].participantId,
      item: 'coh_someone_else',
      expiresAt: new Date(Date.now() + 3600_000),
    });

    const answer = await getApply(forged);

    expect(answer.status).toBe(400);
    expect(answer.html).toContain('How to get a new link');
  });

  it('says when intake opens to someone who comes early, without showing the form', async () => {
    // Prepare: intake opens in two days.
    const { cohort } = await seedCohort();
    await importApplicants(depsAt(new Date()), {
      cohortId: cohort.cohortId,
      importId: `imp-${randomUUID()}`,
      csv: fixtureText('applicants/small.csv', { domain: testDomain() }),
      dryRun: false,
      allowPartial: false,
    });
    const [person] = await participants.page(cohort.cohortId, { limit: 1 }).then((p) => p.participants);

    // Act
    const answer = await getApply(await applyTokenFor(cohort, person!));

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.html).toContain('Applications are not open yet');
    expect(answer.html).not.toContain('<form');
  });

  it('answers an expired link with 410', async () => {
    const secret = await signingKey.get();
    const expired = signLink(secret, {
      purpose: 'apply',
      subject: world.people[0].participantId,
      item: world.cohort.cohortId,
      expiresAt: new Date(Date.now() - 60_000),
    });

    const answer = await getApply(expired);

    expect(answer.status).toBe(410);
    expect(answer.html).toContain('This link has expired');
    expect(answer.html).toContain('How to get a new link');
  });
});

describe('POST /apply/{token}', () => {
  it('saves a valid application once and thanks the person', async () => {
    // Prepare
    const person = world.people[1];

    // Act
    const answer = await postApply(
      await applyTokenFor(world.cohort, person),
      validApplicationForm({ name: 'Ana Lima' }),
    );

    // Assess
    expect(answer.status).toBe(200);
    expectSafePageHeaders(answer);
    expect(answer.html).toContain('Thank you for applying');
    const stored = await participants.get(world.cohort.cohortId, person.participantId);
    expect(stored).toMatchObject({
      status: 'applied',
      name: 'Ana Lima',
      version: 2,
      application: {
        seeks: ['mentor'],
        offers: [{ role: 'coach', capacity: 2 }],
        goals: ['lead a team', 'public speaking'],
        seniority: 'mid_career',
        timeZone: 'Europe/Lisbon',
        answers: { hopes: 'A sponsor who opens doors' },
        agreedToProgramConsent: true,
      },
    });
  });

  it('stores one application when the form is sent twice at once', async () => {
    // Prepare
    const { cohort, people } = await openCohort();
    const person = people[2];
    const token = await applyTokenFor(cohort, person);

    // Act: a double click.
    const answers = await Promise.all([
      postApply(token, validApplicationForm()),
      postApply(token, validApplicationForm()),
    ]);

    // Assess
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    const stored = await participants.get(cohort.cohortId, person.participantId);
    expect(stored).toMatchObject({ status: 'applied', version: 3 });
    const items = await cohortItems(cohort.cohortId);
    expect(items.filter((item) => item.type === 'participant')).toHaveLength(3);
    expect(
      items.filter((item) => item.type === 'participant' && item.emailNormalised === person.emailNormalised),
    ).toHaveLength(1);
  });

  it('keeps the first submission time and says "changes saved" when someone applies again', async () => {
    // Prepare
    const { cohort, people } = await openCohort();
    const token = await applyTokenFor(cohort, people[0]);
    await postApply(token, validApplicationForm());
    const first = await participants.get(cohort.cohortId, people[0].participantId);

    // Act
    const answer = await postApply(token, validApplicationForm({ seniority: 'senior' }));

    // Assess
    expect(answer.html).toContain('Your changes are saved');
    const second = await participants.get(cohort.cohortId, people[0].participantId);
    expect(second?.application).toMatchObject({
      seniority: 'senior',
      submittedAt: first?.application?.submittedAt,
    });
  });

  it('shows the form again with 400, naming each field to fix, and stores nothing', async () => {
    // Prepare
    const { cohort, people } = await openCohort();

    // Act
    const answer = await postApply(
      await applyTokenFor(cohort, people[0]),
      validApplicationForm({ name: '', seniority: '', agreedToProgramConsent: [], skills: 'kept as typed' }),
    );

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.html).toContain('There is a problem with 3 answers');
    expect(answer.html).toContain('Your name is required');
    expect(answer.html).toContain('Your career stage is required');
    expect(answer.html).toContain('Consent: please read and accept how your answers are used');
    expect(answer.html).toContain('value="kept as typed"');
    expect(await participants.get(cohort.cohortId, people[0].participantId)).toEqual(people[0]);
  });

  it('escapes what people type: a name with <script> comes back as text', async () => {
    // Prepare
    const { cohort, people } = await openCohort();
    const token = await applyTokenFor(cohort, people[0]);
    const name = '<script>alert("x")</script> Ana';

    // Act
    const saved = await postApply(token, validApplicationForm({ name }));
    const form = await getApply(token);

    // Assess
    for (const answer of [saved, form]) {
      expect(answer.html).not.toContain('<script>');
      expect(answer.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Ana');
    }
    expect((await participants.get(cohort.cohortId, people[0].participantId))?.name).toBe(name);
  });

  it('answers 410 "applications have closed" once intake closed, and changes nothing', async () => {
    // Prepare
    const { cohort, people } = await openCohort();
    await closeIntake(cohort.cohortId);
    const before = await participants.get(cohort.cohortId, people[0].participantId);

    // Act
    const answer = await postApply(await applyTokenFor(cohort, people[0]), validApplicationForm());

    // Assess
    expect(answer.status).toBe(410);
    expect(answer.html).toContain('Applications have closed');
    expect(await participants.get(cohort.cohortId, people[0].participantId)).toEqual(before);
  });
});

describe('the open application link (/join)', () => {
  let open: Awaited<ReturnType<typeof openCohort>>;
  let joinPath: string;

  beforeAll(async () => {
    open = await openCohort({ openApplication: true });
    joinPath = new URL(await openApplicationUrl(awsDeps, open.cohort)).pathname;
  });

  const join = (name: string, email: string) =>
    fetch(`${local.runtime.apiUrl}${joinPath}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: formBody({ name, email }),
    });

  it('asks only for a name and an address', async () => {
    const response = await fetch(`${local.runtime.apiUrl}${joinPath}`);

    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('name="name"');
    expect(html).toContain('name="email"');
    expect(html).not.toContain('name="seniority"');
  });

  it('adds an invited participant, publishes ApplicationRequested and emails their personal link', async () => {
    // Prepare
    const email = `${randomUUID()}@${open.domain}`;

    // Act
    const response = await join('Bea Santos', email);
    await local.runtime.drain();

    // Assess
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Check your email');
    const person = await participants.findByEmail(open.cohort.cohortId, email);
    expect(person).toMatchObject({ name: 'Bea Santos', status: 'invited', source: 'open-link' });
    expect(local.runtime.bus.events).toContainEqual(
      expect.objectContaining({
        'detail-type': 'ApplicationRequested',
        detail: expect.objectContaining({
          data: { cohortId: open.cohort.cohortId, participantId: person?.participantId },
        }),
      }),
    );
    const mail = await listSentEmails({ to: email });
    expect(mail.map((m) => m.subject)).toEqual([`Your application link for ${open.program.name}`]);
    const link = /https?:\/\/[^\s"<>]+\/apply\/[A-Za-z0-9._-]+/.exec(mail[0]?.body.text ?? '')?.[0];
    expect(link).toBeDefined();
    const form = await fetch(link!);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('value="Bea Santos"');
  });

  it('keeps one participant per address however it is typed, re-sending the link at most once a day', async () => {
    // Prepare
    const email = `${randomUUID()}@${open.domain}`;

    // Act
    for (const typed of [email, email.toUpperCase(), `  ${email}  `]) {
      expect((await join('Caio Souza', typed)).status).toBe(200);
      await local.runtime.drain();
    }

    // Assess
    const items = await cohortItems(open.cohort.cohortId);
    expect(
      items.filter((item) => item.type === 'participant' && item.emailNormalised === email),
    ).toHaveLength(1);
    expect(await listSentEmails({ to: email })).toHaveLength(2);
  });

  it('refuses the open link of a cohort that does not take open applications', async () => {
    const token = tokenOf(await openApplicationUrl(awsDeps, world.cohort));

    const answer = await page({ routeKey: 'GET /join/{token}', pathParameters: { token } });

    expect(answer.status).toBe(400);
    expect(answer.html).toContain('How to get a new link');
  });

  it('shows the form again with 400 naming an address it cannot use, and adds nobody', async () => {
    const before = (await cohortItems(open.cohort.cohortId)).length;

    const response = await join('Dora', 'dora-at-example.org');

    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Your email address');
    expect(await cohortItems(open.cohort.cohortId)).toHaveLength(before);
  });
});

describe('/unsubscribe/{token}', () => {
  const suppressions = new DynamoSuppressionList();
  const unsubscribe = async (method: 'GET' | 'POST', cohort: Cohort, person: Participant) =>
    page({
      routeKey: `${method} /unsubscribe/{token}`,
      pathParameters: { token: tokenOf(await unsubscribeUrl(awsDeps, cohort, person.participantId)) },
      // What a mail client's one-click unsubscribe sends (RFC 8058).
      ...(method === 'POST' ? { body: 'List-Unsubscribe=One-Click' } : {}),
    });

  it('shows a confirm form on GET and changes nothing, so link scanners unsubscribe nobody', async () => {
    const person = world.people[0];

    const answer = await unsubscribe('GET', world.cohort, person);

    expect(answer.status).toBe(200);
    expect(answer.html).toMatch(
      /<form method="post" action="\/unsubscribe\/[^"]+"><button type="submit">Unsubscribe<\/button>/,
    );
    expect(await suppressions.isSuppressed(person.email)).toBe(false);
  });

  it('suppresses the person’s address on POST', async () => {
    const person = world.people[2];

    const answer = await unsubscribe('POST', world.cohort, person);

    expect(answer.status).toBe(200);
    expect(answer.html).toContain('You are unsubscribed');
    expect(await suppressions.isSuppressed(person.email)).toBe(true);
  });

  it('refuses a link made for another purpose', async () => {
    const person = world.people[1];

    const answer = await page({
      routeKey: 'POST /unsubscribe/{token}',
      pathParameters: { token: await applyTokenFor(world.cohort, person) },
    });

    expect(answer.status).toBe(400);
    expect(await suppressions.isSuppressed(person.email)).toBe(false);
  });
});

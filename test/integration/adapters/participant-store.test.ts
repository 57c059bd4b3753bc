import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DynamoParticipantStore } from '#shared/adapters/dynamodb/participant-store.ts';
import { normaliseEmail } from '#shared/domain/email-address.ts';
import { ConflictError, ValidationError } from '#shared/domain/errors.ts';
import type { Application, Participant } from '#shared/domain/participant.ts';
import { cohortItems, testDomain } from '../../fixtures/world.ts';
import { useTestTable } from '../../support/aws-env.ts';

useTestTable();
const participants = new DynamoParticipantStore();
const DUE = '2030-03-01T00:00:00.000Z';

function aParticipant(cohortId: string, email: string, overrides: Partial<Participant> = {}): Participant {
  return {
    participantId: `ppl_${randomUUID()}`,
    cohortId,
    programId: 'prg_test',
    email,
    emailNormalised: normaliseEmail(email),
    name: 'Ana Lima',
    status: 'invited',
    source: 'import',
    invitedAt: '2030-02-01T09:00:00.000Z',
    prefill: { seniority: 'senior' },
    version: 1,
    ...overrides,
  };
}

const anApplication = (name = 'Ana Lima'): Application => ({
  name,
  seeks: ['mentor'],
  offers: [],
  goals: [],
  skills: [],
  seniority: 'senior',
  hasInfluence: false,
  timeZone: 'Europe/Lisbon',
  answers: {},
  agreedToProgramConsent: true,
  submittedAt: '2030-03-02T10:00:00.000Z',
  updatedAt: '2030-03-02T10:00:00.000Z',
});

const newCohort = () => `coh_${randomUUID()}`;

describe('DynamoParticipantStore.add', () => {
  it('stores each person with a claim on their address, due for an invitation', async () => {
    // Prepare
    const cohortId = newCohort();
    const person = aParticipant(cohortId, `Ana.Lima@${testDomain()}`);

    // Act
    const { alreadyPresent } = await participants.add([person], DUE);

    // Assess
    expect(alreadyPresent).toEqual([]);
    expect(await participants.get(cohortId, person.participantId)).toEqual(person);
    expect(await participants.findByEmail(cohortId, person.emailNormalised)).toEqual(person);
    const items = await cohortItems(cohortId);
    expect(items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'participant',
          byEmail: person.emailNormalised,
          dueJob: 'intake',
          dueAt: DUE,
        }),
        expect.objectContaining({
          type: 'email-claim',
          participantId: person.participantId,
          byEmail: person.emailNormalised,
        }),
      ]),
    );
  });

  it('refuses the same address twice in one cohort, whatever its case and spacing', async () => {
    // Prepare
    const cohortId = newCohort();
    const domain = testDomain();
    const first = aParticipant(cohortId, `ana@${domain}`);
    await participants.add([first], DUE);

    // Act
    const again = aParticipant(cohortId, ` ANA@${domain.toUpperCase()} `, { name: 'Someone Else' });
    const { alreadyPresent } = await participants.add([again], DUE);

    // Assess
    expect(alreadyPresent).toEqual([again]);
    expect(await participants.get(cohortId, again.participantId)).toBeUndefined();
    expect((await participants.findByEmail(cohortId, `ana@${domain}`))?.participantId).toBe(
      first.participantId,
    );
    expect((await cohortItems(cohortId)).filter((item) => item.type === 'participant')).toHaveLength(1);
  });

  it('lets the same address join another cohort', async () => {
    // Prepare
    const email = `ana@${testDomain()}`;
    await participants.add([aParticipant(newCohort(), email)], DUE);
    const elsewhere = aParticipant(newCohort(), email);

    // Act
    const { alreadyPresent } = await participants.add([elsewhere], DUE);

    // Assess
    expect(alreadyPresent).toEqual([]);
    expect(await participants.get(elsewhere.cohortId, elsewhere.participantId)).toEqual(elsewhere);
  });

  it('returns an address claimed since the caller checked in alreadyPresent and writes the others', async () => {
    // Prepare: between an import's check and its write, someone joins with one of its addresses.
    const cohortId = newCohort();
    const domain = testDomain();
    const joined = aParticipant(cohortId, `taken@${domain}`, { source: 'open-link' });
    await participants.add([joined], DUE);
    const batch = [
      aParticipant(cohortId, `before@${domain}`),
      aParticipant(cohortId, `Taken@${domain}`),
      aParticipant(cohortId, `after@${domain}`),
    ];

    // Act
    const { alreadyPresent } = await participants.add(batch, DUE);

    // Assess
    expect(alreadyPresent.map((p) => p.participantId)).toEqual([batch[1]!.participantId]);
    expect(await participants.get(cohortId, batch[0]!.participantId)).toBeDefined();
    expect(await participants.get(cohortId, batch[2]!.participantId)).toBeDefined();
    expect(await participants.get(cohortId, batch[1]!.participantId)).toBeUndefined();
    expect((await participants.findByEmail(cohortId, `taken@${domain}`))?.participantId).toBe(
      joined.participantId,
    );
  });

  it('settles two adds racing for one address: one person holds it, the other is alreadyPresent', async () => {
    // Prepare
    const cohortId = newCohort();
    const domain = testDomain();
    const mine = [aParticipant(cohortId, `mine@${domain}`), aParticipant(cohortId, `shared@${domain}`)];
    const theirs = [aParticipant(cohortId, `theirs@${domain}`), aParticipant(cohortId, `SHARED@${domain}`)];

    // Act
    const [a, b] = await Promise.all([participants.add(mine, DUE), participants.add(theirs, DUE)]);

    // Assess
    const lost = [...a.alreadyPresent, ...b.alreadyPresent];
    expect(lost).toHaveLength(1);
    expect(lost[0]!.emailNormalised).toBe(`shared@${domain}`);
    const stored = (await cohortItems(cohortId)).filter((item) => item.type === 'participant');
    expect(stored.map((item) => item.emailNormalised).sort()).toEqual(
      [`mine@${domain}`, `shared@${domain}`, `theirs@${domain}`].sort(),
    );
  });

  it('tells which addresses already belong to someone in the cohort', async () => {
    // Prepare
    const cohortId = newCohort();
    const domain = testDomain();
    await participants.add(
      [aParticipant(cohortId, `a@${domain}`), aParticipant(cohortId, `b@${domain}`)],
      DUE,
    );

    // Act
    const existing = await participants.existingEmails(cohortId, [
      `a@${domain}`,
      `c@${domain}`,
      `a@${domain}`,
    ]);

    // Assess
    expect(existing).toEqual(new Set([`a@${domain}`]));
  });
});

describe('DynamoParticipantStore.remove', () => {
  it('deletes the person and their claim, so the address can be added again', async () => {
    // Prepare
    const cohortId = newCohort();
    const email = `ana@${testDomain()}`;
    const person = aParticipant(cohortId, email);
    await participants.add([person], DUE);

    // Act
    await participants.remove([person]);

    // Assess
    expect(await cohortItems(cohortId)).toEqual([]);
    const again = aParticipant(cohortId, email);
    expect((await participants.add([again], DUE)).alreadyPresent).toEqual([]);
  });
});

describe('DynamoParticipantStore.page', () => {
  async function cohortOfFive() {
    const cohortId = newCohort();
    const domain = testDomain();
    const people = Array.from({ length: 5 }, (_, i) => aParticipant(cohortId, `p${i}@${domain}`));
    await participants.add(people, DUE);
    for (const person of [people[1]!, people[3]!])
      await participants.saveApplication(person, anApplication());
    return { cohortId, people };
  }

  it('pages through everyone with a cursor, each person once', async () => {
    // Prepare
    const { cohortId, people } = await cohortOfFive();

    // Act
    const first = await participants.page(cohortId, { limit: 2 });
    const second = await participants.page(cohortId, { limit: 2, cursor: first.nextCursor! });
    const third = await participants.page(cohortId, { limit: 2, cursor: second.nextCursor! });

    // Assess
    expect([first, second, third].map((page) => page.participants.length)).toEqual([2, 2, 1]);
    expect(first.nextCursor).toEqual(expect.any(String));
    expect(third.nextCursor).toBeUndefined();
    const seen = [first, second, third].flatMap((page) => page.participants.map((p) => p.participantId));
    expect(new Set(seen)).toEqual(new Set(people.map((p) => p.participantId)));
    expect(seen).toHaveLength(5);
  });

  it('filters by status, filling each page across filtered-out items', async () => {
    // Prepare
    const { cohortId, people } = await cohortOfFive();

    // Act
    const pages = [];
    let cursor: string | undefined;
    do {
      const page = await participants.page(cohortId, {
        status: 'applied',
        limit: 1,
        ...(cursor ? { cursor } : {}),
      });
      pages.push(page);
      cursor = page.nextCursor;
    } while (cursor && pages.length < 10);

    // Assess
    const applied = pages.flatMap((page) => page.participants);
    expect(applied.map((p) => p.participantId).sort()).toEqual(
      [people[1]!.participantId, people[3]!.participantId].sort(),
    );
    expect(applied.every((p) => p.status === 'applied')).toBe(true);
    expect(pages[0]!.participants).toHaveLength(1);
  });

  it('refuses a cursor it did not give out with a ValidationError naming the cursor', async () => {
    const attempt = participants.page(newCohort(), { limit: 10, cursor: 'not-a-cursor' });

    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toMatchObject({ problems: [expect.objectContaining({ field: 'cursor' })] });
  });
});

describe('DynamoParticipantStore.saveApplication', () => {
  it('stores the application against the version read, marks the person applied and bumps the version', async () => {
    // Prepare
    const cohortId = newCohort();
    const person = aParticipant(cohortId, `ana@${testDomain()}`, { name: 'from the import' });
    await participants.add([person], DUE);

    // Act
    const saved = await participants.saveApplication(person, anApplication('Ana Lima'));

    // Assess
    expect(saved).toMatchObject({
      status: 'applied',
      name: 'Ana Lima',
      version: 2,
      application: anApplication('Ana Lima'),
    });
    expect(await participants.get(cohortId, person.participantId)).toEqual(saved);
  });

  it('refuses a save from a stale copy with a ConflictError and keeps what was stored', async () => {
    // Prepare
    const cohortId = newCohort();
    const person = aParticipant(cohortId, `ana@${testDomain()}`);
    await participants.add([person], DUE);
    await participants.saveApplication(person, anApplication('First'));

    // Act
    const attempt = participants.saveApplication(person, anApplication('Second'));

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    expect(await participants.get(cohortId, person.participantId)).toMatchObject({
      name: 'First',
      version: 2,
    });
  });

  it('keeps a coordinator’s decision when the person edits their answers', async () => {
    // Prepare
    const cohortId = newCohort();
    const person = aParticipant(cohortId, `ana@${testDomain()}`);
    await participants.add([person], DUE);
    const applied = await participants.saveApplication(person, anApplication());
    const approved = await participants.decide(applied, 'approved', new Date('2030-03-05T12:00:00Z'));

    // Act
    const edited = await participants.saveApplication(approved, anApplication('Ana M. Lima'));

    // Assess
    expect(approved).toMatchObject({ status: 'approved', decidedAt: '2030-03-05T12:00:00.000Z', version: 3 });
    expect(edited).toMatchObject({ status: 'approved', name: 'Ana M. Lima', version: 4 });
  });
});

describe('DynamoParticipantStore.clearInvitationDue', () => {
  it('clears the pending invitation only when it is still the one seen', async () => {
    // Prepare
    const cohortId = newCohort();
    const person = aParticipant(cohortId, `ana@${testDomain()}`);
    await participants.add([person], DUE);
    const stored = async () => (await cohortItems(cohortId)).find((item) => item.type === 'participant')!;

    // Act + Assess: another due time is not ours to clear.
    await participants.clearInvitationDue(person, '2030-03-02T00:00:00.000Z');
    expect(await stored()).toMatchObject({ dueJob: 'intake', dueAt: DUE });

    // Act + Assess: the one we saw is cleared, and clearing it again is quietly fine.
    await participants.clearInvitationDue(person, DUE);
    await participants.clearInvitationDue(person, DUE);
    expect(await stored()).not.toHaveProperty('dueJob');
    expect(await stored()).not.toHaveProperty('dueAt');
  });
});

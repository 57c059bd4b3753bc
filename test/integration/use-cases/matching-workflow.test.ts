import { describe, expect, it } from 'vitest';
import { DynamoCohortStore } from '#shared/adapters/dynamodb/cohort-store.ts';
import { DynamoMatchStore } from '#shared/adapters/dynamodb/match-store.ts';
import type { Cohort } from '#shared/domain/cohort.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import type { SupportRole } from '#shared/domain/support-roles.ts';
import { mapError } from '#shared/http/error-mapper.ts';
import type { StoredMatch } from '#shared/ports/match-store.ts';
import { sendIntroductions } from '#shared/use-cases/introductions.ts';
import { proposeMatches } from '#shared/use-cases/propose-matches.ts';
import { rematchSeeker } from '#shared/use-cases/rematch-seeker.ts';
import {
  approveMatches,
  forbidMatch,
  pinMatch,
  swapMatches,
  viewMatches,
} from '#shared/use-cases/review-matches.ts';
import { cohortWithApplicants, MENTORING } from '../../fixtures/matching.ts';
import { useLocalRuntime } from '../../fixtures/runtime.ts';
import { depsAt, testDomain } from '../../fixtures/world.ts';
import { listSentEmails } from '../../support/aws-env.ts';

// The use cases run here with a pinned clock; what they publish and queue goes to the runtime's
// bus and queue, so `MatchesApproved` reaches the matching job and introductions reach the SES
// emulator through the email-sender, as on AWS.
const local = useLocalRuntime();
const cohorts = new DynamoCohortStore();
const matchStore = new DynamoMatchStore();
const NOW = new Date();
const deps = depsAt(NOW);

const supporterOf = (matches: readonly StoredMatch[], seekerId: string, role: SupportRole = 'mentor') =>
  matches.find((m) => m.seekerId === seekerId && m.role === role && m.status === 'matched')?.supporterId;

async function currentMatches(cohortId: string): Promise<{ cohort: Cohort; matches: StoredMatch[] }> {
  const cohort = (await cohorts.get(cohortId))!;
  return { cohort, matches: await matchStore.matchesOf(cohortId, cohort.matchingRun!.runId) };
}

const pairs = (matches: readonly StoredMatch[]) =>
  Object.fromEntries(matches.map((m) => [`${m.seekerId}#${m.role}`, `${m.status}:${m.supporterId ?? ''}`]));

async function introductionsIn(domain: string) {
  return (await listSentEmails({ to: `@${domain}` })).filter((mail) => mail.subject.startsWith('Meet '));
}

describe('matching workflow', () => {
  it('proposes once intake has closed: the cohort moves to matching and the list names everyone', async () => {
    // Prepare
    const world = await cohortWithApplicants(MENTORING, { now: NOW });

    // Act
    const proposed = await proposeMatches(deps, world.cohortId);
    const view = await viewMatches(deps, world.cohortId);

    // Assess
    expect(proposed.cohort).toMatchObject({
      state: 'matching',
      matchingRun: { totals: { matched: 3, demand: 3 } },
    });
    expect((await cohorts.get(world.cohortId))?.state).toBe('matching');
    expect(view.matches).toHaveLength(3);
    expect(view.matches.every((m) => m.status === 'matched')).toBe(true);
    expect(view.people[world.id('ana')]).toEqual({ name: 'Ana Lima' });
    expect(view.people[world.id('maya')]).toEqual({ name: 'Maya Cohen' });
    // Chen reports to Maya: never matched with her.
    expect(supporterOf(view.matches, world.id('chen'))).not.toBe(world.id('maya'));
    const used = view.matches.map((m) => m.supporterId);
    expect(new Set(used).size).toBe(3);
    expect(used).toContain(world.id('maya'));
    const mine = await viewMatches(deps, world.cohortId, world.id('ben'));
    expect(mine.matches.map((m) => m.seekerId)).toEqual([world.id('ben')]);
    expect(mine.matches[0]?.factors?.length).toBeGreaterThan(0);
  });

  it('applies the program’s own matching weights and rules', async () => {
    // Prepare: leaders sponsoring early-career seekers, three levels apart, sharing working hours.
    const people = {
      ana: { name: 'Ana Lima', seeks: ['sponsor' as const] },
      zoe: { name: 'Zoë Ng', offers: [{ role: 'sponsor' as const, capacity: 1 }] },
    };
    const byDefault = await cohortWithApplicants(people);
    const noHours = await cohortWithApplicants(people, {
      program: { matching: { weights: { timeZoneOverlap: 0 } } },
    });
    const strict = await cohortWithApplicants(people, {
      program: { matching: { rules: { sponsorMinSeniorityGap: 4 } } },
    });

    // Act
    const usual = await proposeMatches(deps, byDefault.cohortId);
    const weighted = await proposeMatches(deps, noHours.cohortId);
    const ruled = await proposeMatches(deps, strict.cohortId);

    // Assess
    const hours = (matches: StoredMatch[]) =>
      matches[0]?.factors?.find((f) => f.factor === 'timeZoneOverlap')?.points ?? 0;
    expect(usual.matches).toEqual([
      expect.objectContaining({ status: 'matched', supporterId: byDefault.id('zoe') }),
    ]);
    expect(hours(usual.matches)).toBeGreaterThan(0);
    expect(weighted.matches).toEqual([
      expect.objectContaining({ status: 'matched', supporterId: noHours.id('zoe') }),
    ]);
    expect(hours(weighted.matches)).toBe(0);
    expect(weighted.matches[0]!.score).toBeLessThan(usual.matches[0]!.score!);
    expect(ruled.matches).toEqual([
      expect.objectContaining({ status: 'unmatched', reason: 'all-excluded-by-constraints' }),
    ]);
  });

  it('refuses a pin that breaks a rule with 400 naming both people, and changes no stored match', async () => {
    // Prepare
    const world = await cohortWithApplicants(MENTORING, { now: NOW });
    await proposeMatches(deps, world.cohortId);
    const before = await currentMatches(world.cohortId);

    // Act: Chen reports to Maya.
    const refused = await pinMatch(deps, world.cohortId, {
      seekerId: world.id('chen'),
      supporterId: world.id('maya'),
      role: 'mentor',
    }).catch((error: unknown) => error);

    // Assess
    expect(refused).toBeInstanceOf(ValidationError);
    const mapped = mapError(refused);
    expect(mapped.statusCode).toBe(400);
    const said = `${mapped.message} ${JSON.stringify(mapped.problems ?? [])}`;
    expect(said).toContain(`Chen Wei (${world.id('chen')})`);
    expect(said).toContain(`Maya Cohen (${world.id('maya')})`);
    const after = await currentMatches(world.cohortId);
    expect(after.cohort.matchingRun).toEqual(before.cohort.matchingRun);
    expect(pairs(after.matches)).toEqual(pairs(before.matches));
    expect((await matchStore.adjustments(world.cohortId)).pins).toEqual([]);
  });

  it('swaps two seekers’ supporters, then forbids a pair and re-runs without it, keeping the swap', async () => {
    // Prepare
    const world = await cohortWithApplicants(MENTORING, { now: NOW });
    const first = await proposeMatches(deps, world.cohortId);
    const before = {
      ana: supporterOf(first.matches, world.id('ana'))!,
      ben: supporterOf(first.matches, world.id('ben'))!,
      chen: supporterOf(first.matches, world.id('chen'))!,
    };

    // Act
    const swapped = await swapMatches(deps, world.cohortId, {
      seekerA: world.id('ana'),
      seekerB: world.id('ben'),
      role: 'mentor',
    });
    const forbidden = await forbidMatch(deps, world.cohortId, {
      seekerId: world.id('chen'),
      supporterId: before.chen,
    });

    // Assess
    expect(supporterOf(swapped.matches, world.id('ana'))).toBe(before.ben);
    expect(supporterOf(swapped.matches, world.id('ben'))).toBe(before.ana);
    expect(
      swapped.matches
        .filter((m) => m.pinned)
        .map((m) => m.seekerId)
        .sort(),
    ).toEqual([world.id('ana'), world.id('ben')].sort());
    expect(swapped.cohort.matchingRun?.runId).not.toBe(first.cohort.matchingRun?.runId);
    // Chen may neither keep the forbidden mentor nor have Maya (his manager): the spare place is his.
    const chensNext = supporterOf(forbidden.matches, world.id('chen'));
    expect(chensNext).toBeDefined();
    expect([before.chen, world.id('maya')]).not.toContain(chensNext);
    expect(supporterOf(forbidden.matches, world.id('ana'))).toBe(before.ben);
    expect(supporterOf(forbidden.matches, world.id('ben'))).toBe(before.ana);
    const stored = await currentMatches(world.cohortId);
    expect(stored.cohort.matchingRun?.runId).toBe(forbidden.cohort.matchingRun?.runId);
    expect(await matchStore.adjustments(world.cohortId)).toMatchObject({
      pins: expect.arrayContaining([
        { seekerId: world.id('ana'), supporterId: before.ben, role: 'mentor' },
        { seekerId: world.id('ben'), supporterId: before.ana, role: 'mentor' },
      ]),
      forbids: [{ seekerId: world.id('chen'), supporterId: before.chen }],
    });
  });

  it('approves, and MatchesApproved introduces each pair with exactly two emails, once however often it runs', async () => {
    // Prepare
    const world = await cohortWithApplicants(MENTORING, { now: NOW });
    await proposeMatches(deps, world.cohortId);

    // Act
    const approved = await approveMatches(deps, world.cohortId);
    await local.runtime.drain();
    const once = await introductionsIn(world.domain);
    const again = await sendIntroductions(deps, world.cohortId, approved.matchingRun!.runId);
    await local.runtime.drain();
    const twice = await introductionsIn(world.domain);

    // Assess
    expect(approved.state).toBe('matched');
    expect(once).toHaveLength(6);
    expect(again).toBe(6);
    expect(twice).toHaveLength(6);
    const { matches } = await currentMatches(world.cohortId);
    for (const match of matches) {
      const seeker = Object.values(world.byKey).find((p) => p.participantId === match.seekerId)!;
      const supporter = Object.values(world.byKey).find((p) => p.participantId === match.supporterId)!;
      const toSeeker = once.filter((mail) => mail.destination.to.includes(seeker.email));
      const toSupporter = once.filter((mail) => mail.destination.to.includes(supporter.email));
      expect(toSeeker.map((mail) => mail.subject)).toEqual([`Meet your mentor: ${supporter.name}`]);
      expect(toSupporter.map((mail) => mail.subject)).toEqual([`Meet ${seeker.name}, whom you will support`]);
      expect(toSeeker[0]?.body.text).toContain(supporter.email);
      expect(toSupporter[0]?.body.text).toContain(seeker.email);
    }
  });

  it('re-matches one seeker whose match ended, within what is left, and moves nobody else', async () => {
    // Prepare
    const world = await cohortWithApplicants(MENTORING, { now: NOW });
    await proposeMatches(deps, world.cohortId);
    await approveMatches(deps, world.cohortId);
    await local.runtime.drain();
    const before = await currentMatches(world.cohortId);
    const ended = supporterOf(before.matches, world.id('ana'))!;
    // Three of the four mentors are taken: the fourth is the one place left.
    const spare = Object.values(world.byKey).filter(
      (p) => p.application?.offers.length && !before.matches.some((m) => m.supporterId === p.participantId),
    );
    const introductionsBefore = await introductionsIn(world.domain);

    // Act
    const next = await rematchSeeker(deps, world.cohortId, world.id('ana'), 'mentor');
    await local.runtime.drain();

    // Assess
    expect(spare).toHaveLength(1);
    expect(next).toMatchObject({
      status: 'matched',
      supporterId: spare[0]!.participantId,
      endedWith: [ended],
    });
    const after = await currentMatches(world.cohortId);
    const { [`${world.id('ana')}#mentor`]: _, ...othersAfter } = pairs(after.matches);
    const { [`${world.id('ana')}#mentor`]: __, ...othersBefore } = pairs(before.matches);
    expect(othersAfter).toEqual(othersBefore);
    expect(supporterOf(after.matches, world.id('ana'))).toBe(spare[0]!.participantId);
    const introductionsAfter = await introductionsIn(world.domain);
    const added = introductionsAfter.filter(
      (mail) => !introductionsBefore.some((old) => old.messageId === mail.messageId),
    );
    expect(added.map((mail) => mail.destination.to[0]).sort()).toEqual(
      [world.byKey.ana!.email, spare[0]!.email].sort(),
    );
    expect((await matchStore.adjustments(world.cohortId)).forbids).toContainEqual({
      seekerId: world.id('ana'),
      supporterId: ended,
    });
  });

  it('counts a supporter’s load across concurrent cohorts only: full in one, no match in a concurrent one, free again once it ended', async () => {
    // Prepare: Sam mentors one person in cohort A, and offers one place again in cohort B.
    const sam = `sam@${testDomain()}`;
    const a = await cohortWithApplicants(
      {
        amy: { name: 'Amy Tran', seeks: ['mentor'] },
        sam: { name: 'Sam Reyes', offers: [{ role: 'mentor', capacity: 1 }], email: sam },
      },
      { now: NOW },
    );
    await proposeMatches(deps, a.cohortId);
    await approveMatches(deps, a.cohortId);
    await local.runtime.drain();
    const b = await cohortWithApplicants(
      {
        bea: { name: 'Bea Santos', seeks: ['mentor'] },
        sam: { name: 'Sam Reyes', offers: [{ role: 'mentor', capacity: 1 }], email: sam },
      },
      { now: NOW },
    );
    // Cohort C starts two years later, long after A has ended.
    const later = new Date(NOW.getTime() + 2 * 365 * 24 * 3600_000);
    const c = await cohortWithApplicants(
      {
        cal: { name: 'Cal Moreno', seeks: ['mentor'] },
        sam: { name: 'Sam Reyes', offers: [{ role: 'mentor', capacity: 1 }], email: sam },
      },
      { now: later },
    );

    // Act
    const inA = await currentMatches(a.cohortId);
    const inB = await proposeMatches(deps, b.cohortId);
    const inC = await proposeMatches(depsAt(later), c.cohortId);

    // Assess
    expect(supporterOf(inA.matches, a.id('amy'))).toBe(a.id('sam'));
    expect(inB.matches).toEqual([
      expect.objectContaining({ seekerId: b.id('bea'), status: 'unmatched', reason: 'all-at-capacity' }),
    ]);
    expect(supporterOf(inC.matches, c.id('cal'))).toBe(c.id('sam'));
  });
});

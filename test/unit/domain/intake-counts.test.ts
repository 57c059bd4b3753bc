import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countIntake } from '#shared/domain/intake-counts.ts';
import {
  type Application,
  PARTICIPANT_STATUSES,
  type Participant,
  type ParticipantStatus,
} from '#shared/domain/participant.ts';
import { SUPPORT_ROLES, type SupportRole } from '#shared/domain/support-roles.ts';

let sequence = 0;

function anApplication(overrides: Partial<Application> = {}): Application {
  return {
    name: 'Ana Lima',
    seeks: [],
    offers: [],
    goals: [],
    skills: [],
    seniority: 'mid_career',
    hasInfluence: false,
    timeZone: 'Europe/London',
    answers: {},
    agreedToProgramConsent: true,
    submittedAt: '2026-12-02T09:00:00.000Z',
    updatedAt: '2026-12-02T09:00:00.000Z',
    ...overrides,
  };
}

function aParticipant(status: ParticipantStatus, application?: Partial<Application>): Participant {
  sequence += 1;
  return {
    participantId: `ppl_${sequence}`,
    cohortId: 'coh_autumn',
    programId: 'prg_rise',
    email: `person${sequence}@example.org`,
    emailNormalised: `person${sequence}@example.org`,
    name: `Person ${sequence}`,
    status,
    source: 'import',
    invitedAt: '2026-12-01T09:00:00.000Z',
    prefill: {},
    version: 1,
    ...(application ? { application: anApplication(application) } : {}),
  };
}

const zeroPerRole = <T>(value: T) => Object.fromEntries(SUPPORT_ROLES.map((role) => [role, value]));

describe('countIntake', () => {
  it('counts nothing, for every status and every role, when nobody was invited', () => {
    // Prepare
    const participants: Participant[] = [];

    // Act
    const counts = countIntake(participants);

    // Assess
    expect(counts).toEqual({
      byStatus: { invited: 0, applied: 0, approved: 0, declined: 0 },
      seeking: zeroPerRole(0),
      offering: zeroPerRole({ people: 0, places: 0 }),
      bothWays: 0,
    });
  });

  it('counts people by status, roles sought, people and places offered, and people who go both ways', () => {
    // Prepare
    const participants = [
      aParticipant('invited'),
      aParticipant('applied', { seeks: ['mentor', 'sponsor'] }),
      aParticipant('applied', { seeks: ['mentor'], offers: [{ role: 'coach', capacity: 2 }] }),
      aParticipant('approved', {
        offers: [
          { role: 'mentor', capacity: 3 },
          { role: 'coach', capacity: 1 },
        ],
      }),
    ];

    // Act
    const counts = countIntake(participants);

    // Assess
    expect(counts).toEqual({
      byStatus: { invited: 1, applied: 2, approved: 1, declined: 0 },
      seeking: { mentor: 2, sponsor: 1, coach: 0, advocate: 0, challenger: 0 },
      offering: {
        mentor: { people: 1, places: 3 },
        sponsor: { people: 0, places: 0 },
        coach: { people: 2, places: 3 },
        advocate: { people: 0, places: 0 },
        challenger: { people: 0, places: 0 },
      },
      bothWays: 1,
    });
  });

  it('counts a declined applicant in their status only, not in what is sought or offered', () => {
    // Prepare
    const participants = [
      aParticipant('declined', { seeks: ['advocate'], offers: [{ role: 'challenger', capacity: 5 }] }),
    ];

    // Act
    const counts = countIntake(participants);

    // Assess
    expect(counts.byStatus.declined).toBe(1);
    expect(counts.seeking.advocate).toBe(0);
    expect(counts.offering.challenger).toEqual({ people: 0, places: 0 });
    expect(counts.bothWays).toBe(0);
  });

  it('reads any iterable, such as a generator of pages', () => {
    // Prepare
    function* pages() {
      yield aParticipant('applied', { seeks: ['coach'] });
      yield aParticipant('invited');
    }

    // Act
    const counts = countIntake(pages());

    // Assess
    expect(counts.byStatus).toEqual({ invited: 1, applied: 1, approved: 0, declined: 0 });
    expect(counts.seeking.coach).toBe(1);
  });

  it('for any intake: statuses add up to everyone, and roles count only people who are still in', () => {
    // Prepare
    const role = fc.constantFrom<SupportRole>(...SUPPORT_ROLES);
    const offers = fc.uniqueArray(fc.record({ role, capacity: fc.integer({ min: 1, max: 5 }) }), {
      selector: (offer) => offer.role,
      maxLength: 5,
    });
    const person = fc.record({
      status: fc.constantFrom<ParticipantStatus>(...PARTICIPANT_STATUSES),
      application: fc.option(fc.record({ seeks: fc.uniqueArray(role, { maxLength: 5 }), offers }), {
        nil: undefined,
      }),
    });

    fc.assert(
      fc.property(fc.array(person, { maxLength: 40 }), (people) => {
        const participants = people.map(({ status, application }) => aParticipant(status, application));
        const stillIn = people.filter((p) => p.status !== 'declined' && p.application);

        // Act
        const counts = countIntake(participants);

        // Assess
        expect(Object.values(counts.byStatus).reduce((a, b) => a + b, 0)).toBe(people.length);
        for (const status of PARTICIPANT_STATUSES) {
          expect(counts.byStatus[status]).toBe(people.filter((p) => p.status === status).length);
        }
        for (const r of SUPPORT_ROLES) {
          const offering = stillIn.flatMap((p) => p.application?.offers.filter((o) => o.role === r) ?? []);
          expect(counts.seeking[r]).toBe(stillIn.filter((p) => p.application?.seeks.includes(r)).length);
          expect(counts.offering[r]).toEqual({
            people: offering.length,
            places: offering.reduce((sum, o) => sum + o.capacity, 0),
          });
        }
        expect(counts.bothWays).toBe(
          stillIn.filter(
            (p) => (p.application?.seeks.length ?? 0) > 0 && (p.application?.offers.length ?? 0) > 0,
          ).length,
        );
      }),
    );
  });
});

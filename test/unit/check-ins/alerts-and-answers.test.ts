import { describe, expect, it } from 'vitest';
import { isInactive, observePair, pairRisk, shouldFlagSupporter } from '#shared/domain/check-ins/alerts.ts';
import { checkAnswer, isAnswered, questionsFor } from '#shared/domain/check-ins/answers.ts';
import { decodeCheckInRef, encodeCheckInRef } from '#shared/domain/check-ins/check-in-ref.ts';
import { LinkError, ValidationError } from '#shared/domain/errors.ts';

const silent = observePair([]);
const met = observePair([{ met: true, rating: 4 }]);
const notMet = observePair([{ met: false }, {}]);

describe('pair alerts', () => {
  it('raises missed-two-rounds only after two silent rounds in a row', () => {
    expect(pairRisk([silent])).toEqual([]);
    expect(pairRisk([silent, met, silent])).toEqual([]);
    expect(pairRisk([met, silent, silent])).toEqual(['missed-two-rounds']);
  });

  it('raises not-met-twice from the second round they say they have not met, unless one of them met', () => {
    expect(pairRisk([notMet])).toEqual([]);
    expect(pairRisk([notMet, met, notMet])).toEqual(['not-met-twice']);
    expect(pairRisk([notMet, observePair([{ met: false }, { met: true }])])).toEqual([]);
  });

  it('raises low-rating for a rating of 2 or less by either person', () => {
    expect(pairRisk([observePair([{ rating: 5 }, { rating: 2 }])])).toEqual(['low-rating']);
    expect(pairRisk([observePair([{ rating: 3 }])])).toEqual([]);
  });

  it('flags a supporter on the second distinct low-energy round', () => {
    expect(shouldFlagSupporter([2])).toBe(false);
    expect(shouldFlagSupporter([2, 2])).toBe(false);
    expect(shouldFlagSupporter([2, 4])).toBe(true);
  });

  it('counts inactivity from the last meeting, or the start when they never met', () => {
    const now = new Date('2026-05-01T00:00:00Z');
    expect(isInactive(undefined, '2026-03-20T00:00:00Z', now, 42)).toBe(true);
    expect(isInactive('2026-04-01T00:00:00Z', '2026-01-01T00:00:00Z', now, 42)).toBe(false);
  });
});

describe('check-in answers', () => {
  it('asks sponsors for their actions and energy, seekers for a re-match in the fit check', () => {
    expect(questionsFor({ side: 'supporter', role: 'sponsor', fitCheck: false })).toEqual([
      'met',
      'rating',
      'energy',
      'actions',
      'help',
      'helpNote',
      'appreciation',
    ]);
    expect(questionsFor({ side: 'seeker', role: 'mentor', fitCheck: true })).toEqual([
      'fit',
      'met',
      'rating',
      'help',
      'helpNote',
      'rematch',
    ]);
  });

  it('refuses questions not asked of this person, out-of-range values and a re-match without "not a fit"', () => {
    const seeker = { side: 'seeker' as const, role: 'sponsor' as const, fitCheck: true };
    const refused = (input: unknown) => {
      try {
        checkAnswer(seeker, input);
        return [];
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return error.problems.map((p) => p.field);
      }
    };
    expect(refused({ energy: 3, actions: ['nominated'] })).toEqual(['energy', 'actions']);
    expect(refused({ rating: '9' })).toEqual(['rating']);
    expect(refused({ fit: 'good', rematch: true })).toEqual(['rematch']);
    expect(checkAnswer(seeker, { fit: 'not-a-fit', rematch: true, rating: '2' })).toEqual({
      fit: 'not-a-fit',
      rematch: true,
      rating: 2,
    });
  });

  it('counts "we have not met" as an answer, and an empty form or unticked boxes as none', () => {
    expect(isAnswered({ met: false })).toBe(true);
    expect(isAnswered({ help: true })).toBe(true);
    expect(isAnswered({})).toBe(false);
    expect(isAnswered({ help: false, rematch: false, actions: [] })).toBe(false);
  });

  it('puts a check-in in a link item and reads it back; anything else is a malformed link', () => {
    const ref = {
      cohortId: 'coh_a-b_c',
      round: 3,
      seekerId: 'ppl_x-1',
      role: 'sponsor' as const,
      supporterId: 'ppl_y_2',
    };
    expect(decodeCheckInRef(encodeCheckInRef(ref))).toEqual(ref);
    expect(() => decodeCheckInRef('bm90LWEtcmVm')).toThrow(LinkError);
  });
});

import { describe, expect, it } from 'vitest';
import { buildCohortReport, type CohortReport, type QuestionSummary } from '#shared/domain/surveys/report.ts';
import { input, response, round, seekerWith, supporterGiving } from './cohort-fixture.ts';

type FullReport = Extract<CohortReport, { suppressed: false }>;

function full(report: CohortReport): FullReport {
  if (report.suppressed) throw new Error(`report suppressed: ${report.reason}`);
  return report;
}

function question(report: FullReport, surveyId: string, questionId: string): QuestionSummary {
  const found = report.rounds
    .find((r) => r.surveyId === surveyId)
    ?.questions.find((q) => q.questionId === questionId);
  if (!found) throw new Error(`no ${surveyId}/${questionId}`);
  return found;
}

const keys = (n: number, prefix = 'person') => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

describe('buildCohortReport', () => {
  it('says so rather than showing anything when fewer than 5 people answered', () => {
    // Prepare: 4 people, one of whom answered twice.
    const responses = keys(4).map((k) => response(k, { confidence: 5, belonging: 1 }));

    // Act
    const report = buildCohortReport(
      input([
        round('intake-baseline', responses),
        round('end-of-program', [response('person-0', { recommend: 0 })]),
      ]),
    );

    // Assess
    expect(report).toEqual({
      cohort: { cohortId: 'cohort-1', name: 'Spring 2026', programName: 'Rise Together' },
      generatedAt: '2026-07-01T12:00:00Z',
      minimumGroupSize: 5,
      suppressed: true,
      reason: expect.stringMatching(/Fewer than 5 people answered/),
    });
  });

  it('does not count empty responses as respondents', () => {
    const responses = [...keys(4).map((k) => response(k, { confidence: 3 })), response('opened-only', {})];
    expect(buildCohortReport(input([round('intake-baseline', responses)])).suppressed).toBe(true);
  });

  it('reports the response rate per round and hides a round with fewer than 5 answers', () => {
    // Prepare
    const baseline = keys(6).map((k) => response(k, { confidence: 3 }));
    const midpoint = keys(3).map((k) => response(k, { progress: 4 }));

    // Act
    const report = full(
      buildCohortReport(
        input([
          round('intake-baseline', baseline, { invited: 8 }),
          round('midpoint', midpoint, { invited: 8, sentAt: '2026-03-10T09:00:00Z' }),
        ]),
      ),
    );

    // Assess
    expect(report.respondents).toBe(6);
    expect(
      report.rounds.map((r) => [r.surveyId, r.invited, r.responded, r.responseRate, r.suppressed]),
    ).toEqual([
      ['intake-baseline', 8, 6, 0.75, false],
      ['midpoint', 8, null, null, true],
    ]);
    expect(report.rounds[1]!.questions).toEqual([]);
  });

  it('counts answers per scale value and option, with means and NPS', () => {
    // Prepare: NPS 10, 9, 8, 7, 6, 0 → 2 promoters, 2 passives, 2 detractors.
    const scores = [10, 9, 8, 7, 6, 0];
    const responses = scores.map((score, i) =>
      response(`p${i}`, {
        recommend: score,
        confidence: (i % 5) + 1,
        advancement:
          i < 2
            ? ['None of these yet']
            : i < 4
              ? ['I was promoted']
              : ['I was promoted', 'I took on a stretch assignment'],
        ...(i < 3 ? { support_again: 'Yes' } : {}),
      }),
    );

    // Act
    const report = full(buildCohortReport(input([round('end-of-program', responses)])));

    // Assess
    const nps = question(report, 'end-of-program', 'recommend');
    expect(nps.nps).toEqual({ promoters: 2, passives: 2, detractors: 2, score: 0 });
    expect(nps.distribution.map((d) => d.count)).toEqual([1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    expect(nps.mean).toBe(6.67);
    const confidence = question(report, 'end-of-program', 'confidence');
    expect(confidence.distribution).toEqual([
      { value: '1', count: 2 },
      { value: '2', count: 1 },
      { value: '3', count: 1 },
      { value: '4', count: 1 },
      { value: '5', count: 1 },
    ]);
    expect(confidence.mean).toBe(2.67);
    const advancement = question(report, 'end-of-program', 'advancement');
    expect(advancement.distribution.slice(0, 2)).toEqual([
      { value: 'I was promoted', count: 4 },
      { value: 'I took on a stretch assignment', count: 2 },
    ]);
    expect(advancement.advancementRate).toBe(0.667);
    // Only 3 answered this one: too few to show.
    expect(question(report, 'end-of-program', 'support_again')).toMatchObject({
      suppressed: true,
      answered: null,
      distribution: [],
    });
  });

  it('ignores stored answers that do not fit the question', () => {
    const responses = keys(5).map((k, i) => response(k, { confidence: i === 0 ? 9 : 4 }));
    const report = full(buildCohortReport(input([round('intake-baseline', responses)])));
    expect(question(report, 'intake-baseline', 'confidence')).toMatchObject({
      suppressed: true,
      answered: null,
    });
  });

  it('pairs each person’s baseline and end answers to measure change, counting only people with both', () => {
    // Prepare: 6 people answer both; one more only at the end; one answered the baseline twice (first counts).
    const before = [1, 2, 2, 3, 3, 4];
    const after = [3, 3, 4, 3, 5, 4];
    const baseline = round('intake-baseline', [
      ...keys(6).map((k, i) => response(k, { confidence: before[i]!, belonging: 2 })),
    ]);
    const baselineAgain = round('intake-baseline', [response('person-0', { confidence: 5 })], {
      requestId: 'req-again',
      sentAt: '2026-02-01T00:00:00Z',
    });
    const end = round('end-of-program', [
      ...keys(6).map((k, i) => response(k, { confidence: after[i]!, belonging: 3 })),
      response('late-joiner', { confidence: 1, belonging: 1 }),
    ]);

    // Act
    const report = full(buildCohortReport(input([end, baselineAgain, baseline])));

    // Assess
    expect(report.change).toEqual([
      expect.objectContaining({
        questionId: 'confidence',
        measures: 'confidence',
        suppressed: false,
        pairs: 6,
        meanBefore: 2.5,
        meanAfter: 3.67,
        meanChange: 1.17,
      }),
      expect.objectContaining({
        questionId: 'belonging',
        pairs: 6,
        meanBefore: 2,
        meanAfter: 3,
        meanChange: 1,
      }),
    ]);
  });

  it('hides change when fewer than 5 people answered both times', () => {
    const baseline = round(
      'intake-baseline',
      keys(4).map((k) => response(k, { confidence: 2 })),
    );
    const end = round(
      'end-of-program',
      keys(8).map((k) => response(k, { confidence: 4 })),
    );
    const report = full(buildCohortReport(input([baseline, end])));
    expect(report.change[0]).toMatchObject({
      pairs: null,
      meanChange: null,
      suppressed: true,
      breakdowns: [],
    });
  });

  it('breaks figures down by consented identity only for groups of 5, hiding the next smallest with a small one', () => {
    // Prepare: 7 women, 5 men, 2 non-binary people, 3 who did not say.
    const gender = (i: number) => (i < 7 ? 'Woman' : i < 12 ? 'man' : i < 14 ? 'non-binary' : undefined);
    const responses = keys(17).map((k, i) =>
      response(k, { confidence: i < 7 ? 4 : 2 }, { identity: gender(i) ? { gender: gender(i)! } : {} }),
    );

    // Act
    const report = full(buildCohortReport(input([round('intake-baseline', responses)])));

    // Assess: the 2 and the 3 are hidden (5 people together), so "man" can stay.
    const byGender = question(report, 'intake-baseline', 'confidence').breakdowns.find(
      (b) => b.by === 'gender',
    );
    expect(byGender?.groups).toEqual([
      { group: 'man', suppressed: false, n: 5, value: 2 },
      { group: 'Woman', suppressed: false, n: 7, value: 4 },
      { group: null, suppressed: true, why: 'fewer-than-minimum' },
    ]);
  });

  it('hides a large group too when one small group alone could be worked out from the total', () => {
    // Prepare: 6 + 8 + 1 (the 1 must not be derivable as total − 6 − 8).
    const ethnicity = (i: number) => (i < 6 ? 'Black' : i < 14 ? 'South Asian' : 'Pacific Islander');
    const responses = keys(15).map((k, i) =>
      response(k, { belonging: (i % 5) + 1 }, { identity: { ethnicity: ethnicity(i) } }),
    );

    // Act
    const report = full(buildCohortReport(input([round('intake-baseline', responses)])));

    // Assess
    const groups = question(report, 'intake-baseline', 'belonging').breakdowns.find(
      (b) => b.by === 'ethnicity',
    )?.groups;
    expect(groups).toEqual([
      { group: 'South Asian', suppressed: false, n: 8, value: 3 },
      { group: 'Black', suppressed: true, why: 'protects-a-smaller-group' },
      { group: null, suppressed: true, why: 'fewer-than-minimum' },
    ]);
    expect(JSON.stringify(report)).not.toContain('Pacific Islander');
  });

  it('hides the same groups in every question of a survey, so comparing two figures gives no hidden group away', () => {
    // Prepare: 6 women, 5 men, 1 non-binary person. All answer confidence; the non-binary
    // person skips belonging. Deciding per question, confidence would hide "man" with the
    // non-binary person and belonging would show "man" (5): 12 − 6 women − 5 men = the one
    // non-binary person, whose confidence would follow from the means.
    const gender = (i: number) => (i < 6 ? 'woman' : i < 11 ? 'man' : 'non-binary');
    const responses = keys(12).map((k, i) =>
      response(
        k,
        { confidence: (i % 5) + 1, ...(i < 11 ? { belonging: 3 } : {}) },
        { identity: { gender: gender(i) } },
      ),
    );

    // Act
    const report = full(buildCohortReport(input([round('intake-baseline', responses)])));

    // Assess: both questions hide "man" with the smaller group.
    for (const id of ['confidence', 'belonging']) {
      const byGender = question(report, 'intake-baseline', id).breakdowns.find((b) => b.by === 'gender');
      expect(byGender, id).toEqual({
        by: 'gender',
        suppressed: false,
        groups: [
          { group: 'woman', suppressed: false, n: 6, value: expect.any(Number) },
          { group: 'man', suppressed: true, why: 'protects-a-smaller-group' },
          { group: null, suppressed: true, why: 'fewer-than-minimum' },
        ],
      });
    }
  });

  it('hides a whole breakdown for a question where a shown group, or the hidden groups together, answered too little', () => {
    // Prepare: 6 women, 6 men, 2 non-binary people, 3 who did not say: the survey hides the
    // last two (5 together). Confidence: everyone. Belonging: women, men and 2 of the hidden 5,
    // whose answers the total minus the groups shown would give away. Learning: only 4 men.
    const gender = (i: number) => (i < 6 ? 'woman' : i < 12 ? 'man' : i < 14 ? 'non-binary' : undefined);
    const responses = keys(17).map((k, i) =>
      response(
        k,
        {
          confidence: 3,
          ...(i < 14 ? { belonging: 4 } : {}),
          ...(i < 10 ? { supporter_different_background: 5 } : {}),
        },
        { identity: gender(i) ? { gender: gender(i)! } : {} },
      ),
    );

    // Act
    const report = full(buildCohortReport(input([round('intake-baseline', responses)])));

    // Assess
    const byGender = (id: string) =>
      question(report, 'intake-baseline', id).breakdowns.find((b) => b.by === 'gender');
    expect(byGender('confidence')).toEqual({
      by: 'gender',
      suppressed: false,
      groups: [
        { group: 'man', suppressed: false, n: 6, value: 3 },
        { group: 'woman', suppressed: false, n: 6, value: 3 },
        { group: null, suppressed: true, why: 'fewer-than-minimum' },
      ],
    });
    const wholeBreakdownHidden = {
      by: 'gender',
      suppressed: true,
      why: 'too-few-answers-in-a-group',
      groups: [],
    };
    expect(byGender('belonging')).toEqual(wholeBreakdownHidden);
    expect(byGender('supporter_different_background')).toEqual(wholeBreakdownHidden);
  });

  it('counts people who received no role when deciding which roles to hide', () => {
    // Prepare: 6 with a mentor, 6 with a sponsor, 2 seekers without a match. Without counting
    // the 2, everyone's advancement rate minus the two roles shown would give theirs away.
    const role = (i: number) =>
      i < 6 ? seekerWith('mentor') : i < 12 ? seekerWith('sponsor') : seekerWith();
    const responses = keys(14).map((k, i) =>
      response(
        k,
        { advancement: i % 2 ? ['I was promoted'] : ['None of these yet'] },
        { respondent: role(i) },
      ),
    );

    // Act
    const report = full(buildCohortReport(input([round('end-of-program', responses)])));

    // Assess: the 2 are hidden with the next smallest role, which is named.
    const byRole = question(report, 'end-of-program', 'advancement').breakdowns.find(
      (b) => b.by === 'role-received',
    );
    expect(byRole).toEqual({
      by: 'role-received',
      suppressed: false,
      groups: [
        { group: 'sponsor', suppressed: false, n: 6, value: 0.5 },
        { group: 'mentor', suppressed: true, why: 'protects-a-smaller-group' },
        { group: null, suppressed: true, why: 'fewer-than-minimum' },
      ],
    });
  });

  it('shows outcomes by role received: advancement rate and the value of each role', () => {
    // Prepare: 5 with a sponsor (4 advanced), 6 with a mentor (2 advanced), 5 with a coach (1 advanced).
    const responses = [
      ...keys(5, 's').map((k, i) =>
        response(
          k,
          { advancement: i < 4 ? ['I was promoted'] : ['None of these yet'], value_sponsor: 5 },
          { respondent: seekerWith('sponsor') },
        ),
      ),
      ...keys(6, 'm').map((k, i) =>
        response(
          k,
          { advancement: i < 2 ? ['I was promoted'] : ['None of these yet'], value_mentor: 3 },
          { respondent: seekerWith('mentor') },
        ),
      ),
      ...keys(5, 'c').map((k, i) =>
        response(
          k,
          { advancement: i < 1 ? ['I was promoted'] : ['None of these yet'] },
          { respondent: seekerWith('coach') },
        ),
      ),
    ];

    // Act
    const report = full(buildCohortReport(input([round('end-of-program', responses)])));

    // Assess
    const byRole = question(report, 'end-of-program', 'advancement').breakdowns.find(
      (b) => b.by === 'role-received',
    );
    expect(byRole?.groups).toEqual([
      { group: 'coach', suppressed: false, n: 5, value: 0.2 },
      { group: 'mentor', suppressed: false, n: 6, value: 0.333 },
      { group: 'sponsor', suppressed: false, n: 5, value: 0.8 },
    ]);
    expect(question(report, 'end-of-program', 'value_sponsor')).toMatchObject({
      answered: 5,
      mean: 5,
      figure: 'mean',
    });
    expect(question(report, 'end-of-program', 'value_mentor')).toMatchObject({ answered: 6, mean: 3 });
  });

  it('quotes free text only where the writer allowed it, without contact details, in an order unrelated to who wrote it', () => {
    // Prepare
    const texts = [
      'Zoe said: call me on +44 7700 900123',
      'a@example.org knows',
      'Private thing',
      'Better job',
      'More time',
    ];
    const responses = texts.map((text, i) =>
      response(
        `key-${i}`,
        { what_changed: text, recommend: 9 },
        { shareFreeText: i !== 2, respondent: supporterGiving('mentor') },
      ),
    );

    // Act
    const report = full(buildCohortReport(input([round('end-of-program', responses)])));
    const reversed = full(buildCohortReport(input([round('end-of-program', [...responses].reverse())])));

    // Assess
    const quotes = question(report, 'end-of-program', 'what_changed').quotes;
    expect(quotes).toEqual([
      'Better job',
      'More time',
      'Zoe said: call me on [phone number removed]',
      '[e-mail removed] knows',
    ]);
    expect(question(reversed, 'end-of-program', 'what_changed').quotes).toEqual(quotes);
    expect(JSON.stringify(report)).not.toContain('Private thing');
  });

  it('never outputs person keys', () => {
    const responses = keys(8, 'secret-key').map((k, i) =>
      response(k, { confidence: (i % 5) + 1, hopes: 'x' }, { shareFreeText: true }),
    );
    const report = buildCohortReport(
      input([round('intake-baseline', responses), round('end-of-program', responses)]),
    );
    expect(JSON.stringify(report)).not.toContain('secret-key');
  });
});

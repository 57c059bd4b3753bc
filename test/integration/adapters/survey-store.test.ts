import { describe, expect, it } from 'vitest';
import { DynamoSurveyStore } from '#shared/adapters/dynamodb/survey-store.ts';
import { ConflictError } from '#shared/domain/errors.ts';
import { newId } from '#shared/domain/ids.ts';
import { SurveyClosedError, type SurveyRequest, type SurveyResponse } from '#shared/domain/survey-request.ts';
import { DEFAULT_SURVEYS } from '#shared/domain/surveys/defaults.ts';
import { useTestTable } from '../../support/aws-env.ts';

useTestTable();
const store = new DynamoSurveyStore();
const NOW = new Date('2030-03-01T09:00:00.000Z');

function request(overrides: Partial<SurveyRequest> = {}): SurveyRequest {
  return {
    requestId: newId('srq'),
    cohortId: newId('coh'),
    programId: newId('prg'),
    surveyId: 'midpoint',
    version: 1,
    audience: 'everyone',
    trigger: 'admin',
    state: 'open',
    createdAt: NOW.toISOString(),
    sendAt: NOW.toISOString(),
    closesAt: '2030-03-22T09:00:00.000Z',
    reminderDays: [7, 14],
    remindersDone: [],
    sentAt: NOW.toISOString(),
    invited: 3,
    closesCohort: false,
    revision: 1,
    ...overrides,
  };
}

const response = (
  r: SurveyRequest,
  revision: number,
  answers: SurveyResponse['answers'],
): SurveyResponse => ({
  requestId: r.requestId,
  cohortId: r.cohortId,
  participantId: 'ppl_ana',
  surveyId: r.surveyId,
  version: r.version,
  answers,
  updatedAt: NOW.toISOString(),
  revision,
});

describe('survey store', () => {
  it('keeps every version of a program’s survey and finds the newest', async () => {
    // Prepare
    const programId = newId('prg');
    const base = DEFAULT_SURVEYS[1]!;

    // Act
    await store.saveDefinition(programId, { ...base, version: 2 });
    await store.saveDefinition(programId, { ...base, version: 10, title: 'Halfway, again' });
    const again = await store.saveDefinition(programId, { ...base, version: 2 }).catch((e: unknown) => e);

    // Assess
    expect((await store.latestDefinition(programId, 'midpoint'))?.version).toBe(10);
    expect((await store.definition(programId, 'midpoint', 2))?.title).toBe(base.title);
    expect(await store.latestDefinition(programId, 'end-of-program')).toBeUndefined();
    expect(again).toBeInstanceOf(ConflictError);
  });

  it('creates a request once, lists it under its cohort, and moves it on only from the revision read', async () => {
    // Prepare
    const first = request({ state: 'pending' });

    // Act
    await store.createRequest(first);
    const repeated = await store.createRequest({ ...first, audience: 'seekers' });
    const opened = await store.updateRequest(first, { state: 'open', sentAt: NOW.toISOString() });
    const stale = await store.updateRequest(first, { state: 'closed' }).catch((e: unknown) => e);

    // Assess
    expect(repeated.audience).toBe('everyone');
    expect(opened.revision).toBe(2);
    expect(stale).toBeInstanceOf(ConflictError);
    expect(await store.requestsOf(first.cohortId)).toEqual([opened]);
  });

  it('saves answers while open, refuses a stale revision, and refuses everything once closed', async () => {
    // Prepare
    const open = request();
    await store.createRequest(open);

    // Act
    await store.saveResponse(response(open, 1, { progress: 4 }), NOW);
    const raced = await store.saveResponse(response(open, 1, { progress: 2 }), NOW).catch((e: unknown) => e);
    await store.saveResponse(response(open, 2, { progress: 5 }), NOW);
    const afterClose = await store
      .saveResponse(response(open, 3, { progress: 1 }), new Date(open.closesAt))
      .catch((e: unknown) => e);

    // Assess
    expect(raced).toBeInstanceOf(ConflictError);
    expect(raced).not.toBeInstanceOf(SurveyClosedError);
    expect(afterClose).toBeInstanceOf(SurveyClosedError);
    expect(await store.responsesOf(open.requestId)).toEqual([response(open, 2, { progress: 5 })]);
  });
});

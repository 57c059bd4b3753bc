/**
 * Every key in the table is built here and nowhere else. Reading this file tells you the whole
 * data layout:
 *
 * | item                 | pk                 | sk                        | indexes          |
 * |----------------------|--------------------|---------------------------|------------------|
 * | program              | PROGRAMS           | PROGRAM#<programId>       |                  |
 * | cohort               | COHORT#<cohortId>  | COHORT                    |                  |
 * | cohort of a program  | PROGRAM#<programId>| COHORT#<cohortId>         |                  |
 * | milestone            | COHORT#<cohortId>  | MILESTONE#<kind>          | due              |
 * | participant          | COHORT#<cohortId>  | PARTICIPANT#<id>          | byEmail, due     |
 * | email claim          | COHORT#<cohortId>  | EMAIL#<normalised email>  | byEmail          |
 * | applicant import     | COHORT#<cohortId>  | IMPORT#<importId>         |                  |
 * | match (one need)     | COHORT#<cohortId>  | MATCH#<runId>#<seeker>#<role> |              |
 * | pin / forbid         | COHORT#<cohortId>  | PIN#<seeker>#<role> / FORBID#<seeker>#<supporter> |  |
 * | email send record    | SEND#<sendKey>     | SEND                      |                  |
 * | survey definition    | PROGRAM#<programId>| SURVEY#<surveyId>#<version, 6 digits> |      |
 * | survey request       | SURVEYREQ#<requestId> | REQUEST                | due              |
 * | request of a cohort  | COHORT#<cohortId>  | SURVEYREQ#<requestId>     |                  |
 * | survey response      | SURVEYREQ#<requestId> | RESPONSE#<participantId> |                |
 * | cohort report        | COHORT#<cohortId>  | REPORT                    |                  |
 * | check-in plan        | COHORT#<cohortId>  | CHECKINPLAN               |                  |
 * | check-in round       | COHORT#<cohortId>  | CHECKINROUND#<round, 3 digits> | due         |
 * | check-in digest      | COHORT#<cohortId>  | CHECKINDIGEST             | due              |
 * | check-in pair        | COHORT#<cohortId>  | PAIR#<seeker>~<role>~<supporter> |           |
 * | check-in answer      | CHECKIN#<cohortId>#<round> | <pair>#<participantId> | due (follow-ups) |
 * | notice (alert log)   | COHORT#<cohortId>  | NOTICE#<kind>#<id>        |                  |
 * | suppressed address   | SUPPRESSED#<email> | SUPPRESSED                | byEmail          |
 *
 * Every item also carries `type` (the item's name above), so a page of the due index can be told apart.
 */
export const keys = {
  programList: () => 'PROGRAMS',
  program: (programId: string) => ({ pk: 'PROGRAMS', sk: `PROGRAM#${programId}` }),
  cohort: (cohortId: string) => ({ pk: `COHORT#${cohortId}`, sk: 'COHORT' }),
  cohortOfProgram: (programId: string, cohortId: string) => ({
    pk: `PROGRAM#${programId}`,
    sk: `COHORT#${cohortId}`,
  }),
  cohortsOfProgram: (programId: string) => ({ pk: `PROGRAM#${programId}`, skPrefix: 'COHORT#' }),
  milestone: (cohortId: string, kind: string) => ({ pk: `COHORT#${cohortId}`, sk: `MILESTONE#${kind}` }),
  participant: (cohortId: string, participantId: string) => ({
    pk: `COHORT#${cohortId}`,
    sk: `PARTICIPANT#${participantId}`,
  }),
  participantsOfCohort: (cohortId: string) => ({ pk: `COHORT#${cohortId}`, skPrefix: 'PARTICIPANT#' }),
  emailClaim: (cohortId: string, emailNormalised: string) => ({
    pk: `COHORT#${cohortId}`,
    sk: `EMAIL#${emailNormalised}`,
  }),
  applicantImport: (cohortId: string, importId: string) => ({
    pk: `COHORT#${cohortId}`,
    sk: `IMPORT#${importId}`,
  }),
  match: (cohortId: string, runId: string, seekerId: string, role: string) => ({
    pk: `COHORT#${cohortId}`,
    sk: `MATCH#${runId}#${seekerId}#${role}`,
  }),
  matchesOfRun: (cohortId: string, runId: string) => ({
    pk: `COHORT#${cohortId}`,
    skPrefix: `MATCH#${runId}#`,
  }),
  pin: (cohortId: string, seekerId: string, role: string) => ({
    pk: `COHORT#${cohortId}`,
    sk: `PIN#${seekerId}#${role}`,
  }),
  forbid: (cohortId: string, seekerId: string, supporterId: string) => ({
    pk: `COHORT#${cohortId}`,
    sk: `FORBID#${seekerId}#${supporterId}`,
  }),
  send: (sendKey: string) => ({ pk: `SEND#${sendKey}`, sk: 'SEND' }),
  // Zero-padded so that sort-key order is version order and the newest is the last.
  surveyDefinition: (programId: string, surveyId: string, version: number) => ({
    pk: `PROGRAM#${programId}`,
    sk: `SURVEY#${surveyId}#${String(version).padStart(6, '0')}`,
  }),
  surveyDefinitions: (programId: string, surveyId: string) => ({
    pk: `PROGRAM#${programId}`,
    skPrefix: `SURVEY#${surveyId}#`,
  }),
  // A request and its responses share a partition, so a survey link (which names the request)
  // finds both without knowing the cohort, and closing a request reads one partition.
  surveyRequest: (requestId: string) => ({ pk: `SURVEYREQ#${requestId}`, sk: 'REQUEST' }),
  surveyRequestOfCohort: (cohortId: string, requestId: string) => ({
    pk: `COHORT#${cohortId}`,
    sk: `SURVEYREQ#${requestId}`,
  }),
  surveyRequestsOfCohort: (cohortId: string) => ({ pk: `COHORT#${cohortId}`, skPrefix: 'SURVEYREQ#' }),
  surveyResponse: (requestId: string, participantId: string) => ({
    pk: `SURVEYREQ#${requestId}`,
    sk: `RESPONSE#${participantId}`,
  }),
  surveyResponses: (requestId: string) => ({ pk: `SURVEYREQ#${requestId}`, skPrefix: 'RESPONSE#' }),
  cohortReport: (cohortId: string) => ({ pk: `COHORT#${cohortId}`, sk: 'REPORT' }),
  checkInPlan: (cohortId: string) => ({ pk: `COHORT#${cohortId}`, sk: 'CHECKINPLAN' }),
  checkInRound: (cohortId: string, round: number) => ({
    pk: `COHORT#${cohortId}`,
    sk: `CHECKINROUND#${String(round).padStart(3, '0')}`,
  }),
  checkInRounds: (cohortId: string) => ({ pk: `COHORT#${cohortId}`, skPrefix: 'CHECKINROUND#' }),
  checkInDigest: (cohortId: string) => ({ pk: `COHORT#${cohortId}`, sk: 'CHECKINDIGEST' }),
  checkInPair: (cohortId: string, pairKey: string) => ({ pk: `COHORT#${cohortId}`, sk: `PAIR#${pairKey}` }),
  // Answers get a partition per round: a round's answers are read together at close, and a
  // round's writes do not pile onto the cohort's partition.
  checkIn: (cohortId: string, round: number, pairKey: string, participantId: string) => ({
    pk: `CHECKIN#${cohortId}#${round}`,
    sk: `${pairKey}#${participantId}`,
  }),
  checkInsOfRound: (cohortId: string, round: number) => ({ pk: `CHECKIN#${cohortId}#${round}` }),
  notice: (cohortId: string, kind: string, id: string) => ({
    pk: `COHORT#${cohortId}`,
    sk: `NOTICE#${kind}#${id}`,
  }),
  notices: (cohortId: string, kind = '') => ({
    pk: `COHORT#${cohortId}`,
    skPrefix: kind ? `NOTICE#${kind}#` : 'NOTICE#',
  }),
  suppressed: (emailNormalised: string) => ({ pk: `SUPPRESSED#${emailNormalised}`, sk: 'SUPPRESSED' }),
};

/** Drops the storage-only attributes so domain objects never see keys. */
export function stripKeys<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, type: _type, byEmail: _byEmail, dueJob: _dueJob, dueAt: _dueAt, ...rest } = item;
  return rest as T;
}

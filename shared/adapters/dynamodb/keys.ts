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
  suppressed: (emailNormalised: string) => ({ pk: `SUPPRESSED#${emailNormalised}`, sk: 'SUPPRESSED' }),
};

/** Drops the storage-only attributes so domain objects never see keys. */
export function stripKeys<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, type: _type, byEmail: _byEmail, dueJob: _dueJob, dueAt: _dueAt, ...rest } = item;
  return rest as T;
}

import * as z from 'zod';
import { awsDeps } from '#shared/adapters/aws-deps.ts';
import { PARTICIPANT_STATUSES } from '#shared/domain/participant.ts';
import { httpFunction, json } from '#shared/http/http-function.ts';
import { importApplicants } from '#shared/use-cases/import-applicants.ts';
import {
  decideApplication,
  exportApplications,
  importProgress,
  intakeStatus,
  listApplications,
} from '#shared/use-cases/review-applications.ts';

/** The CSV travels inside JSON so the client can name the import and ask for a dry run. */
const importBodySchema = z.object({
  importId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8–64 letters, digits, _ or - (a UUID works)'),
  csv: z.string().min(1, 'is empty; send the CSV file text'),
  dryRun: z.boolean().default(false),
  allowPartial: z.boolean().default(false),
});

const listQuerySchema = z.object({
  status: z.enum(PARTICIPANT_STATUSES).optional(),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const decisionSchema = z.object({ decision: z.enum(['approve', 'decline']) });

export const handler = httpFunction('intake-api', {
  'POST /cohorts/{cohortId}/imports': async (request) => {
    const body = importBodySchema.parse(request.json());
    const outcome = await importApplicants(awsDeps, { cohortId: request.params.cohortId!, ...body });
    // All or nothing: rows with problems mean nothing was written, and the answer says which rows.
    return json(outcome.problems.length > 0 && !body.allowPartial ? 422 : 200, outcome);
  },
  'GET /cohorts/{cohortId}/imports/{importId}': async ({ params }) =>
    json(200, await importProgress(awsDeps, params.cohortId!, params.importId!)),
  'GET /cohorts/{cohortId}/applications': async ({ params, query }) =>
    json(200, await listApplications(awsDeps, params.cohortId!, listQuerySchema.parse(query))),
  'GET /cohorts/{cohortId}/applications/export': async ({ params }) => ({
    statusCode: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="applications-${params.cohortId}.csv"`,
      'cache-control': 'no-store',
    },
    body: await exportApplications(awsDeps, params.cohortId!),
  }),
  'POST /cohorts/{cohortId}/applications/{participantId}/decision': async (request) =>
    json(
      200,
      await decideApplication(
        awsDeps,
        request.params.cohortId!,
        request.params.participantId!,
        decisionSchema.parse(request.json()).decision,
      ),
    ),
  'GET /cohorts/{cohortId}/intake': async ({ params }) =>
    json(200, await intakeStatus(awsDeps, params.cohortId!)),
});

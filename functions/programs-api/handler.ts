import { awsDeps } from '#shared/adapters/aws-deps.ts';
import { launchCohortInputSchema } from '#shared/domain/cohort.ts';
import { createProgramInputSchema } from '#shared/domain/program.ts';
import { httpFunction, json } from '#shared/http/http-function.ts';
import { createProgram } from '#shared/use-cases/create-program.ts';
import { launchCohort } from '#shared/use-cases/launch-cohort.ts';
import { listPrograms, viewCohort, viewProgram } from '#shared/use-cases/view-programs.ts';

export const handler = httpFunction('programs-api', {
  'POST /programs': async (request) =>
    json(
      201,
      await createProgram(
        awsDeps,
        request.actor!,
        createProgramInputSchema.parse(request.json()),
        request.idempotencyKey,
      ),
    ),
  'GET /programs': async () => json(200, { programs: await listPrograms(awsDeps) }),
  'GET /programs/{programId}': async ({ params }) => json(200, await viewProgram(awsDeps, params.programId!)),
  'POST /programs/{programId}/cohorts': async (request) =>
    json(
      201,
      await launchCohort(
        awsDeps,
        request.actor!,
        request.params.programId!,
        launchCohortInputSchema.parse(request.json()),
        request.idempotencyKey,
      ),
    ),
  'GET /cohorts/{cohortId}': async ({ params }) => json(200, await viewCohort(awsDeps, params.cohortId!)),
});

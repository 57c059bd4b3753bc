import * as z from 'zod';
import { awsDeps } from '#shared/adapters/aws-deps.ts';
import { supportRoleSchema } from '#shared/domain/support-roles.ts';
import { httpFunction, json } from '#shared/http/http-function.ts';
import { proposeMatches } from '#shared/use-cases/propose-matches.ts';
import { rematchSeeker } from '#shared/use-cases/rematch-seeker.ts';
import {
  approveMatches,
  forbidMatch,
  pinMatch,
  swapMatches,
  viewFairness,
  viewMatches,
} from '#shared/use-cases/review-matches.ts';

const personId = z.string().min(1).max(64);
const pinSchema = z.object({ seekerId: personId, supporterId: personId, role: supportRoleSchema });
const forbidSchema = z.object({ seekerId: personId, supporterId: personId });
const swapSchema = z.object({ seekerA: personId, seekerB: personId, role: supportRoleSchema });
const endSchema = z.object({ role: supportRoleSchema, reason: z.enum(['not-a-fit', 'left']) });

export const handler = httpFunction('matching-api', {
  'GET /cohorts/{cohortId}/matches': async ({ params }) =>
    json(200, await viewMatches(awsDeps, params.cohortId!)),
  'GET /cohorts/{cohortId}/matches/fairness': async ({ params }) =>
    json(200, await viewFairness(awsDeps, params.cohortId!)),
  'GET /cohorts/{cohortId}/matches/{seekerId}': async ({ params }) =>
    json(200, await viewMatches(awsDeps, params.cohortId!, params.seekerId!)),
  'POST /cohorts/{cohortId}/matches/pins': async (request) =>
    json(200, await pinMatch(awsDeps, request.params.cohortId!, pinSchema.parse(request.json()))),
  'POST /cohorts/{cohortId}/matches/forbids': async (request) =>
    json(200, await forbidMatch(awsDeps, request.params.cohortId!, forbidSchema.parse(request.json()))),
  'POST /cohorts/{cohortId}/matches/swaps': async (request) =>
    json(200, await swapMatches(awsDeps, request.params.cohortId!, swapSchema.parse(request.json()))),
  'POST /cohorts/{cohortId}/matches/runs': async ({ params }) =>
    json(200, await proposeMatches(awsDeps, params.cohortId!)),
  'POST /cohorts/{cohortId}/matches/approval': async ({ params }) =>
    json(200, { cohort: await approveMatches(awsDeps, params.cohortId!) }),
  'POST /cohorts/{cohortId}/matches/{seekerId}/end': async (request) => {
    const { role } = endSchema.parse(request.json());
    return json(200, await rematchSeeker(awsDeps, request.params.cohortId!, request.params.seekerId!, role));
  },
});

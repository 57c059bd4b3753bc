import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One structured logger for every function. Log lines carry ids (participant, cohort, send
 * key), never names, addresses or answers: privacy is part of correctness.
 */
export const logger = new Logger({ serviceName: 'mentorflow' });

/**
 * The one manifest of mentorflow's functions. The CDK stateless stack turns each entry into a
 * Lambda function with its triggers and least-privilege grants; the local runtime serves the same
 * routes, fires the same schedules and delivers the same events and queue messages to the same
 * handlers. Adding a function is one entry here and nothing else.
 */

/** Who may call an HTTP route. `coordinator` routes also admit admins; `public` routes are
 * authorised by the signed link in their path, never by a JWT. */
export type RouteAuth = 'public' | 'coordinator' | 'admin';

export interface HttpRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** API Gateway HTTP API path syntax, e.g. `/cohorts/{cohortId}`. */
  path: string;
  auth: RouteAuth;
}

export type Trigger =
  | { kind: 'http'; routes: HttpRoute[] }
  /** Reconciling jobs run at a fixed rate and ask the due index what to do. */
  | { kind: 'schedule'; everyMinutes: number }
  /** Domain events on our custom bus, or AWS events (`aws.ses`) forwarded to it. */
  | { kind: 'event'; source: string; detailTypes: string[] }
  | { kind: 'queue'; queue: QueueName; batchSize: number; maxConcurrency: number };

export type QueueName = 'send';

/** What a function may touch. Each key becomes one grant and one environment variable. */
export interface Access {
  table?: 'read' | 'readWrite';
  /** PutEvents on the custom bus. */
  bus?: boolean;
  /** SendMessage on the named queues. */
  queues?: QueueName[];
  /** ses:SendEmail through the configuration set. */
  mail?: boolean;
  /** Read the HMAC key that signs participant links. */
  signingSecret?: boolean;
}

export interface FunctionSpec {
  /** kebab-case; also the folder under `functions/`. */
  name: string;
  description: string;
  /** Path from the repository root to the handler module; it exports `handler`. */
  entry: string;
  timeoutSeconds: number;
  memoryMb: number;
  triggers: Trigger[];
  access: Access;
}

export interface QueueSpec {
  name: QueueName;
  /** Must exceed the consumer's timeout (AWS recommends six times) so a message is not re-delivered mid-run. */
  visibilityTimeoutSeconds: number;
  /** After this many receives a message goes to the dead-letter queue. */
  maxReceiveCount: number;
}

export const EVENT_SOURCE = 'mentorflow';

export const queues: QueueSpec[] = [{ name: 'send', visibilityTimeoutSeconds: 180, maxReceiveCount: 5 }];

export const functions: FunctionSpec[] = [
  {
    name: 'programs-api',
    description: 'Coordinators create programs and launch cohorts.',
    entry: 'functions/programs-api/handler.ts',
    timeoutSeconds: 10,
    memoryMb: 512,
    triggers: [
      {
        kind: 'http',
        routes: [
          { method: 'POST', path: '/programs', auth: 'coordinator' },
          { method: 'GET', path: '/programs', auth: 'coordinator' },
          { method: 'GET', path: '/programs/{programId}', auth: 'coordinator' },
          { method: 'POST', path: '/programs/{programId}/cohorts', auth: 'coordinator' },
          { method: 'GET', path: '/cohorts/{cohortId}', auth: 'coordinator' },
        ],
      },
    ],
    access: { table: 'readWrite', bus: true, signingSecret: true },
  },
  {
    name: 'intake-api',
    description: 'Coordinators import applicants, review applications and watch intake.',
    entry: 'functions/intake-api/handler.ts',
    timeoutSeconds: 29,
    memoryMb: 1024,
    triggers: [
      {
        kind: 'http',
        routes: [
          { method: 'POST', path: '/cohorts/{cohortId}/imports', auth: 'coordinator' },
          { method: 'GET', path: '/cohorts/{cohortId}/imports/{importId}', auth: 'coordinator' },
          { method: 'GET', path: '/cohorts/{cohortId}/applications', auth: 'coordinator' },
          { method: 'GET', path: '/cohorts/{cohortId}/applications/export', auth: 'coordinator' },
          {
            method: 'POST',
            path: '/cohorts/{cohortId}/applications/{participantId}/decision',
            auth: 'coordinator',
          },
          { method: 'GET', path: '/cohorts/{cohortId}/intake', auth: 'coordinator' },
        ],
      },
    ],
    access: { table: 'readWrite', bus: true },
  },
  {
    name: 'application-pages',
    description: 'Participants apply and update their application through signed links, or unsubscribe.',
    entry: 'functions/application-pages/handler.ts',
    timeoutSeconds: 10,
    memoryMb: 512,
    triggers: [
      {
        kind: 'http',
        routes: [
          { method: 'GET', path: '/apply/{token}', auth: 'public' },
          { method: 'POST', path: '/apply/{token}', auth: 'public' },
          { method: 'GET', path: '/join/{token}', auth: 'public' },
          { method: 'POST', path: '/join/{token}', auth: 'public' },
          // RFC 8058: mail clients POST here for one-click unsubscribe; the GET shows a confirm page.
          { method: 'GET', path: '/unsubscribe/{token}', auth: 'public' },
          { method: 'POST', path: '/unsubscribe/{token}', auth: 'public' },
        ],
      },
    ],
    access: { table: 'readWrite', bus: true, queues: ['send'], signingSecret: true },
  },
  {
    name: 'intake-job',
    description:
      'Opens intake, sends invitations and the reminder, closes intake and reports to the coordinator.',
    entry: 'functions/intake-job/handler.ts',
    timeoutSeconds: 300,
    memoryMb: 1024,
    triggers: [
      { kind: 'schedule', everyMinutes: 5 },
      // These events mean "something is due now": run at once instead of at the next tick.
      {
        kind: 'event',
        source: EVENT_SOURCE,
        detailTypes: ['CohortLaunched', 'ApplicantsImported', 'ApplicationRequested'],
      },
    ],
    access: { table: 'readWrite', bus: true, queues: ['send'], signingSecret: true },
  },
  {
    name: 'matching-api',
    description:
      'Coordinators review proposed matches: explain, pin, forbid, swap, re-run, approve, end early.',
    entry: 'functions/matching-api/handler.ts',
    timeoutSeconds: 29,
    memoryMb: 1769,
    triggers: [
      {
        kind: 'http',
        routes: [
          { method: 'GET', path: '/cohorts/{cohortId}/matches', auth: 'coordinator' },
          { method: 'GET', path: '/cohorts/{cohortId}/matches/fairness', auth: 'coordinator' },
          { method: 'GET', path: '/cohorts/{cohortId}/matches/{seekerId}', auth: 'coordinator' },
          { method: 'POST', path: '/cohorts/{cohortId}/matches/pins', auth: 'coordinator' },
          { method: 'POST', path: '/cohorts/{cohortId}/matches/forbids', auth: 'coordinator' },
          { method: 'POST', path: '/cohorts/{cohortId}/matches/swaps', auth: 'coordinator' },
          { method: 'POST', path: '/cohorts/{cohortId}/matches/runs', auth: 'coordinator' },
          { method: 'POST', path: '/cohorts/{cohortId}/matches/approval', auth: 'coordinator' },
          { method: 'POST', path: '/cohorts/{cohortId}/matches/{seekerId}/end', auth: 'coordinator' },
        ],
      },
    ],
    access: { table: 'readWrite', bus: true, queues: ['send'], signingSecret: true },
  },
  {
    name: 'matching-job',
    description:
      'Proposes matches when intake closes, and introduces every pair once the coordinator approves.',
    entry: 'functions/matching-job/handler.ts',
    // Exact matching of 50,000 seekers plus reading and writing them: minutes, not seconds.
    timeoutSeconds: 600,
    memoryMb: 3008,
    triggers: [{ kind: 'event', source: EVENT_SOURCE, detailTypes: ['IntakeClosed', 'MatchesApproved'] }],
    access: { table: 'readWrite', bus: true, queues: ['send'], signingSecret: true },
  },
  {
    name: 'surveys-api',
    description:
      "Admins trigger a survey now; coordinators list a cohort's surveys, read its report and add program surveys.",
    entry: 'functions/surveys-api/handler.ts',
    timeoutSeconds: 29,
    memoryMb: 1024,
    triggers: [
      {
        kind: 'http',
        routes: [
          { method: 'POST', path: '/cohorts/{cohortId}/surveys', auth: 'admin' },
          { method: 'GET', path: '/cohorts/{cohortId}/surveys', auth: 'coordinator' },
          { method: 'GET', path: '/cohorts/{cohortId}/report', auth: 'coordinator' },
          { method: 'POST', path: '/programs/{programId}/surveys', auth: 'coordinator' },
        ],
      },
    ],
    // The signing secret keys the report's per-person HMAC (pairs baseline and end answers).
    access: { table: 'readWrite', bus: true, signingSecret: true },
  },
  {
    name: 'survey-pages',
    description:
      'Participants answer a survey through their signed link: save, change and submit until it closes.',
    entry: 'functions/survey-pages/handler.ts',
    timeoutSeconds: 10,
    memoryMb: 512,
    triggers: [
      {
        kind: 'http',
        routes: [
          // The GET only shows the form (link scanners open every link); the POST saves.
          { method: 'GET', path: '/survey/{token}', auth: 'public' },
          { method: 'POST', path: '/survey/{token}', auth: 'public' },
        ],
      },
    ],
    access: { table: 'readWrite', signingSecret: true },
  },
  {
    name: 'surveys-job',
    description:
      "Sends the baseline, midpoint and end surveys and admins' surveys, reminds, closes them, and closes the cohort.",
    entry: 'functions/surveys-job/handler.ts',
    timeoutSeconds: 300,
    memoryMb: 1024,
    triggers: [
      { kind: 'schedule', everyMinutes: 5 },
      // An admin's survey goes out at once; approved matches send the baseline survey.
      { kind: 'event', source: EVENT_SOURCE, detailTypes: ['SurveyRequested', 'MatchesApproved'] },
    ],
    access: { table: 'readWrite', bus: true, queues: ['send'], signingSecret: true },
  },
  {
    name: 'check-ins-job',
    description:
      "Starts running cohorts, sends check-in rounds and one reminder, closes rounds with alerts, and sends coordinators' daily digest.",
    entry: 'functions/check-ins-job/handler.ts',
    // A round of 100,000 check-ins is paged with a saved cursor; the run stops at a budget below this.
    timeoutSeconds: 900,
    memoryMb: 1769,
    triggers: [
      { kind: 'schedule', everyMinutes: 5 },
      // Approval after the program start begins the check-ins at once.
      { kind: 'event', source: EVENT_SOURCE, detailTypes: ['MatchesApproved'] },
    ],
    access: { table: 'readWrite', bus: true, queues: ['send'], signingSecret: true },
  },
  {
    name: 'check-in-pages',
    description:
      'Participants answer a check-in through their signed link: confirm, change until the round closes, ask for help.',
    entry: 'functions/check-in-pages/handler.ts',
    timeoutSeconds: 10,
    memoryMb: 512,
    triggers: [
      {
        kind: 'http',
        routes: [
          // The GET only shows the answer chosen in the email (link scanners open every link); the POST records.
          { method: 'GET', path: '/check-in/{token}', auth: 'public' },
          { method: 'POST', path: '/check-in/{token}', auth: 'public' },
        ],
      },
    ],
    // Queue and bus: a help request reaches the coordinator at once; a "not a fit" re-match introduces the new pair.
    access: { table: 'readWrite', bus: true, queues: ['send'], signingSecret: true },
  },
  {
    name: 'check-ins-api',
    description: "Coordinators watch a cohort's check-in health and clear a tired supporter's flag.",
    entry: 'functions/check-ins-api/handler.ts',
    timeoutSeconds: 29,
    memoryMb: 1024,
    triggers: [
      {
        kind: 'http',
        routes: [
          { method: 'GET', path: '/cohorts/{cohortId}/check-ins', auth: 'coordinator' },
          {
            method: 'POST',
            path: '/cohorts/{cohortId}/supporters/{participantId}/clear-flag',
            auth: 'coordinator',
          },
        ],
      },
    ],
    access: { table: 'readWrite' },
  },
  {
    name: 'email-sender',
    description: 'Sends queued emails exactly once, skipping suppressed addresses.',
    entry: 'functions/email-sender/handler.ts',
    timeoutSeconds: 30,
    memoryMb: 512,
    triggers: [{ kind: 'queue', queue: 'send', batchSize: 10, maxConcurrency: 5 }],
    access: { table: 'readWrite', mail: true },
  },
  {
    name: 'email-feedback',
    description: 'Adds bounced and complaining addresses to the suppression list.',
    entry: 'functions/email-feedback/handler.ts',
    timeoutSeconds: 10,
    memoryMb: 256,
    triggers: [
      { kind: 'event', source: 'aws.ses', detailTypes: ['Email Bounced', 'Email Complaint Received'] },
    ],
    access: { table: 'readWrite' },
  },
];

/** Environment variable names, shared by the CDK grants, the local runtime and the adapters. */
export const ENV = {
  tableName: 'TABLE_NAME',
  eventBusName: 'EVENT_BUS_NAME',
  signingSecretArn: 'SIGNING_SECRET_ARN',
  /** Local runtime only: the signing key itself, so no Secrets Manager is needed on a laptop. */
  signingSecret: 'SIGNING_SECRET',
  mailFrom: 'MAIL_FROM',
  configurationSet: 'SES_CONFIGURATION_SET',
  publicBaseUrl: 'PUBLIC_BASE_URL',
  /** Local runtime only: where its jumpable clock stands (see `shared/adapters/system-clock.ts`). Unset on AWS. */
  localClock: 'MENTORFLOW_LOCAL_CLOCK',
} as const;

/** `SEND_QUEUE_URL` for the `send` queue. */
export function queueUrlEnv(queue: QueueName): string {
  return `${queue.toUpperCase()}_QUEUE_URL`;
}

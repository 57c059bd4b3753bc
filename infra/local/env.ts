/**
 * Identity of the pretend AWS account everything local lives in. ARNs and queue URLs are built
 * from these so handlers see the shapes they see on AWS.
 */
export const LOCAL_ACCOUNT_ID = '000000000000';
const DEFAULT_LOCAL_REGION = 'us-east-1';

/** Names the handlers get for what is a configuration choice on AWS. */
export const LOCAL_EVENT_BUS = 'mentorflow-local';
export const LOCAL_CONFIGURATION_SET = 'mentorflow-local';
export const LOCAL_MAIL_FROM = 'mentorflow@example.org';

export function localRegion(): string {
  return process.env.AWS_REGION ?? DEFAULT_LOCAL_REGION;
}

/** `arn:aws:<service>:<region>:000000000000:<resource>` */
export function localArn(service: string, resource: string): string {
  return `arn:aws:${service}:${localRegion()}:${LOCAL_ACCOUNT_ID}:${resource}`;
}

/**
 * Dummy credentials, always set over whatever the developer has: the SDK must sign requests,
 * and real credentials must never be sent to a local endpoint (or anywhere) by accident.
 */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/** The variables that make an unconfigured AWS SDK client talk to the local emulators. */
export function localAwsEnv(endpoints: { dynamoUrl: string; sesUrl: string }): Record<string, string> {
  return {
    AWS_REGION: localRegion(),
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    // No instance metadata on a laptop: without this a missing variable costs a slow IMDS timeout.
    AWS_EC2_METADATA_DISABLED: 'true',
    // Node 20 is what CI runs (FACTS.md); the SDK's "upgrade to 22" notice is noise here.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamoUrl,
    AWS_ENDPOINT_URL_SESV2: endpoints.sesUrl,
  };
}

/**
 * Sets variables on `process.env` and returns a function that puts back what was there, so a
 * stopped runtime does not leave a later one (in the same test worker) pointing at dead ports.
 */
export function applyEnv(vars: Record<string, string>): () => void {
  const previous = new Map(Object.keys(vars).map((name) => [name, process.env[name]]));
  Object.assign(process.env, vars);
  return () => {
    for (const [name, value] of previous) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

/**
 * What the global setup hands to every test file through `inject()`. Forked workers also
 * inherit the same values as `AWS_ENDPOINT_URL_*` variables.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    dynamoUrl: string;
    sesUrl: string;
  }
}

export {};

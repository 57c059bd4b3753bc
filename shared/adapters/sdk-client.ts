/**
 * One SDK client per endpoint. On AWS the endpoint never changes, so this is one client per
 * process; locally a second runtime in the same process (tests, `simulate`) points the
 * standard `AWS_ENDPOINT_URL_*` variable elsewhere and gets a client of its own.
 */
export function clientPerEndpoint<T>(endpointVariable: string, make: () => T): () => T {
  let cached: { endpoint: string | undefined; client: T } | undefined;
  return () => {
    const endpoint = process.env[endpointVariable];
    if (!cached || cached.endpoint !== endpoint) cached = { endpoint, client: make() };
    return cached.client;
  };
}

/** The HMAC key for participant links; fetched once per process. */
export interface SigningKey {
  get(): Promise<string>;
}

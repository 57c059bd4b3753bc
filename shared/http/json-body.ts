/** A request body that is not JSON: the caller's mistake (400), unlike a SyntaxError from our own code. */
export class InvalidJsonError extends Error {
  override readonly name = 'InvalidJsonError';
}

/** The body parsed as JSON; `{}` when empty, so a route with only optional fields needs no body. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidJsonError(`The request body is not valid JSON (${(error as Error).message}).`);
  }
}

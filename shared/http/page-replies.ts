import type { FieldProblem } from '#shared/domain/errors.ts';
import { renderErrorPage } from '#shared/web/pages/message-page.ts';
import type { MappedError } from './error-mapper.ts';
import { htmlPage, type Reply } from './http-function.ts';

/** Participant pages answer every refusal with a page that says what to do next, never JSON. */
export const errorPageReply = (mapped: MappedError, requestId: string): Reply =>
  htmlPage(mapped.statusCode, renderErrorPage(mapped, requestId));

/** A refused form shows each problem beside its field. */
export const fieldErrors = (problems: readonly FieldProblem[]): Record<string, string> =>
  Object.fromEntries(problems.map((p) => [p.field, p.message]));

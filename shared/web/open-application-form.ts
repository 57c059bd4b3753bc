import * as z from 'zod';
import { emailSchema } from '#shared/domain/email-address.ts';
import { type FieldErrors, type FormValues, parseFormBody } from './application-form.ts';

/** The open application link asks only who someone is; the rest comes through their personal link. */
const openApplicationSchema = z.object({
  name: z.string().trim().min(1, 'is required').max(120, 'must be at most 120 characters'),
  email: z.string().trim().min(1, 'is required').pipe(emailSchema),
});

const labels: Record<string, string> = { name: 'Your name', email: 'Your email address' };

export function parseOpenApplicationForm(
  body: string,
):
  | { ok: true; value: z.output<typeof openApplicationSchema> }
  | { ok: false; errors: FieldErrors; values: FormValues } {
  const values = parseFormBody(body);
  const parsed = openApplicationSchema.safeParse(
    { name: values.name?.[0] ?? '', email: values.email?.[0] ?? '' },
    // Messages the schemas set are predicates ("is required"); this words the rest the same way.
    { error: () => 'is not valid' },
  );
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0]);
    errors[key] ??= `${labels[key]} ${issue.message}`;
  }
  return { ok: false, errors, values };
}

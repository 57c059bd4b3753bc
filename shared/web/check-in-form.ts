import { type CheckInAnswer, SPONSOR_ACTIONS } from '#shared/domain/check-ins/answers.ts';
import { type FormValues, parseFormBody } from './application-form.ts';

/** The form's field names are the answer's own: `met`, `rating`, `energy`, `fit`, `actions`, ... */
const YES = 'yes';

const yesNo = (value: string | undefined): boolean | string | undefined =>
  value === undefined || value === '' ? undefined : value === YES ? true : value === 'no' ? false : value;

/**
 * The posted form as an answer for `checkAnswer` to judge. Values it does not know stay as they
 * came, so the check can name the field; boxes left unticked are simply not answered.
 */
export function parseCheckInForm(body: string): { values: FormValues; input: Record<string, unknown> } {
  const values = parseFormBody(body);
  const one = (name: string) => values[name]?.[0]?.trim() || undefined;
  const input: Record<string, unknown> = {
    met: yesNo(one('met')),
    rating: one('rating'),
    energy: one('energy'),
    fit: one('fit'),
    actions: values.actions?.length ? [...values.actions] : undefined,
    help: one('help') === YES ? true : undefined,
    helpNote: one('helpNote'),
    appreciation: one('appreciation'),
    rematch: one('rematch') === YES ? true : undefined,
  };
  return { values, input };
}

/** A stored answer as form values, to show it again. */
export function answerToFormValues(answer: CheckInAnswer): Record<string, string[]> {
  const values: Record<string, string[]> = {};
  if (answer.met !== undefined) values.met = [answer.met ? YES : 'no'];
  if (answer.rating !== undefined) values.rating = [String(answer.rating)];
  if (answer.energy !== undefined) values.energy = [String(answer.energy)];
  if (answer.fit) values.fit = [answer.fit];
  if (answer.actions) values.actions = [...answer.actions];
  if (answer.help) values.help = [YES];
  if (answer.helpNote) values.helpNote = [answer.helpNote];
  if (answer.appreciation) values.appreciation = [answer.appreciation];
  if (answer.rematch) values.rematch = [YES];
  return values;
}

const CHOICES: Record<string, readonly string[]> = {
  met: [YES, 'no'],
  rating: ['1', '2', '3', '4', '5'],
  energy: ['1', '2', '3', '4', '5'],
  fit: ['good', 'deciding', 'not-a-fit'],
  help: [YES],
};

/**
 * The one-click choice from the email's link (`?met=yes`, `?action=nominated`), added to what is
 * stored. Anything it does not recognise is ignored: the page then shows the answer as it is.
 */
export function withEmailChoice(
  values: Record<string, string[]>,
  query: Readonly<Record<string, string | undefined>>,
): boolean {
  let chosen = false;
  for (const [field, allowed] of Object.entries(CHOICES)) {
    const value = query[field];
    if (value !== undefined && allowed.includes(value)) {
      values[field] = [value];
      chosen = true;
    }
  }
  const action = query.action;
  if (action && (SPONSOR_ACTIONS as readonly string[]).includes(action)) {
    values.actions = [...new Set([...(values.actions ?? []), action])];
    chosen = true;
  }
  return chosen;
}

import type * as z from 'zod';
import {
  applicationSchema,
  IDENTITY_FIELDS,
  MAX_CAPACITY_PER_ROLE,
  type Seniority,
} from '#shared/domain/participant.ts';
import type { IntakeQuestion, Program } from '#shared/domain/program.ts';
import { type SupportRole, supportRoleDescriptions } from '#shared/domain/support-roles.ts';

/**
 * The application form as HTML sends it (`application/x-www-form-urlencoded`), read into what
 * `applicationSchema` expects. The field names below are the only place the page and the parser
 * agree on; a field's name is also the key of its error message.
 */

type ApplicationValue = z.output<typeof applicationSchema>;
type IdentityField = (typeof IDENTITY_FIELDS)[number];

/** What the person sent, by field name, so a form shown again after an error keeps every answer. */
export type FormValues = Readonly<Record<string, readonly string[]>>;
/** One message per field key (`name`, `offers.sponsor.capacity`, `answers.<id>`), naming the field in words. */
export type FieldErrors = Readonly<Record<string, string>>;

/** The value a ticked checkbox sends; yes/no questions send `yes` or `no`. */
export const YES = 'yes';

export const fieldNames = {
  name: 'name',
  seeks: 'seeks',
  offers: 'offers',
  capacity: (role: SupportRole) => `offers.${role}.capacity`,
  goals: 'goals',
  skills: 'skills',
  seniority: 'seniority',
  jobFunction: 'jobFunction',
  industry: 'industry',
  hasInfluence: 'hasInfluence',
  managerEmail: 'managerEmail',
  timeZone: 'timeZone',
  answer: (questionId: string) => `answers.${questionId}`,
  identityConsent: 'identity.consentToStore',
  identityForMatching: 'identity.useForMatching',
  identity: (field: IdentityField) => `identity.${field}`,
  matchPreference: 'identity.matchPreference',
  programConsent: 'agreedToProgramConsent',
} as const;

export const seniorityLabels: Record<Seniority, string> = {
  early_career: 'Early career',
  mid_career: 'Mid-career',
  senior: 'Senior',
  leader: 'Leader of a team or function',
  executive: 'Executive',
};

export const identityLabels: Record<IdentityField, string> = {
  gender: 'Gender',
  ethnicity: 'Ethnicity',
  disability: 'Disability or long-term condition',
  lgbtq: 'LGBTQ+ identity',
  firstGeneration: 'First in your family to go to university or into a professional job',
};

/** Short answers are a line or two; long answers may hold a few paragraphs (the schema's limit). */
const MAX_TEXT_ANSWER = { short_text: 300, long_text: 4000 } as const;

export function parseFormBody(body: string): FormValues {
  // A Map, because a field named `__proto__` must stay a field and not reach Object.prototype.
  const values = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(body)) {
    // Browsers send textarea line breaks as CRLF; we store plain \n.
    const list = values.get(name) ?? [];
    list.push(value.replace(/\r\n?/g, '\n'));
    values.set(name, list);
  }
  return Object.fromEntries(values);
}

const first = (values: FormValues, name: string): string => values[name]?.[0]?.trim() ?? '';
const ticked = (values: FormValues, name: string): boolean => values[name]?.includes(YES) ?? false;
const optional = (text: string): string | undefined => (text === '' ? undefined : text);
const commaList = (text: string): string[] =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

const roleWord = (role: SupportRole): string => supportRoleDescriptions[role].title.toLowerCase();

/** "Your name" + "is required" → "Your name is required"; other messages follow a colon. */
function sentence(label: string, message: string): string {
  return /^(is|are|must|needs) /.test(message) ? `${label} ${message}` : `${label}: ${message}`;
}

/**
 * Zod's own wording ("Too big: expected string to have <=120 characters") is for developers.
 * Messages the schema sets itself win over this map; it only words the rest for people.
 */
const friendlyMessages: z.core.$ZodErrorMap = (issue) => {
  if (issue.input === undefined || issue.input === '') return 'is required';
  switch (issue.code) {
    case 'too_big':
      return issue.origin === 'string'
        ? `must be at most ${issue.maximum} characters`
        : `must be at most ${issue.maximum}`;
    case 'too_small':
      return issue.origin === 'string' ? 'is required' : `must be at least ${issue.minimum}`;
    case 'invalid_value':
      return 'must be one of the choices shown';
    default:
      return 'is not valid';
  }
};

/** Custom questions are free-form in the schema (`answers` is a record), so each is checked here by its type. */
function readAnswers(
  values: FormValues,
  questions: readonly IntakeQuestion[],
  errors: Record<string, string>,
): Record<string, string | string[] | boolean> {
  const answers: Record<string, string | string[] | boolean> = {};
  for (const question of questions) {
    const key = fieldNames.answer(question.id);
    const label = `“${question.label}”`;
    const given = (values[key] ?? []).map((value) => value.trim()).filter(Boolean);
    const options = question.options ?? [];
    const fail = (message: string) => {
      errors[key] = sentence(label, message);
    };
    if (given.length === 0) {
      if (question.required)
        fail(question.type === 'multiple_choice' ? 'needs at least one choice' : 'is required');
      continue;
    }
    const answer = given[0]!;
    switch (question.type) {
      case 'short_text':
      case 'long_text':
        if (answer.length > MAX_TEXT_ANSWER[question.type]) {
          fail(`must be at most ${MAX_TEXT_ANSWER[question.type]} characters`);
        } else answers[question.id] = answer;
        break;
      case 'single_choice':
        if (!options.includes(answer)) fail('must be one of the choices shown');
        else answers[question.id] = answer;
        break;
      case 'multiple_choice':
        if (!given.every((choice) => options.includes(choice))) fail('must be among the choices shown');
        else answers[question.id] = [...new Set(given)];
        break;
      case 'yes_no':
        if (answer !== 'yes' && answer !== 'no') fail('must be yes or no');
        else answers[question.id] = answer === 'yes';
        break;
    }
  }
  return answers;
}

/** Unchecked input for `identitySchema`, which words any problem (such as an unknown preference). */
function readIdentity(values: FormValues): object | undefined {
  // Without consent nothing from this section is kept, not even what was typed into it.
  if (!ticked(values, fieldNames.identityConsent)) return undefined;
  const fields: Partial<Record<IdentityField, string>> = {};
  for (const field of IDENTITY_FIELDS) {
    const text = first(values, fieldNames.identity(field));
    if (text) fields[field] = text;
  }
  return {
    consentToStore: true,
    useForMatching: ticked(values, fieldNames.identityForMatching),
    fields,
    matchPreference: first(values, fieldNames.matchPreference) || 'none',
  };
}

/** The field key a zod issue belongs to, and the words that name it. */
function describe(
  path: readonly PropertyKey[],
  offers: readonly { role: SupportRole }[],
  program: Pick<Program, 'intakeQuestions'>,
): { key: string; label: string } {
  const [head, second, third] = path;
  if (head === 'offers' && typeof second === 'number' && third === 'capacity') {
    const role = offers[second]!.role;
    return {
      key: fieldNames.capacity(role),
      label: `How many people you can support as a ${roleWord(role)}`,
    };
  }
  if (head === 'identity' && second === 'fields' && typeof third === 'string') {
    const field = third as IdentityField;
    return { key: fieldNames.identity(field), label: `What you wrote for ${identityLabels[field]}` };
  }
  if (head === 'identity' && second === 'matchPreference') {
    return { key: fieldNames.matchPreference, label: 'Your preference about background' };
  }
  if (head === 'identity') return { key: fieldNames.identityConsent, label: 'Sharing identity details' };
  if (head === 'answers' && typeof second === 'string') {
    const question = program.intakeQuestions.find((q) => q.id === second);
    return { key: fieldNames.answer(second), label: `“${question?.label ?? second}”` };
  }
  const eachItem = second !== undefined;
  const labels: Record<string, string> = {
    name: 'Your name',
    seeks: 'The support you seek',
    offers: 'The support you offer',
    goals: eachItem ? 'Each goal' : 'Your goals',
    skills: eachItem ? 'Each skill' : 'Your skills',
    seniority: 'Your career stage',
    jobFunction: 'Your job function',
    industry: 'Your industry',
    hasInfluence: 'Whether you sit where decisions are made',
    managerEmail: 'Your manager’s email',
    timeZone: 'Your time zone',
    agreedToProgramConsent: 'Consent',
  };
  const key = String(head ?? 'form');
  return { key, label: labels[key] ?? 'This answer' };
}

/**
 * Reads a posted application form for `program`. Roles are only those the program offers, each
 * offered role needs a capacity of 1 to 5, custom answers must fit their question, and the
 * identity section is dropped whole unless its consent box is ticked.
 */
export function parseApplicationForm(
  body: string,
  program: Pick<Program, 'supportRoles' | 'intakeQuestions'>,
): { ok: true; value: ApplicationValue } | { ok: false; errors: FieldErrors; values: FormValues } {
  const values = parseFormBody(body);
  const errors: Record<string, string> = {};
  const isOffered = (role: string): role is SupportRole =>
    (program.supportRoles as readonly string[]).includes(role);

  const seeks = values[fieldNames.seeks] ?? [];
  if (!seeks.every(isOffered))
    errors[fieldNames.seeks] = 'The support you seek: choose among the roles shown';
  // The schema says this too, but only once every field parses; saying it now lists all problems at once.
  if (seeks.length === 0 && (values[fieldNames.offers] ?? []).length === 0) {
    errors[fieldNames.seeks] = 'The support you seek: choose at least one kind of support to seek or offer';
  }

  const offers: { role: SupportRole; capacity: number }[] = [];
  for (const role of values[fieldNames.offers] ?? []) {
    if (!isOffered(role)) {
      errors[fieldNames.offers] = 'The support you offer: choose among the roles shown';
      continue;
    }
    const label = `How many people you can support as a ${roleWord(role)}`;
    const capacity = first(values, fieldNames.capacity(role));
    if (capacity === '')
      errors[fieldNames.capacity(role)] = `${label} is required: choose 1 to ${MAX_CAPACITY_PER_ROLE}`;
    else if (!/^\d+$/.test(capacity)) {
      errors[fieldNames.capacity(role)] =
        `${label} must be a whole number from 1 to ${MAX_CAPACITY_PER_ROLE}`;
    } else offers.push({ role, capacity: Number(capacity) });
  }

  const answers = readAnswers(values, program.intakeQuestions, errors);

  const input = {
    name: first(values, fieldNames.name),
    seeks: seeks.filter(isOffered),
    offers,
    goals: commaList(first(values, fieldNames.goals)),
    skills: commaList(first(values, fieldNames.skills)),
    seniority: optional(first(values, fieldNames.seniority)),
    jobFunction: optional(first(values, fieldNames.jobFunction)),
    industry: optional(first(values, fieldNames.industry)),
    hasInfluence: ticked(values, fieldNames.hasInfluence),
    managerEmail: optional(first(values, fieldNames.managerEmail)),
    timeZone: first(values, fieldNames.timeZone),
    answers,
    identity: readIdentity(values),
    agreedToProgramConsent: ticked(values, fieldNames.programConsent),
  };

  const parsed = applicationSchema.safeParse(input, { error: friendlyMessages });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const { key, label } = describe(issue.path, offers, program);
      errors[key] ??= sentence(label, issue.message);
    }
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors, values };
  return { ok: true, value: parsed.data };
}

/**
 * The form values that show a saved application (or what an import knew) again, so a person
 * can change their answers; the inverse of `parseApplicationForm`.
 */
export function applicationToFormValues(application: Partial<ApplicationValue>): FormValues {
  const values: Record<string, string[]> = {};
  const put = (name: string, value: string | undefined) => {
    if (value !== undefined && value !== '') values[name] = [value];
  };
  put(fieldNames.name, application.name);
  if (application.seeks) values[fieldNames.seeks] = [...application.seeks];
  if (application.offers) {
    values[fieldNames.offers] = application.offers.map((offer) => offer.role);
    for (const offer of application.offers) put(fieldNames.capacity(offer.role), String(offer.capacity));
  }
  put(fieldNames.goals, application.goals?.join(', '));
  put(fieldNames.skills, application.skills?.join(', '));
  put(fieldNames.seniority, application.seniority);
  put(fieldNames.jobFunction, application.jobFunction);
  put(fieldNames.industry, application.industry);
  if (application.hasInfluence) put(fieldNames.hasInfluence, YES);
  put(fieldNames.managerEmail, application.managerEmail);
  put(fieldNames.timeZone, application.timeZone);
  for (const [id, answer] of Object.entries(application.answers ?? {})) {
    values[fieldNames.answer(id)] =
      typeof answer === 'boolean'
        ? [answer ? 'yes' : 'no']
        : typeof answer === 'string'
          ? [answer]
          : [...answer];
  }
  const identity = application.identity;
  if (identity) {
    put(fieldNames.identityConsent, YES);
    if (identity.useForMatching) put(fieldNames.identityForMatching, YES);
    for (const field of IDENTITY_FIELDS) put(fieldNames.identity(field), identity.fields[field]);
    put(fieldNames.matchPreference, identity.matchPreference);
  }
  if (application.agreedToProgramConsent) put(fieldNames.programConsent, YES);
  return values;
}

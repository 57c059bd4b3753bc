import type { ApplicantIntent } from '#shared/domain/applicant-import/columns.ts';
import { IDENTITY_FIELDS, MATCH_PREFERENCES, type Seniority } from '#shared/domain/participant.ts';
import { SUPPORT_ROLES, type SupportRole } from '#shared/domain/support-roles.ts';
import { simulatedName } from './names.ts';
import type { Random } from './prng.ts';
import { LANGUAGES, MEETING_FORMATS } from './simulated-program.ts';

/**
 * When a simulated person answers their invitation:
 * - `prompt`: before the reminder;
 * - `after-reminder`: only once the reminder arrives (they follow the reminder's link);
 * - `never`: not at all;
 * - `after-close`: they open the link only after intake has closed, and must be turned away.
 */
type Behaviour = 'prompt' | 'after-reminder' | 'never' | 'after-close';

/** Things real people do that a form must survive. */
interface Quirks {
  /** Opens the link, wanders off, opens it again, then applies. */
  opensTwice: boolean;
  /** Clicks "Send" twice: two identical POSTs at once. */
  doubleSubmits: boolean;
  /** Sends the form without ticking the consent box first, reads the error, then sends it again. */
  forgetsConsentFirst: boolean;
}

export type IdentityField = (typeof IDENTITY_FIELDS)[number];

/** What the person types into the application form. */
export interface FormAnswers {
  name: string;
  seeks: SupportRole[];
  offers: { role: SupportRole; capacity: number }[];
  hasInfluence: boolean;
  seniority: Seniority;
  jobFunction: string;
  industry: string;
  goals: string[];
  skills: string[];
  managerEmail?: string;
  timeZone: string;
  hope: string;
  meetingFormat?: string;
  languages: string[];
  circle?: boolean;
  identity?: {
    useForMatching: boolean;
    fields: Partial<Record<IdentityField, string>>;
    matchPreference: (typeof MATCH_PREFERENCES)[number];
  };
}

export interface SimulatedPerson {
  /** 1-based position in the cohort's import file. */
  index: number;
  /** As written in the import file; some are written with capitals. */
  email: string;
  /** As written in the import file. */
  name: string;
  intent: ApplicantIntent;
  /** What the import file says beyond email and name; empty cells are left for the form. */
  csv: { seniority?: Seniority; jobFunction?: string; industry?: string; timeZone?: string };
  answers: FormAnswers;
  behaviour: Behaviour;
  quirks: Quirks;
  /**
   * The coordinator imports this person a second time with the address in other capitals, as
   * happens when two spreadsheets are merged; they must still be one person with one invitation.
   */
  reimportedInOtherCase: boolean;
}

const SENIORITY_FOR: Record<ApplicantIntent, readonly (readonly [Seniority, number])[]> = {
  seeker: [
    ['early_career', 5],
    ['mid_career', 4],
    ['senior', 1],
  ],
  supporter: [
    ['mid_career', 1],
    ['senior', 3],
    ['leader', 3],
    ['executive', 2],
  ],
  both: [
    ['mid_career', 3],
    ['senior', 3],
    ['leader', 1],
  ],
};

const JOB_FUNCTIONS = [
  'Engineering',
  'Product',
  'Design',
  'Data',
  'Finance',
  'Operations',
  'Sales',
  'People',
  'Legal',
];
const INDUSTRIES = [
  'Software',
  'Healthcare',
  'Public sector',
  'Finance',
  'Retail',
  'Media',
  'Manufacturing',
  'Education',
];
const GOALS = [
  'lead a team',
  'get promoted',
  'change careers',
  'speak up in meetings',
  'negotiate my salary',
  'find a sponsor',
  'start a side project',
  'return after parental leave',
  'build a network',
];
const SKILLS = [
  'negotiation',
  'public speaking',
  'system design',
  'hiring',
  'budgeting',
  'user research',
  'writing',
  'coaching',
  'data analysis',
  'stakeholder management',
];
const IDENTITY_ANSWERS: Record<IdentityField, readonly string[]> = {
  gender: ['woman', 'man', 'non-binary', 'genderqueer', 'two-spirit'],
  ethnicity: ['Black British', 'Latina', 'South Asian', 'Arab', 'Māori', 'mixed heritage'],
  disability: ['dyslexia', 'chronic illness', 'deaf', 'ADHD'],
  lgbtq: ['lesbian', 'gay', 'bisexual', 'trans', 'queer'],
  firstGeneration: ['yes', 'first in my family at university'],
};

const BEHAVIOURS: readonly (readonly [Behaviour, number])[] = [
  ['prompt', 72],
  ['after-reminder', 14],
  ['never', 10],
  ['after-close', 4],
];

/** Roles a seeker asks for most: most people want a mentor; sponsors are scarce and sought. */
const SOUGHT: readonly (readonly [SupportRole, number])[] = [
  ['mentor', 5],
  ['sponsor', 3],
  ['coach', 3],
  ['advocate', 2],
  ['challenger', 1],
];

/** Sponsors must sit where decisions are made: only senior people offer it. */
const SENIOR: readonly Seniority[] = ['senior', 'leader', 'executive'];

/**
 * The people of one simulated cohort. Everything about them comes from `random` in a fixed
 * order, so the same seed gives the same names, roles, answers and behaviour; only the
 * addresses carry `runId`, which keeps runs on one table and one inbox apart.
 */
export function simulatedPeople(
  random: Random,
  count: number,
  address: (index: number) => string,
): SimulatedPerson[] {
  const people: SimulatedPerson[] = [];
  // A few tricky addresses: about 2 in 100, at least one.
  const tricky = new Set(
    random.sample(
      Array.from({ length: count }, (_, i) => i + 1),
      Math.max(1, Math.round(count / 50)),
    ),
  );
  for (let index = 1; index <= count; index += 1) {
    people.push(simulatedPerson(random, index, address(index), tricky.has(index)));
  }
  return people;
}

function simulatedPerson(random: Random, index: number, address: string, tricky: boolean): SimulatedPerson {
  const { name, timeZone } = simulatedName(random);
  const intent = random.weighted<ApplicantIntent>([
    ['seeker', 45],
    ['supporter', 25],
    ['both', 30],
  ]);
  const seniority = random.weighted(SENIORITY_FOR[intent]);
  const jobFunction = random.pick(JOB_FUNCTIONS);
  const industry = random.pick(INDUSTRIES);

  const seeks =
    intent === 'supporter'
      ? []
      : distinct(Array.from({ length: random.int(1, 2) }, () => random.weighted(SOUGHT)));
  const offerable = SUPPORT_ROLES.filter((role) => role !== 'sponsor' || SENIOR.includes(seniority));
  const offers =
    intent === 'seeker'
      ? []
      : random
          .sample(offerable, random.int(1, 3))
          .map((role) => ({ role, capacity: random.int(1, 5) }))
          .sort((a, b) => SUPPORT_ROLES.indexOf(a.role) - SUPPORT_ROLES.indexOf(b.role));
  const sponsors = offers.some((offer) => offer.role === 'sponsor');

  const goals = random.sample(GOALS, random.int(0, 3));
  const answers: FormAnswers = {
    // Most keep the imported name; some write the name they go by.
    name: random.chance(0.1) ? `${name} (${random.pick(['they/them', 'she/her', 'he/him'])})` : name,
    seeks,
    offers,
    hasInfluence: sponsors && random.chance(0.85),
    seniority,
    jobFunction,
    industry,
    goals,
    skills: random.sample(SKILLS, random.int(0, 4)),
    ...(random.chance(0.3) ? { managerEmail: `manager-${index}@employer.example.com` } : {}),
    timeZone,
    hope:
      goals.length > 0
        ? `I hope to ${goals.join(', ')}.\nAnd to meet people who have walked this path.`
        : 'To give back what others once gave me.',
    ...(random.chance(0.8) ? { meetingFormat: random.pick(MEETING_FORMATS) } : {}),
    languages: random.sample(LANGUAGES, random.int(0, 2)),
    ...(random.chance(0.7) ? { circle: random.chance(0.5) } : {}),
    ...identity(random),
  };

  const behaviour = random.weighted(BEHAVIOURS);
  const quirks: Quirks = {
    opensTwice: random.chance(0.08),
    doubleSubmits: random.chance(0.06),
    forgetsConsentFirst: random.chance(0.05),
  };

  // Some import cells are empty: the person fills them in on the form.
  const csv: SimulatedPerson['csv'] = {};
  if (random.chance(0.85)) csv.seniority = seniority;
  if (random.chance(0.7)) csv.jobFunction = jobFunction;
  if (random.chance(0.6)) csv.industry = industry;
  if (random.chance(0.75)) csv.timeZone = timeZone;

  return {
    index,
    email: tricky ? withCapitals(address) : address,
    name,
    intent,
    csv,
    answers,
    behaviour,
    quirks,
    reimportedInOtherCase: tricky,
  };
}

/** Optional identity, shared with consent by about a third; a preference only with permission to use it. */
function identity(random: Random): Pick<FormAnswers, 'identity'> {
  if (!random.chance(0.35)) return {};
  const fields: Partial<Record<IdentityField, string>> = {};
  for (const field of random.sample(IDENTITY_FIELDS, random.int(1, 3))) {
    fields[field] = random.pick(IDENTITY_ANSWERS[field]);
  }
  const useForMatching = random.chance(0.6);
  const matchPreference = useForMatching ? random.pick(MATCH_PREFERENCES) : 'none';
  return { identity: { useForMatching, fields, matchPreference } };
}

/** `sim-7-3-ab12@simulated.example.org` → `Sim-7-3-ab12@Simulated.Example.org`. */
function withCapitals(address: string): string {
  return address.replace(
    /(^|[@.])([a-z])/g,
    (_, before: string, letter: string) => before + letter.toUpperCase(),
  );
}

function distinct<T>(items: T[]): T[] {
  return [...new Set(items)];
}

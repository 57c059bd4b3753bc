import { type CheckInRef, encodeCheckInRef } from '#shared/domain/check-ins/check-in-ref.ts';
import type { Cohort } from '#shared/domain/cohort.ts';
import { type LinkClaims, signLink } from '#shared/domain/link-token.ts';
import type { Deps } from './deps.ts';

type LinkDeps = Pick<Deps, 'signingKey' | 'publicBaseUrl'>;

const DAY_MS = 24 * 3600_000;

/** The page each purpose opens; the route in infra/manifest.ts is `/<page>/{token}`. */
const PAGE: Record<LinkClaims['purpose'], string> = {
  apply: 'apply',
  'open-application': 'join',
  unsubscribe: 'unsubscribe',
  survey: 'survey',
  'check-in': 'check-in',
};

async function signedUrl(deps: LinkDeps, claims: LinkClaims): Promise<string> {
  return `${deps.publicBaseUrl()}/${PAGE[claims.purpose]}/${signLink(await deps.signingKey.get(), claims)}`;
}

/**
 * Application links live until two weeks after intake closes: late clickers see a friendly
 * "intake has closed" page instead of "your link expired".
 */
export function applyUrl(deps: LinkDeps, cohort: Cohort, participantId: string): Promise<string> {
  return signedUrl(deps, {
    purpose: 'apply',
    subject: participantId,
    item: cohort.cohortId,
    expiresAt: new Date(Date.parse(cohort.intakeClosesAt) + 14 * DAY_MS),
  });
}

/** The cohort's open application link, for a coordinator to share (when the cohort allows it). */
export function openApplicationUrl(deps: LinkDeps, cohort: Cohort): Promise<string> {
  return signedUrl(deps, {
    purpose: 'open-application',
    subject: '-',
    item: cohort.cohortId,
    expiresAt: new Date(cohort.intakeClosesAt),
  });
}

/** Unsubscribe links outlive the program by a year: people find old emails and deserve a working link. */
export function unsubscribeUrl(deps: LinkDeps, cohort: Cohort, participantId: string): Promise<string> {
  return signedUrl(deps, {
    purpose: 'unsubscribe',
    subject: participantId,
    item: cohort.cohortId,
    expiresAt: new Date(Date.parse(cohort.programEndsAt) + 365 * DAY_MS),
  });
}

/**
 * A person's link to one survey request. It outlives the survey's close by 30 days, so a late
 * click says "this survey has closed" rather than "your link expired". The one-click answers in
 * the email add `?answer=<n>`, which only pre-selects: the page saves nothing until a POST.
 */
export function surveyUrl(
  deps: LinkDeps,
  request: { requestId: string; closesAt: string },
  participantId: string,
): Promise<string> {
  return signedUrl(deps, {
    purpose: 'survey',
    subject: participantId,
    item: request.requestId,
    expiresAt: new Date(Date.parse(request.closesAt) + 30 * DAY_MS),
  });
}

/**
 * A person's link to one round's check-in of one pair. It outlives the round by 30 days, so a
 * late click says "this check-in has closed" rather than "your link expired". The email's
 * one-click answers add `?met=yes` and the like, which only pre-select: a POST saves.
 */
export function checkInUrl(
  deps: LinkDeps,
  ref: CheckInRef,
  participantId: string,
  closesAt: string,
): Promise<string> {
  return signedUrl(deps, {
    purpose: 'check-in',
    subject: participantId,
    item: encodeCheckInRef(ref),
    expiresAt: new Date(Date.parse(closesAt) + 30 * DAY_MS),
  });
}

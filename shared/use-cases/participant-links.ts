import type { Cohort } from '#shared/domain/cohort.ts';
import { signLink } from '#shared/domain/link-token.ts';
import type { Deps } from './deps.ts';

/**
 * Application links live until two weeks after intake closes: late clickers see a friendly
 * "intake has closed" page instead of "your link expired".
 */
const GRACE_MS = 14 * 24 * 3600_000;

export async function applyUrl(
  deps: Pick<Deps, 'signingKey' | 'publicBaseUrl'>,
  cohort: Cohort,
  participantId: string,
): Promise<string> {
  const token = signLink(await deps.signingKey.get(), {
    purpose: 'apply',
    subject: participantId,
    item: cohort.cohortId,
    expiresAt: new Date(Date.parse(cohort.intakeClosesAt) + GRACE_MS),
  });
  return `${deps.publicBaseUrl()}/apply/${token}`;
}

/** The cohort's open application link, for a coordinator to share (when the cohort allows it). */
export async function openApplicationUrl(
  deps: Pick<Deps, 'signingKey' | 'publicBaseUrl'>,
  cohort: Cohort,
): Promise<string> {
  const token = signLink(await deps.signingKey.get(), {
    purpose: 'open-application',
    subject: '-',
    item: cohort.cohortId,
    expiresAt: new Date(cohort.intakeClosesAt),
  });
  return `${deps.publicBaseUrl()}/join/${token}`;
}

/** Unsubscribe links outlive the program by a year: people find old emails and deserve a working link. */
const UNSUBSCRIBE_AFTER_END_MS = 365 * 24 * 3600_000;

export async function unsubscribeUrl(
  deps: Pick<Deps, 'signingKey' | 'publicBaseUrl'>,
  cohort: Cohort,
  participantId: string,
): Promise<string> {
  const token = signLink(await deps.signingKey.get(), {
    purpose: 'unsubscribe',
    subject: participantId,
    item: cohort.cohortId,
    expiresAt: new Date(Date.parse(cohort.programEndsAt) + UNSUBSCRIBE_AFTER_END_MS),
  });
  return `${deps.publicBaseUrl()}/unsubscribe/${token}`;
}

import { LinkError } from '../errors.ts';
import { SUPPORT_ROLES, type SupportRole } from '../support-roles.ts';
import type { Side } from './answers.ts';

/** One pair: a seeker, the role, the supporter. A re-match is a new pair with new check-ins. */
export interface Pair {
  seekerId: string;
  role: SupportRole;
  supporterId: string;
}

/** One round's check-in of one pair (both people answer it). */
export interface CheckInRef extends Pair {
  cohortId: string;
  round: number;
}

/** The pair in keys and send keys. Ids are URL-safe base64 and never hold `~`. */
export function pairKey(pair: Pair): string {
  return `${pair.seekerId}~${pair.role}~${pair.supporterId}`;
}

export function sideOf(pair: Pair, participantId: string): Side | undefined {
  if (participantId === pair.seekerId) return 'seeker';
  if (participantId === pair.supporterId) return 'supporter';
  return undefined;
}

/**
 * A check-in as a signed link's item: base64url, so the ids' own `-` and `_` need no escaping
 * and the item stays within the link's URL-safe alphabet.
 */
export function encodeCheckInRef(ref: CheckInRef): string {
  return Buffer.from([ref.cohortId, ref.round, ref.seekerId, ref.role, ref.supporterId].join('|')).toString(
    'base64url',
  );
}

/** Throws `LinkError('malformed')` for an item that is not a check-in (a signed link of ours never is). */
export function decodeCheckInRef(item: string): CheckInRef {
  const parts = Buffer.from(item, 'base64url').toString('utf8').split('|');
  const [cohortId, round, seekerId, role, supporterId] = parts;
  const roundNumber = Number(round);
  if (
    parts.length !== 5 ||
    !cohortId ||
    !seekerId ||
    !supporterId ||
    !Number.isInteger(roundNumber) ||
    roundNumber < 1 ||
    !(SUPPORT_ROLES as readonly string[]).includes(role ?? '')
  )
    throw new LinkError('malformed');
  return { cohortId, round: roundNumber, seekerId, role: role as SupportRole, supporterId };
}

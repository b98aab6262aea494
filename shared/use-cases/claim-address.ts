import { randomInt } from 'node:crypto';
import { senderAuthenticated, type Verdicts } from '../domain/ingest/sender-check';
import type { User } from '../domain/types';
import type { AddressClaim } from '../ports/address-claim-store';
import type { Stores } from '../ports/stores';
import { retryOnConflict } from './retry-on-conflict';
import { sendingAddress } from './user-addresses';
import { UserInputError } from './users';

/**
 * SPEC 8 Settings, adding a sending address on the web. Mail from an address is logged for
 * whoever holds it, so a claim made in a browser proves nothing: the address is added only when
 * mail from it (to login@, passing the sender checks of SPEC 2.2) carries the claim's code in
 * its subject (shared/use-cases/email-login-link.ts proves it). Tend never writes to the claimed
 * address: it emails its own users only.
 */

/** How long a claim waits for its email: a day, time enough to reach the other mailbox. */
export const CLAIM_HOURS = 24;
/** Claims pending at once per user: a few addresses at a time is every honest need, and it keeps
 * one account from reserving addresses by the hundred. */
export const MAX_PENDING_CLAIMS = 3;
/** A code's letters: no 0/O, 1/I/L, so it reads back from a screen without doubt. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** 31^6 ≈ 900 million codes; the code only picks the user among claims of an address whose
 * mail is already proven by SPF/DKIM, so it need not be a secret of sign-in strength. */
export const CODE_LENGTH = 6;

export function newClaimCode(): string {
  return Array.from(
    { length: CODE_LENGTH },
    () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)],
  ).join('');
}

export function isLive(claim: AddressClaim, now: Date): boolean {
  return Date.parse(claim.validUntil) > now.getTime();
}

/**
 * The words of a subject that could be a claim's code, upper-cased: a code stands as a word of
 * the subject ("Tend K7PQ2M", "k7pq2m"), any case. "Sign in" has none, so mail like it needs no
 * look-up of claims.
 */
export function codeWords(subject: string | null): string[] {
  if (!subject) return [];
  return subject
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((w) => w.length === CODE_LENGTH && [...w].every((c) => CODE_ALPHABET.includes(c)));
}

export function subjectCarries(subject: string | null, code: string): boolean {
  return codeWords(subject).includes(code.toUpperCase());
}

/** Why an email from an unregistered address proves none of its claims. */
export type ClaimRefusal = 'failed-authentication' | 'no-code' | 'expired' | 'ambiguous';

/**
 * Which claim of an address an email proves: the one live claim whose code its subject carries,
 * and only if its sender passed the checks of SPEC 2.2 (the same check as a registered sender's).
 */
export function provenClaim(
  claims: AddressClaim[],
  mail: { subject: string | null; verdicts: Verdicts },
  now: Date,
): { claim: AddressClaim } | { refused: ClaimRefusal } {
  if (!senderAuthenticated(mail.verdicts)) return { refused: 'failed-authentication' };
  const named = claims.filter((c) => subjectCarries(mail.subject, c.code));
  const live = named.filter((c) => isLive(c, now));
  if (live.length === 1) return { claim: live[0]! };
  if (live.length > 1) return { refused: 'ambiguous' };
  return { refused: named.length > 0 ? 'expired' : 'no-code' };
}

/** Of `claims`, those still waiting for their email, oldest first. */
function stillPending(claims: AddressClaim[], now: Date): AddressClaim[] {
  return claims
    .filter((c) => isLive(c, now))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** The user's claims still waiting for their email, oldest first. */
export async function pendingClaims(
  stores: Pick<Stores, 'addressClaims'>,
  userId: string,
  now: Date,
): Promise<AddressClaim[]> {
  return stillPending(await stores.addressClaims.listByUser(userId), now);
}

/**
 * Settings → "Add an address you send from": checks the address with the rules of `tend users
 * address add`, refuses one registered to anyone (saying nothing of whom), and stores a claim
 * with a fresh code, valid CLAIM_HOURS. A claim of the same address still pending is kept as it
 * is (its code already shown); `fresh` says which. The cap holds for claims made at once (two
 * tabs, a double submit): a claim stored after this one's read refuses its write, and it is
 * decided again on what is there now.
 */
export async function claimAddress(
  stores: Pick<Stores, 'users' | 'addressClaims'>,
  user: User,
  address: string,
  now: Date,
): Promise<{ claim: AddressClaim; fresh: boolean }> {
  const claimed = sendingAddress(address);
  const owner = await stores.users.findByAddress(claimed);
  if (owner?.id === user.id)
    throw new UserInputError(`${claimed} is already one of your addresses`);
  if (owner) throw new UserInputError(`${claimed} is already registered to a Tend user`);
  return retryOnConflict(async () => {
    const { claims, version } = await stores.addressClaims.listForPut(user.id);
    const pending = stillPending(claims, now);
    const same = pending.find((c) => c.address === claimed);
    if (same) return { claim: same, fresh: false };
    if (pending.length >= MAX_PENDING_CLAIMS)
      throw new UserInputError(
        `${MAX_PENDING_CLAIMS} addresses are already waiting for their email: send those, or cancel one first`,
      );
    const claim: AddressClaim = {
      userId: user.id,
      address: claimed,
      code: newClaimCode(),
      createdAt: now.toISOString(),
      validUntil: new Date(now.getTime() + CLAIM_HOURS * 3_600_000).toISOString(),
    };
    await stores.addressClaims.put(claim, version);
    return { claim, fresh: true };
  });
}

export async function cancelClaim(
  stores: Pick<Stores, 'addressClaims'>,
  user: User,
  address: string,
  now: Date,
): Promise<void> {
  const cancelled = address.trim().toLowerCase();
  const pending = await pendingClaims(stores, user.id, now);
  if (!pending.some((c) => c.address === cancelled))
    throw new UserInputError(`${cancelled} is not waiting for an email`);
  await stores.addressClaims.delete(user.id, cancelled);
}

import { createHmac, timingSafeEqual } from 'node:crypto';
import { ACTION_LINK_TTL_DAYS } from './limits';

/**
 * Action links in emails (SPEC 8): each digest item and thank-you prompt carries Done, Snooze 2
 * weeks and Open links to the web app, which work without a session. The token in the link is
 * the capability: it names one user, one item and one action, and is signed like a reply token
 * (HMAC-SHA256 with the same secret, tokens.ts), for ACTION_LINK_TTL_DAYS.
 *
 *   TOKEN = action+kind (2) . user ULID (26) . ref ULID (26) . item (1-3) . issue time (7) . MAC (26)
 *
 * e.g. `dt.01jd….01jd….0.0mfs2i0.3vf…`: about 95 characters, lower case, URL-safe without
 * escaping. Unlike a reply token the user is in the token, since a link has no authenticated
 * From address to name the user; the MAC covers every field, so changing the user, the item or
 * the action breaks it. The MAC keeps 128 bits (no 64-character address limit here) and its input
 * starts with a label of its own, so no reply token's MAC can ever stand in for a link's.
 */

/** What a link does: the reply commands `done` and `snooze 2w`, or opening the contact's page. */
export type LinkAction = 'done' | 'snooze2w' | 'open';

/** What a link acts on: the same thing a reply to that email would (handle-reply.ts). */
export type LinkTarget =
  /** A thank-you prompt: its contact, and `done` closes the prompt. */
  | { kind: 'thanks'; promptId: string }
  /** One numbered item of a digest (`2 done`): the contact the digest lists under that number. */
  | { kind: 'digest'; digestId: string; item: number };

export interface ActionLinkClaims {
  userId: string;
  target: LinkTarget;
  action: LinkAction;
  issuedAt: Date;
}

/** The reply command each acting link stands for (SPEC 8: one rule, two doors). */
export const LINK_COMMANDS: Record<Exclude<LinkAction, 'open'>, string> = {
  done: 'done',
  snooze2w: 'snooze 2w',
};

/** Where the web app serves action links (functions/web/routes/action.ts). */
export const ACTION_LINK_PATH = '/a';

/** The three links of one item, as absolute URLs. */
export interface ActionLinks {
  done: string;
  snooze: string;
  open: string;
}

export class InvalidActionLinkError extends Error {
  override name = 'InvalidActionLinkError';
  constructor(
    message: string,
    /** 'expired': a genuine link, too old; anything else: malformed or forged. */
    readonly reason: 'malformed' | 'signature' | 'expired',
  ) {
    super(message);
  }
}

const ACTION_CODES: Record<LinkAction, string> = { done: 'd', snooze2w: 's', open: 'o' };
const ACTIONS = new Map(Object.entries(ACTION_CODES).map(([k, v]) => [v, k as LinkAction]));
const KIND_CODES: Record<LinkTarget['kind'], string> = { thanks: 't', digest: 'd' };
const KINDS = new Map(Object.entries(KIND_CODES).map(([k, v]) => [v, k as LinkTarget['kind']]));

const ULID_PATTERN = /^[0-9a-hjkmnp-tv-z]{26}$/;
/** A digest numbers at most a few dozen items; 0 stands for "no item" (a prompt). */
const ITEM_PATTERN = /^(0|[1-9][0-9]{0,2})$/;
const TIME_CHARS = 7; // 32^7 seconds reaches past the year 3000
const TIME_PATTERN = /^[0-9a-v]{7}$/;
const MAC_BYTES = 16;
const MAC_CHARS = 26; // 128 bits in base32
/** Sets this MAC apart from a reply token's (tokens.ts), made with the same secret. */
const MAC_LABEL = 'tend action link v1';
const DAY_MS = 86_400_000;

/**
 * The MAC of a link's fields: HMAC-SHA256 with the reply-token secret over a label and the fields,
 * 128 bits in base32 (LINK_MAC_PATTERN). Each kind of link signs under a label of its own (the one-click
 * unsubscribe link too, unsubscribe-link.ts), so no kind's MAC can stand in for another's.
 */
export function linkMac(secret: string, label: string, fields: readonly string[]): string {
  const digest = createHmac('sha256', secret)
    .update([label, ...fields].join('\n'))
    .digest();
  const n = BigInt(`0x${digest.subarray(0, MAC_BYTES).toString('hex')}`);
  return n.toString(32).padStart(MAC_CHARS, '0');
}

/** A link MAC as it appears in a token: 26 base32 characters. */
export const LINK_MAC_PATTERN = /^[0-9a-v]{26}$/;

const mac = (secret: string, fields: readonly string[]): string =>
  linkMac(secret, MAC_LABEL, fields);

function refOf(target: LinkTarget): { ref: string; item: string } {
  return target.kind === 'thanks'
    ? { ref: target.promptId, item: '0' }
    : { ref: target.digestId, item: String(target.item) };
}

export function issueActionToken(secret: string, claims: ActionLinkClaims): string {
  const user = claims.userId.toLowerCase();
  const { ref: rawRef, item } = refOf(claims.target);
  const ref = rawRef.toLowerCase();
  if (!ULID_PATTERN.test(user) || !ULID_PATTERN.test(ref))
    throw new Error('an action link names a user and an item by ULID');
  if (claims.target.kind === 'digest' && (item === '0' || !ITEM_PATTERN.test(item)))
    throw new Error('a digest item number is a whole number from 1');
  const head = `${ACTION_CODES[claims.action]}${KIND_CODES[claims.target.kind]}`;
  const time = Math.floor(claims.issuedAt.getTime() / 1000)
    .toString(32)
    .padStart(TIME_CHARS, '0');
  const fields = [head, user, ref, item, time];
  return [...fields, mac(secret, fields)].join('.');
}

/**
 * Reads and checks a link's token: the MAC (compared in constant time) before anything it
 * claims is believed, then the age. Throws InvalidActionLinkError for anything malformed,
 * forged, altered or expired.
 */
export function verifyActionToken(secret: string, token: string, now: Date): ActionLinkClaims {
  const parts = token.trim().toLowerCase().split('.');
  if (parts.length !== 6) throw new InvalidActionLinkError('malformed link', 'malformed');
  const [head = '', user = '', ref = '', item = '', time = '', given = ''] = parts;
  const action = ACTIONS.get(head.slice(0, 1));
  const kind = KINDS.get(head.slice(1));
  if (
    head.length !== 2 ||
    !action ||
    !kind ||
    !ULID_PATTERN.test(user) ||
    !ULID_PATTERN.test(ref) ||
    !ITEM_PATTERN.test(item) ||
    (kind === 'thanks') !== (item === '0') ||
    !TIME_PATTERN.test(time) ||
    !LINK_MAC_PATTERN.test(given)
  ) {
    throw new InvalidActionLinkError('malformed link', 'malformed');
  }
  const expected = mac(secret, [head, user, ref, item, time]);
  if (!timingSafeEqual(Buffer.from(given), Buffer.from(expected)))
    throw new InvalidActionLinkError('link signature does not match', 'signature');
  const issuedAt = new Date(parseInt(time, 32) * 1000);
  // As for reply tokens, only the age is checked: an issue time ahead of the clock can only come
  // from Tend itself (the MAC covers it), e.g. a digest sent by `tend tick --now`.
  if (now.getTime() - issuedAt.getTime() > ACTION_LINK_TTL_DAYS * DAY_MS)
    throw new InvalidActionLinkError('link expired', 'expired');
  const id = ref.toUpperCase();
  return {
    userId: user.toUpperCase(),
    target:
      kind === 'thanks'
        ? { kind, promptId: id }
        : { kind, digestId: id, item: Number.parseInt(item, 10) },
    action,
    issuedAt,
  };
}

/** The page of one token under the web app's base URL (a base with a path keeps it). */
export function actionLinkUrl(baseUrl: string, token: string): string {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return new URL(`${ACTION_LINK_PATH.slice(1)}/${token}`, base).href;
}

/** The Done, Snooze 2 weeks and Open links of one item of an email sent at `issuedAt`. */
export function actionLinks(p: {
  baseUrl: string;
  secret: string;
  userId: string;
  target: LinkTarget;
  issuedAt: Date;
}): ActionLinks {
  const link = (action: LinkAction) =>
    actionLinkUrl(
      p.baseUrl,
      issueActionToken(p.secret, {
        userId: p.userId,
        target: p.target,
        action,
        issuedAt: p.issuedAt,
      }),
    );
  return { done: link('done'), snooze: link('snooze2w'), open: link('open') };
}

/**
 * The S3-key marker that makes an acting link exactly-once names no stored object (real keys are
 * `inbound/…`); it only has to be unique. Erasing a user deletes it but counts no raw mail for it.
 */
const MARKER_KEY_PREFIX = 'action-link/';
export const actionLinkMarkerKey = (hash: string): string => `${MARKER_KEY_PREFIX}${hash}`;
export const isActionLinkMarkerKey = (s3Key: string): boolean =>
  s3Key.startsWith(MARKER_KEY_PREFIX);

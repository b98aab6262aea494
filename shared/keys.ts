/**
 * Every key and key prefix of the single table is built here and nowhere else
 * (docs/data-model.md lists the entities and access patterns).
 */

/** Due-work index shards: enough that no partition runs hot, few enough that a tick's fixed
 * cost stays small (one Query per shard). */
export const DUE_SHARDS = 4;

/** Partitions for quarantine records of unknown senders (spam-shaped traffic, SPEC 2.9). */
export const UNKNOWN_SENDER_SHARDS = 8;

type Key = { pk: string; sk: string };

/** The due-work index's two lanes (see `keys.dueIndex`). */
export type DueLane = 'prompts' | 'digests';
const duePartition = (lane: DueLane, shard: number) =>
  lane === 'prompts' ? `DUESOON#${shard}` : `DUE#${shard}`;

const userPk = (userId: string) => `USER#${userId}`;
const lower = (email: string) => email.toLowerCase();

export const keys = {
  user: (userId: string): Key => ({ pk: userPk(userId), sk: 'PROFILE' }),
  /** Address → user lookup; also enforces that an address belongs to one user. */
  address: (email: string): Key => ({ pk: `ADDRESS#${lower(email)}`, sk: 'ADDRESS' }),
  userPartition: userPk,

  contact: (userId: string, email: string): Key => ({
    pk: userPk(userId),
    sk: `CONTACT#${lower(email)}`,
  }),
  contactPrefix: 'CONTACT#',
  /** SPEC 9: another address of a contact, naming its primary address (a merge writes it). */
  alias: (userId: string, email: string): Key => ({
    pk: userPk(userId),
    sk: `ALIAS#${lower(email)}`,
  }),
  aliasPrefix: 'ALIAS#',
  /** SPEC 9: `introducer` introduced the user to `introduced` (written when the introduction
   * brings the contact in), so "whom did they introduce" is one range of the user's partition. */
  introduction: (userId: string, introducer: string, introduced: string): Key => ({
    pk: userPk(userId),
    sk: `INTRO#${lower(introducer)}#${lower(introduced)}`,
  }),
  introductionPrefix: (introducer: string) => `INTRO#${lower(introducer)}#`,
  interaction: (userId: string, email: string, at: string, id: string): Key => ({
    pk: userPk(userId),
    sk: `INTERACTION#${lower(email)}#${at}#${id}`,
  }),
  interactionPrefix: (email: string) => `INTERACTION#${lower(email)}#`,
  note: (userId: string, email: string, id: string): Key => ({
    pk: userPk(userId),
    sk: `NOTE#${lower(email)}#${id}`,
  }),
  notePrefix: (email: string) => `NOTE#${lower(email)}#`,
  prompt: (userId: string, promptId: string): Key => ({
    pk: userPk(userId),
    sk: `PROMPT#${promptId}`,
  }),
  promptPrefix: 'PROMPT#',
  digest: (userId: string, digestId: string): Key => ({
    pk: userPk(userId),
    sk: `DIGEST#${digestId}`,
  }),
  digestPrefix: 'DIGEST#',
  digestSchedule: (userId: string): Key => ({ pk: userPk(userId), sk: 'SCHEDULE#DIGEST' }),
  /** SPEC 9: a news checklist as sent (its numbered people), so `3 done` finds its contact. */
  newsChecklist: (userId: string, checklistId: string): Key => ({
    pk: userPk(userId),
    sk: `NEWS#${checklistId}`,
  }),
  /** One item per cadence (in days) the user's contacts have used: the reconnect groups. */
  cadenceGroup: (userId: string, days: number): Key => ({
    pk: userPk(userId),
    sk: `CADENCE#${days}`,
  }),
  cadenceGroupPrefix: 'CADENCE#',
  /** SPEC 9: a future meeting, one per event (hash of its UID) per user, until it is held. */
  meeting: (userId: string, meetingId: string): Key => ({
    pk: userPk(userId),
    sk: `MEETING#${meetingId}`,
  }),
  /** Activity of one UTC day (interactions logged, contacts written to): the digest's stats. */
  dayStats: (userId: string, day: string): Key => ({ pk: userPk(userId), sk: `STATS#${day}` }),
  dayStatsPrefix: 'STATS#',

  /** A contact's birthday or anniversary filed under its month-day (`MM-DD`), so the digest
   * reads the next two weeks' dates with one range of the user's partition. */
  importantDate: (userId: string, monthDay: string, email: string, kind: string): Key => ({
    pk: userPk(userId),
    sk: `DATE#${monthDay}#${lower(email)}#${kind}`,
  }),
  importantDatePrefix: 'DATE#',

  /** The word index (SPEC 8, the Contacts page's search): one key per word a contact is found by
   * (`contactWords`), so the contacts with a word starting with some letters are one range. */
  word: (userId: string, word: string, email: string): Key => ({
    pk: userPk(userId),
    sk: `WORD#${word}#${lower(email)}`,
  }),
  /** Every word key of the words starting with `start` (words hold no `#`). */
  wordPrefix: (start: string) => `WORD#${start}`,

  /** A sending address claimed in Settings (SPEC 8), waiting for mail from it: with its user,
   * so it is listed and erased with them. */
  addressClaim: (userId: string, address: string): Key => ({
    pk: userPk(userId),
    sk: `CLAIM#${lower(address)}`,
  }),
  addressClaimPrefix: 'CLAIM#',
  /** The version of a user's set of claims, bumped by every claim stored: two claims made at once
   * cannot both pass the cap (claim-address.ts). Sorts outside `CLAIM#`, so lists skip it. */
  addressClaimsVersion: (userId: string): Key => ({ pk: userPk(userId), sk: 'CLAIMS' }),

  /** Exactly-once markers: one per Message-ID per user, one per S3 key. */
  messageMarker: (userId: string, messageIdHash: string): Key => ({
    pk: userPk(userId),
    sk: `MESSAGE#${messageIdHash}`,
  }),
  messageMarkerPrefix: 'MESSAGE#',
  s3KeyMarker: (s3Key: string): Key => ({ pk: `S3KEY#${s3Key}`, sk: 'S3KEY' }),

  /** Quarantined mail of a known user lives with the user; mail of strangers is spread out. */
  userQuarantine: (userId: string, receivedAt: string, s3Key: string): Key => ({
    pk: userPk(userId),
    sk: `QUARANTINE#${receivedAt}#${s3Key}`,
  }),
  userQuarantinePrefix: 'QUARANTINE#',
  unknownQuarantine: (shard: number, receivedAt: string, s3Key: string): Key => ({
    pk: `QUARANTINE#${shard}`,
    sk: `${receivedAt}#${s3Key}`,
  }),
  unknownQuarantinePartition: (shard: number) => `QUARANTINE#${shard}`,
  /** The one partition unknown-sender records used before they were spread (still read). */
  legacyQuarantinePartition: 'QUARANTINE',
  /** SPEC 4: the one notice a user gets per quarantine reason per hour (`hour` = YYYY-MM-DDTHH, UTC). */
  quarantineNotice: (userId: string, reason: string, hour: string): Key => ({
    pk: userPk(userId),
    sk: `NOTICE#${reason}#${hour}`,
  }),

  /** Web app (SPEC 8): a one-time sign-in link, by the SHA-256 of its token (never the token). */
  loginLink: (tokenHash: string): Key => ({ pk: `LOGIN#${tokenHash}`, sk: 'LOGIN' }),
  /** A signed-in browser, by the SHA-256 of its cookie's secret; with the user, so "sign out
   * everywhere" is one Query and removing the user removes them. */
  session: (userId: string, secretHash: string): Key => ({
    pk: userPk(userId),
    sk: `SESSION#${secretHash}`,
  }),
  sessionPrefix: 'SESSION#',

  /** GSI1, overloaded: the user directory, the sharded due-work index, each user's reconnect
   * groups (contacts by clock start, per cadence), their never-contacted contacts (by when they
   * were last suggested), their sent thank-yous by send time, and address claims by address. */
  usersIndex: (email: string) => ({ gsi1pk: 'USERS', gsi1sk: `USER#${lower(email)}` }),
  usersPartition: 'USERS',
  /** Each shard has two lanes (SPEC 3, scale): prompts and meetings in their own partitions, read
   * first, so a Monday's thousands of digests never hold back a thank-you due a minute later.
   * Digests keep the partitions every kind shared before the lanes, so items written then are
   * still found (the digest lane sends any kind it meets). */
  dueIndex: (lane: DueLane, shard: number, dueAt: string, ref: string) => ({
    gsi1pk: duePartition(lane, shard),
    gsi1sk: `${dueAt}#${ref}`,
  }),
  duePartition: (lane: DueLane, shard: number) => duePartition(lane, shard),
  dueRef: {
    thanks: (userId: string, promptId: string) => `thanks#${userId}#${promptId}`,
    digest: (userId: string) => `digest#${userId}`,
    meeting: (userId: string, meetingId: string) => `meeting#${userId}#${meetingId}`,
  },
  reconnectIndex: (userId: string, cadenceDays: number, clockStart: string, email: string) => ({
    gsi1pk: `RECONNECT#${userId}#${cadenceDays}`,
    gsi1sk: `${clockStart}#${lower(email)}`,
  }),
  reconnectPartition: (userId: string, cadenceDays: number) => `RECONNECT#${userId}#${cadenceDays}`,
  /** Sparse: only contacts nothing was ever logged with (imports), by `rediscoverRank`. */
  rediscoverIndex: (userId: string, rank: string, email: string) => ({
    gsi1pk: `REDISCOVER#${userId}`,
    gsi1sk: `${rank}#${lower(email)}`,
  }),
  rediscoverPartition: (userId: string) => `REDISCOVER#${userId}`,
  sentThanksIndex: (userId: string, sentAt: string, promptId: string) => ({
    gsi1pk: `SENTTHANKS#${userId}`,
    gsi1sk: `${sentAt}#${promptId}`,
  }),
  sentThanksPartition: (userId: string) => `SENTTHANKS#${userId}`,
  /** Every user's claim of an address, where mail from it looks. */
  addressClaimIndex: (address: string, userId: string) => ({
    gsi1pk: `CLAIM#${lower(address)}`,
    gsi1sk: `USER#${userId}`,
  }),
  addressClaimPartition: (address: string) => `CLAIM#${lower(address)}`,

  /** GSI2 and GSI3, the Contacts page's two orders (SPEC 8): partitioned by the table's own `pk`
   * (the user's partition) and sparse: only contact items carry the sort keys (not one half
   * merged away), `contactOrderKey` (shared/domain/contact-search.ts) then the address. */
  contactsByLastContact: (orderKey: string, email: string) => ({
    gsi2sk: `${orderKey}#${lower(email)}`,
  }),
  contactsByNextDue: (orderKey: string, email: string) => ({
    gsi3sk: `${orderKey}#${lower(email)}`,
  }),
} as const;

/** A sort-key bound just past every key that starts with `prefix` (for `BETWEEN` and `<=`). */
export const AFTER = '~';

/** A stable shard for a string (a user id, an S3 key), so related items stay together. */
export function shardOf(value: string, shards: number = DUE_SHARDS): number {
  let h = 0;
  for (const ch of value) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h % shards;
}

export const TABLE_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
  gsi1: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  /** The Contacts page by last contact, and by next due (keys.contactsBy…). */
  gsi2: { name: 'gsi2', partitionKey: 'pk', sortKey: 'gsi2sk' },
  gsi3: { name: 'gsi3', partitionKey: 'pk', sortKey: 'gsi3sk' },
  /** TTL attribute (epoch seconds): idempotency markers, quarantine records, old stats. */
  ttl: 'expiresAt',
} as const;

import { z } from 'zod';
import { cadenceOf, clockStart } from '../../../domain/reconnect';
import type { Contact, User } from '../../../domain/types';
import { keys } from '../../../keys';
import type { Item } from '../table';
import { count, nullableString, stringList, version } from './fields';

const contactSchema = z.object({
  email: z.string(),
  name: nullableString,
  nameSetByUser: z.boolean().nullish().transform(Boolean),
  tags: stringList,
  cadenceDays: z
    .number()
    .nullish()
    .transform((v) => v ?? null),
  status: z.enum(['active', 'muted']).catch('active'),
  snoozedUntil: nullableString,
  firstSeenAt: z.string(),
  lastInteractionAt: nullableString,
  lastInboundAt: nullableString,
  lastOutboundAt: nullableString,
  interactionCount: count,
  clockResetAt: nullableString,
  lastSubject: nullableString,
  latestNote: nullableString,
  pendingThanks: z
    .object({ id: z.string(), interactionAt: z.string(), dueAt: z.string() })
    .nullish()
    .transform((v) => v ?? null),
  source: z.enum(['email', 'linkedin', 'vcard', 'manual']).catch('email'),
  linkedinUrl: nullableString,
  version,
});

/**
 * A contact item. Unless muted, it sits in its user's reconnect index: partitioned by cadence
 * and sorted by when the reconnect clock started, so within a partition the most overdue
 * (overdue time / cadence, SPEC 3) come first and the digest reads only what it shows.
 */
export function contactItem(user: User, contact: Contact, nextVersion: number): Item {
  const indexed =
    contact.status === 'muted'
      ? {}
      : keys.reconnectIndex(user.id, cadenceOf(contact, user), clockStart(contact), contact.email);
  return {
    ...keys.contact(user.id, contact.email),
    ...indexed,
    type: 'contact',
    ...contact,
    version: nextVersion,
  };
}

/** The marker of a cadence in use, written with every contact that uses it. */
export function cadenceGroupItem(userId: string, days: number): Item {
  return { ...keys.cadenceGroup(userId, days), type: 'cadenceGroup', days };
}

export function parseCadenceGroup(item: Item): number {
  return z.object({ days: z.number() }).parse(item).days;
}

export function parseContact(item: Item): { contact: Contact; version: number } {
  const { version: v, ...contact } = contactSchema.parse(item);
  return { contact, version: v };
}

/** The optimistic lock: a new contact only if absent, an existing one only at the version read. */
export function versionCondition(version: number): { condition: string; values?: Item } {
  return version === 0
    ? { condition: 'attribute_not_exists(pk)' }
    : { condition: 'version = :version', values: { ':version': version } };
}

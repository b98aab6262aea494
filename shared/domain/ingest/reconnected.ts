import type { Contact, Interaction } from '../types';

/** SPEC 3: the digest's week is the 7 days up to it; a contact first seen at least this long
 * before an interaction was known before any week that interaction counts in. */
export const KNOWN_BEFORE_DAYS = 7;

const DAY_MS = 86_400_000;

/**
 * SPEC 3, "reconnected this week": contacts known before that week whom the user wrote to or
 * met. Decided when the interaction is logged, from the contact as it was before it: a brand-new
 * contact, one first seen within the last week, or an email older than the contact's first
 * sighting (forwarded late) is logged but not a reconnection.
 */
export function countsAsReconnect(
  before: Pick<Contact, 'firstSeenAt'> | null,
  interaction: Pick<Interaction, 'at' | 'direction'>,
): boolean {
  if (interaction.direction === 'inbound' || !before) return false;
  const knownFor = Date.parse(interaction.at) - Date.parse(before.firstSeenAt);
  return knownFor >= KNOWN_BEFORE_DAYS * DAY_MS;
}

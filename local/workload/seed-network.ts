import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  cadenceGroupItem,
  contactWithWordItems,
} from '../../shared/adapters/dynamodb/items/contact-item';
import { interactionItem } from '../../shared/adapters/dynamodb/items/interaction-item';
import { Table } from '../../shared/adapters/dynamodb/table';
import { newContact } from '../../shared/domain/contact';
import { cadenceOf } from '../../shared/domain/reconnect';
import type { Contact, Interaction, User } from '../../shared/domain/types';

const DAY_MS = 86_400_000;
/** Cadences the seeded contacts use (days): the default, and a few set per contact. */
const CADENCES: Array<number | null> = [null, null, null, 30, 180, 14];

/**
 * A large network written straight into the table with the adapters' own item builders (what
 * logging emails one by one would leave behind, without the hours that would take): `contacts`
 * contacts with `perContact` interactions each, spread over the two years before `now`.
 * Deterministic, so two runs hold the same network.
 */
export async function seedNetwork(
  client: DynamoDBClient,
  tableName: string,
  user: User,
  options: { contacts: number; perContact: number; now: Date },
): Promise<Contact[]> {
  const table = new Table(client, tableName);
  const { now } = options;
  const contacts: Contact[] = [];
  const items = [];
  for (let i = 0; i < options.contacts; i++) {
    const email = `person${String(i).padStart(5, '0')}@seed.example`;
    const interactions: Interaction[] = [];
    for (let j = 0; j < options.perContact; j++) {
      // Pseudo-random but fixed: contact i's j-th interaction, 0 to 730 days ago.
      const daysAgo = ((i * 7919 + j * 104_729) % 73_000) / 100;
      const at = new Date(now.getTime() - daysAgo * DAY_MS).toISOString();
      interactions.push({
        id: `seed${i}x${j}`,
        contactEmail: email,
        at,
        direction: j % 2 === 0 ? 'outbound' : 'inbound',
        subject: `Subject ${j}`,
        snippet: 'Seeded interaction',
        messageId: null,
        threadId: null,
        tags: [],
      });
    }
    const sorted = interactions.map((x) => x.at).sort();
    const contact: Contact = {
      ...newContact(email, sorted[0] ?? now.toISOString(), 'email'),
      name: `Person ${i}`,
      cadenceDays: CADENCES[i % CADENCES.length] ?? null,
      lastInteractionAt: sorted.at(-1) ?? null,
      interactionCount: interactions.length,
      snoozedUntil: i % 97 === 0 ? new Date(now.getTime() + 30 * DAY_MS).toISOString() : null,
      status: i % 89 === 0 ? 'muted' : 'active',
    };
    contacts.push(contact);
    items.push(
      ...contactWithWordItems(user, contact, 1),
      ...interactions.map((x) => interactionItem(user.id, x)),
    );
  }
  const groups = new Set(contacts.map((c) => cadenceOf(c, user)));
  items.push(...[...groups].map((d) => cadenceGroupItem(user.id, d)));
  await table.putMany(items);
  return contacts;
}

import { describe, expect, it } from 'vitest';
import {
  contactItem,
  parseContact,
  suggestedUpdate,
} from '../../shared/adapters/dynamodb/items/contact-item';
import { newContact } from '../../shared/domain/contact';
import type { Contact } from '../../shared/domain/types';
import { testUser } from '../support/fixtures';

/**
 * Where a contact item is filed (docs/data-model.md, the reconnect and rediscover indexes), and
 * how items written by earlier versions read back.
 */

const user = testUser();
const CONNECTED = '2019-03-12T09:00:00.000Z';

function connection(o: Partial<Contact> = {}): Contact {
  return {
    ...newContact('linkedin:rita-o', CONNECTED, 'linkedin'),
    name: 'Rita O',
    connectedAt: CONNECTED,
    ...o,
  };
}

describe('contactItem: the index a contact is filed in', () => {
  it.each<[string, Partial<Contact>, string | undefined, RegExp | undefined]>([
    [
      'an import never contacted: the rediscover index, never suggested first',
      {},
      `REDISCOVER#${user.id}`,
      /^0#[0-9a-f]{8}#linkedin:rita-o$/,
    ],
    [
      'an import suggested before: by when',
      { lastSuggestedAt: '2026-11-30T08:01:00.000Z' },
      `REDISCOVER#${user.id}`,
      /^2026-11-30T08:01:00\.000Z#[0-9a-f]{8}#linkedin:rita-o$/,
    ],
    [
      'an import skipped but never contacted: still to rediscover',
      { clockResetAt: '2026-11-30T08:01:00.000Z' },
      `REDISCOVER#${user.id}`,
      /^0#/,
    ],
    [
      'a contact something was logged with: the reconnect index, by clock start',
      { lastInteractionAt: '2026-12-01T10:00:00.000Z', interactionCount: 1 },
      `RECONNECT#${user.id}#90`,
      /^2026-12-01T10:00:00\.000Z#linkedin:rita-o$/,
    ],
    ['a muted contact: no index', { status: 'muted' }, undefined, undefined],
  ])('files %s', (_label, o, pk, sk) => {
    const item = contactItem(user, connection(o), 1);

    expect(item.gsi1pk).toBe(pk);
    if (sk) expect(String(item.gsi1sk)).toMatch(sk);
    else expect(item.gsi1sk).toBeUndefined();
  });

  it('reads back what it wrote', () => {
    const contact = connection({ lastSuggestedAt: '2026-11-30T08:01:00.000Z' });

    expect(parseContact(contactItem(user, contact, 3))).toEqual({
      contact,
      version: 3,
      indexedWords: [],
    });
  });
});

describe('items written before connectedAt existed', () => {
  /** What the import used to write: the connection date as the last interaction, filed as due. */
  function legacyItem(o: Record<string, unknown> = {}): Record<string, unknown> {
    const item = contactItem(
      user,
      connection({ connectedAt: null, lastInteractionAt: CONNECTED }),
      1,
    );
    delete item.connectedAt;
    delete item.lastSuggestedAt;
    return { ...item, ...o };
  }

  it('reads a LinkedIn import as connected on that date and never contacted', () => {
    const { contact } = parseContact(legacyItem());

    expect(contact).toMatchObject({
      connectedAt: CONNECTED,
      lastInteractionAt: null,
      lastSuggestedAt: null,
    });
    expect(contactItem(user, contact, 2).gsi1pk).toBe(`REDISCOVER#${user.id}`);
  });

  it('keeps a contact something was logged with as it was', () => {
    const { contact } = parseContact(legacyItem({ interactionCount: 2, source: 'email' }));

    expect(contact).toMatchObject({ connectedAt: null, lastInteractionAt: CONNECTED });
  });

  it('keeps an item the new import wrote (connectedAt present, even null)', () => {
    const { contact } = parseContact(legacyItem({ connectedAt: null }));

    expect(contact.lastInteractionAt).toBe(CONNECTED);
  });

  it('reads a vCard import (no date) as never contacted, as it was', () => {
    const { contact } = parseContact(legacyItem({ lastInteractionAt: null, source: 'vcard' }));

    expect(contact).toMatchObject({ connectedAt: null, lastInteractionAt: null });
  });
});

describe('suggestedUpdate', () => {
  it('moves the contact to the back of the rediscover index, only while it is still there', () => {
    const at = '2026-11-30T08:01:00.000Z';
    const update = suggestedUpdate(user, connection(), at);
    const moved = contactItem(user, connection({ lastSuggestedAt: at }), 1);

    expect(update.ConditionExpression).toBe('gsi1pk = :p');
    expect(update.ExpressionAttributeValues).toEqual({
      ':at': at,
      ':sk': moved.gsi1sk,
      ':p': `REDISCOVER#${user.id}`,
      ':one': 1,
    });
    expect(update.UpdateExpression).toContain('ADD version :one');
  });
});

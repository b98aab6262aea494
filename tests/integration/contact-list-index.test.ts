import { execFile } from 'node:child_process';
import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDynamoDbClient, type LocalServices, startLocalServices } from '../../local/services';
import {
  CONTACT_INDEX_ATTRIBUTES,
  contactItem,
} from '../../shared/adapters/dynamodb/items/contact-item';
import { Table } from '../../shared/adapters/dynamodb/table';
import { ensureTable } from '../../shared/adapters/dynamodb/table-definition';
import { CONTACT_SUMMARY_FIELDS } from '../../shared/ports/contact-store';
import { newContact } from '../../shared/domain/contact';
import {
  type ContactQuery,
  type ContactSort,
  contactOrderKey,
  searchContacts,
} from '../../shared/domain/contact-search';
import type { Contact, User } from '../../shared/domain/types';
import { keys } from '../../shared/keys';
import { contactQuery } from '../support/contact-fixtures';
import { createHarness, type Harness } from '../support/tend-harness';

/**
 * SPEC 8, the Contacts page's indexes (gsi2 by last contact, gsi3 by next due): every write path
 * files a contact in both, in the order the page shows, for its own user only; `reindex` files
 * contacts written before the indexes existed, and re-files them when the user's cadences change.
 */

const run = promisify(execFile);
const DAY_MS = 86_400_000;
const NOW = '2026-11-26T10:00:00Z';

function daysAgo(days: number): string {
  return new Date(new Date(NOW).getTime() - days * DAY_MS).toISOString();
}

/** A contact last in touch `days` ago (null: never), with what else is given. */
function person(email: string, days: number | null, over: Partial<Contact> = {}): Contact {
  return {
    ...newContact(email, daysAgo(400), days === null ? 'linkedin' : 'email'),
    name: email.split('@')[0]!,
    lastInteractionAt: days === null ? null : daysAgo(days),
    interactionCount: days === null ? 0 : 1,
    ...over,
  };
}

const query = (sort: ContactSort): ContactQuery => contactQuery({ sort });

describe("the Contacts page's indexes", () => {
  let h: Harness;
  let ada: User;
  let eve: User;
  let table: Table;

  /** Everything the index holds for a user, in its order. */
  async function listed(user: User, sort: ContactSort, dueBy: string | null = null) {
    const emails: string[] = [];
    let chunks = 0;
    for await (const chunk of h.app.contacts.listInOrder(user.id, sort, { firstChunk: 3, dueBy })) {
      emails.push(...chunk.contacts.map((c) => c.email));
      chunks += 1;
    }
    return { emails, chunks };
  }

  const PEOPLE = [
    person('recent@a.example', 2),
    person('old@a.example', 200, { tags: ['mentor'] }),
    person('middle@a.example', 60, { cadenceDays: 14 }),
    person('snoozed@a.example', 300, { snoozedUntil: daysAgo(-20) }),
    person('muted@a.example', 100, { status: 'muted' }),
    person('import@a.example', null),
    // The same time as another: the address decides, as the page does.
    person('also-recent@a.example', 2),
  ];

  beforeAll(async () => {
    h = await createHarness('contact-list-index', NOW);
    ada = await h.register('ada@list.example', 'UTC');
    eve = await h.register('eve@list.example', 'UTC');
    for (const c of PEOPLE)
      await h.app.contacts.save(ada, { contact: c, version: 0, indexedWords: [] });
    await h.app.contacts.save(eve, {
      contact: person('eves-friend@b.example', 1),
      version: 0,
      indexedWords: [],
    });
    table = new Table(h.ctx.dynamodb, h.ctx.table);
  });

  it.each<ContactSort>(['last', 'due'])(
    'lists every contact of the user (muted too) in the order of the page, by %s',
    async (sort) => {
      const expected = searchContacts(PEOPLE, query(sort), ada, new Date(NOW)).contacts.map(
        (c) => c.email,
      );
      const { emails, chunks } = await listed(ada, sort);
      expect(emails).toEqual(expected);
      // Chunks of 3 then 6: the reader stops where it likes; nothing is read twice.
      expect(chunks).toBe(2);
      expect(emails).not.toContain('eves-friend@b.example');
    },
  );

  it('orders by last contact most recent first, never-contacted last', async () => {
    expect((await listed(ada, 'last')).emails).toEqual([
      'also-recent@a.example',
      'recent@a.example',
      'middle@a.example',
      'muted@a.example',
      'old@a.example',
      'snoozed@a.example',
      'import@a.example',
    ]);
  });

  it('ends the next-due order at the contacts due by a time', async () => {
    // Due now: middle (60 days, cadence 14), old (200 days, mentor: 30); not the snoozed one,
    // not the muted one, not the import (never due), not those in touch 2 days ago.
    expect((await listed(ada, 'due', NOW)).emails).toEqual(['old@a.example', 'middle@a.example']);
  });

  it('follows a write that changes the order (a snooze)', async () => {
    const stored = (await h.app.contacts.get(ada.id, 'old@a.example'))!;
    await h.app.contacts.save(ada, {
      ...stored,
      contact: { ...stored.contact, snoozedUntil: daysAgo(-5) },
    });
    expect((await listed(ada, 'due', NOW)).emails).toEqual(['middle@a.example']);
    const item = await table.get(keys.contact(ada.id, 'old@a.example'));
    expect(item?.gsi3sk).toBe(`${daysAgo(-5)}#old@a.example`);
  });

  it("never lists another user's contacts", async () => {
    expect((await listed(eve, 'last')).emails).toEqual(['eves-friend@b.example']);
    expect((await listed(eve, 'due')).emails).toEqual(['eves-friend@b.example']);
  });

  it('files contacts written before the indexes when reindexed, once', async () => {
    // As an earlier version wrote it: no gsi2/gsi3 sort keys.
    const legacy = person('legacy@a.example', 10);
    const item = contactItem(ada, legacy, 1);
    for (const a of ['gsi2sk', 'gsi3sk']) delete item[a];
    await table.put(item);
    expect((await listed(ada, 'last')).emails).not.toContain('legacy@a.example');

    expect(await h.app.contacts.reindex(ada)).toBe(1);
    const { emails } = await listed(ada, 'last');
    expect(emails[emails.indexOf('middle@a.example') - 1]).toBe('legacy@a.example');
    const after = await table.get(keys.contact(ada.id, 'legacy@a.example'));
    for (const a of CONTACT_INDEX_ATTRIBUTES)
      expect(after?.[a]).toBe(contactItem(ada, legacy, 1)[a]);
    // Its version moved, like any re-filing; a second run finds nothing to do.
    expect(after?.version).toBe(2);
    expect(await h.app.contacts.reindex(ada)).toBe(0);
  });

  it("re-files the next-due order when the user's cadences change", async () => {
    const slower: User = { ...ada, defaultCadenceDays: 365, tagCadences: { mentor: 365 } };
    await h.app.users.save(slower);
    const moved = await h.app.contacts.reindex(slower);
    expect(moved).toBeGreaterThan(0);
    const item = await table.get(keys.contact(ada.id, 'recent@a.example'));
    const contact = (await h.app.contacts.get(ada.id, 'recent@a.example'))!.contact;
    expect(item?.gsi3sk).toBe(`${contactOrderKey(contact, 'due', slower)}#recent@a.example`);
    expect(item?.gsi3sk).toBe(`${daysAgo(2 - 365)}#recent@a.example`);
    // Middle keeps its own cadence (14 days): still due.
    expect((await listed(slower, 'due', NOW)).emails).toEqual(['middle@a.example']);
  });

  it('is backfilled on a table by scripts/backfill-contact-indexes.ts, once', async () => {
    const legacy = person('older@b.example', 3);
    const item = contactItem(eve, legacy, 1);
    for (const a of ['gsi2sk', 'gsi3sk']) delete item[a];
    await table.put(item);
    const backfill = () =>
      run('npx', ['tsx', 'scripts/backfill-contact-indexes.ts'], {
        env: { ...process.env, ...h.ctx.env, TEND_TARGET: 'aws' },
      });
    expect((await backfill()).stdout).toMatch(
      /^2 users, [1-9]\d* contacts filed, 0 introductions filed, [1-9]\d* contacts' words indexed$/m,
    );
    expect((await listed(eve, 'last')).emails).toEqual([
      'eves-friend@b.example',
      'older@b.example',
    ]);
    expect((await backfill()).stdout).toMatch(
      /^2 users, 0 contacts filed, 0 introductions filed, 0 contacts' words indexed$/m,
    );
  }, 120_000);

  it('takes a contact merged into another out of both orders', async () => {
    await h.app.contacts.merge(ada, 'recent@a.example', 'also-recent@a.example');
    for (const sort of ['last', 'due'] as const)
      expect((await listed(ada, sort)).emails).not.toContain('also-recent@a.example');
  });
});

describe('a local table created before the Contacts page indexes', () => {
  // An engine of its own: on the run's shared DynamoDB Local, busy with every test file's
  // tables, an index added to an existing table stayed CREATING past a minute in CI runs.
  let services: LocalServices;
  beforeAll(async () => {
    services = await startLocalServices();
  }, 120_000);
  afterAll(() => services.stop());

  it("gets both from ensureTable, keyed on the table's pk", async () => {
    const client = localDynamoDbClient(services.endpoints.dynamodb);
    const name = 'tend-before-contact-indexes';
    // The table as table-definition.ts created it before gsi2 and gsi3.
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: ['pk', 'sk', 'gsi1pk', 'gsi1sk'].map((a) => ({
          AttributeName: a,
          AttributeType: 'S',
        })),
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'gsi1',
            KeySchema: [
              { AttributeName: 'gsi1pk', KeyType: 'HASH' },
              { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      }),
    );
    await ensureTable(client, name);
    const { Table: described } = await client.send(new DescribeTableCommand({ TableName: name }));
    const indexes = Object.fromEntries(
      (described?.GlobalSecondaryIndexes ?? []).map((i) => [i.IndexName, i]),
    );
    expect(Object.keys(indexes).sort()).toEqual(['gsi1', 'gsi2', 'gsi3']);
    for (const gsi of ['gsi2', 'gsi3']) {
      expect(indexes[gsi]?.KeySchema).toEqual([
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: `${gsi}sk`, KeyType: 'RANGE' },
      ]);
      expect(indexes[gsi]?.Projection?.NonKeyAttributes).toEqual([...CONTACT_SUMMARY_FIELDS]);
    }
    // A second start finds them there and changes nothing.
    await ensureTable(client, name);
    // Two indexes, each waited for up to a minute (table-definition.ts, INDEX_WAIT_MS).
  }, 150_000);
});

/**
 * Issue 12's budgets for the web app: at 10,000 contacts and 50,000 interactions for one user,
 * each page ≤ 150 ms server time at p95, reads proportional to what it shows, ≤ 100 KB sent.
 *
 * Server time is the in-process `app.request()` of the real Hono app (functions/web/app.ts) with
 * a real session cookie, against DynamoDB Local: routing, session, reads and rendering, without
 * the network. Each round requests every page once, in turn, so machine noise hits all of them
 * alike; p50 and p95 are over the rounds. Requests and items read are exact (SDK middleware).
 *
 * `npx tsx bench/web.ts [rounds]` prints the section; bench/run.ts puts it in RESULTS.md.
 */
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createWebApp } from '../functions/web/app';
import {
  cadenceGroupItem,
  contactWithWordItems,
} from '../shared/adapters/dynamodb/items/contact-item';
import { interactionItem } from '../shared/adapters/dynamodb/items/interaction-item';
import { type Item, Table } from '../shared/adapters/dynamodb/table';
import { newContact } from '../shared/domain/contact';
import { CONTACTS_PAGE_SIZE } from '../shared/domain/contact-search';
import { cadenceOf } from '../shared/domain/reconnect';
import type { Contact, Interaction, User } from '../shared/domain/types';
import { issueLoginLink } from '../shared/use-cases/login-links';
import { registerUser } from '../shared/use-cases/users';
import { localDynamoDbClient } from '../local/services';
import type { RequestCounts } from '../local/workload/request-counter';
import { type Bench, forwardedMail, startBench } from './support';

/** Issue 12's budgets. */
export const WEB_BUDGETS = { p95Ms: 150, bytes: 100 * 1024 };
/** Issue 12's network: one user's. */
export const WEB_NETWORK = { contacts: 10_000, interactions: 50_000 };
/** Interactions of the one long-standing contact whose page is measured (a colleague of years). */
const HEAVY_INTERACTIONS = 500;
/** Rounds measured (each requests every page once), after WARM_ROUNDS unrecorded. */
const DEFAULT_ROUNDS = 30;
const WARM_ROUNDS = 3;
/** BatchWriteItem calls in flight while seeding (each up to 25 items). */
const SEED_CONCURRENCY = 8;

const DAY_MS = 86_400_000;
const NOW = '2026-11-27T09:30:00Z';
const ME = 'me@web.bench.example';
const ORIGIN = 'http://localhost';

/** First names from A to Z: addresses start with them, spread over the alphabet as real ones are. */
const FIRST = [
  'Ana',
  'Bo',
  'Cy',
  'Dee',
  'Eli',
  'Fay',
  'Gus',
  'Hana',
  'Ivo',
  'Jo',
  'Kai',
  'Lea',
  'Mia',
  'Nils',
  'Olu',
  'Pia',
  'Quinn',
  'Rae',
  'Sam',
  'Tom',
  'Uma',
  'Vic',
  'Wen',
  'Yara',
  'Zed',
];
const LAST = ['Lopez', 'Chen', 'Ray', 'Park', 'Okafor', 'Novak', 'Silva', 'Berg', 'Haddad'];
const COMPANIES = Array.from({ length: 40 }, (_, i) => `company${i}`);
const COMPANIES_NAMED = ['acme', 'globex', 'initech', 'umbrella', 'hooli'];
/** Cadences set per contact (days); null is the default (or the tag's). */
const CADENCES: Array<number | null> = [null, null, null, 30, 180, 14];
const SNIPPET =
  'Thanks for the chat last week. I have been thinking about what you said about the roadmap, ' +
  'and I would love to hear how the launch went. Coffee next month?';

/** The seeded network's contacts: mostly emailed, every 20th a LinkedIn import never contacted;
 * 1 in 5 tagged mentor, 1 in 7 investor, 1 in 11 climber; the first 500 at five named companies. */
function seededContact(i: number): {
  email: string;
  name: string;
  tags: string[];
  logged: boolean;
} {
  const company = i < 500 ? COMPANIES_NAMED[i % COMPANIES_NAMED.length]! : COMPANIES[i % 40]!;
  const tags = [
    ...(i % 5 === 0 ? ['mentor'] : []),
    ...(i % 7 === 0 ? ['investor'] : []),
    ...(i % 11 === 0 ? ['climber'] : []),
  ];
  const [first, last] = [FIRST[i % FIRST.length]!, LAST[(i * 7) % LAST.length]!];
  return {
    email: `${first}.${last}${i}@${company}.example`.toLowerCase(),
    name: `${first} ${last}`,
    tags,
    logged: i % 20 !== 19,
  };
}

/**
 * Issue 12's network written straight into the table with the adapters' own item builders
 * (contactWithWordItems: the contact and its word items, interactionItem, cadenceGroupItem) by
 * BatchWriteItem, several batches in flight:
 * what ingest would leave behind, in seconds instead of hours. Contact 0 has HEAVY_INTERACTIONS;
 * the other interactions are dealt round the emailed contacts (4 or 5 each). Deterministic.
 */
async function seedWebNetwork(
  table: Table,
  user: User,
  now: Date,
): Promise<{ heavy: string; typical: string }> {
  const specs = Array.from({ length: WEB_NETWORK.contacts }, (_, i) => seededContact(i));
  const logged = specs.map((s, i) => ({ s, i })).filter(({ s }) => s.logged);
  const perContact = new Map<number, number>([[0, HEAVY_INTERACTIONS]]);
  const rest = logged.filter(({ i }) => i !== 0);
  for (let k = 0; k < WEB_NETWORK.interactions - HEAVY_INTERACTIONS; k++) {
    const { i } = rest[k % rest.length]!;
    perContact.set(i, (perContact.get(i) ?? 0) + 1);
  }
  const items: Item[] = [];
  const contacts: Contact[] = [];
  for (const [i, s] of specs.entries()) {
    const interactions: Interaction[] = [];
    for (let j = 0; j < (perContact.get(i) ?? 0); j++) {
      // Pseudo-random but fixed: 0 to 730 days ago.
      const daysAgo = ((i * 7919 + j * 104_729) % 73_000) / 100;
      interactions.push({
        id: `seed${i}x${j}`,
        contactEmail: s.email,
        at: new Date(now.getTime() - daysAgo * DAY_MS - j * 60_000).toISOString(),
        direction: j % 2 === 0 ? 'outbound' : 'inbound',
        subject: `Re: the ${COMPANIES_NAMED[j % 5]} roadmap, part ${j}`,
        snippet: SNIPPET,
        messageId: null,
        threadId: null,
        tags: [],
      });
    }
    const times = interactions.map((x) => x.at).sort();
    const first = times[0] ?? new Date(now.getTime() - 400 * DAY_MS).toISOString();
    const contact: Contact = {
      ...newContact(s.email, first, s.logged ? 'email' : 'linkedin'),
      name: s.name,
      tags: s.tags,
      cadenceDays: CADENCES[i % CADENCES.length] ?? null,
      lastInteractionAt: times.at(-1) ?? null,
      lastOutboundAt: times.at(-1) ?? null,
      interactionCount: interactions.length,
      lastSubject: interactions.at(-1)?.subject ?? null,
      connectedAt: s.logged ? null : first,
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
  const chunk = Math.ceil(items.length / SEED_CONCURRENCY);
  await Promise.all(
    Array.from({ length: SEED_CONCURRENCY }, (_, k) =>
      table.putMany(items.slice(k * chunk, (k + 1) * chunk)),
    ),
  );
  return { heavy: specs[0]!.email, typical: specs[1]!.email };
}

export interface WebRow {
  label: string;
  path: string;
  status: number;
  p50Ms: number;
  p95Ms: number;
  bytes: number;
  gzipBytes: number;
  counts: RequestCounts;
}

/** The Contacts page's read alone: every contact (as before the page had its index) and now. */
export interface ReadRow {
  label: string;
  p50Ms: number;
  p95Ms: number;
  counts: RequestCounts;
}

export interface WebResult {
  rows: WebRow[];
  reads: ReadRow[];
  rounds: number;
  seedS: number;
}

/** Seeds the network, signs in, and times every page over `rounds` rounds. */
export async function webPages(bench: Bench, rounds = DEFAULT_ROUNDS): Promise<WebResult> {
  const b = await bench.freshApp('web', NOW);
  const now = new Date(NOW);
  // Three introductions two days ago: their thank-yous are sent, and open on Today.
  b.now.t = new Date(now.getTime() - 2 * DAY_MS);
  const user = await registerUser(b.app.users, { email: ME, timezone: 'UTC', also: [] }, b.now.t);
  for (const helper of ['Ann <ann@intro.example>', 'Bea <bea@intro.example>', 'cal@intro.example'])
    await b.deliver(forwardedMail(helper, ME, 'Wed, Nov 25, 2026 at 9:00 AM'));
  const seedStart = performance.now();
  const table = new Table(
    localDynamoDbClient(bench.services.endpoints.dynamodb),
    b.app.config.TEND_TABLE,
  );
  const { heavy, typical } = await seedWebNetwork(table, user, now);
  const seedS = (performance.now() - seedStart) / 1000;
  b.now.t = now;
  await b.tick(NOW);

  const web = createWebApp(b.app);
  const link = await issueLoginLink(b.app, user, ORIGIN, now);
  const token = new URL(link.url).pathname.split('/').pop()!;
  const login = await web.request(`${ORIGIN}/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN },
    body: new URLSearchParams({ token }).toString(),
  });
  const cookie = login.headers
    .getSetCookie()
    .map((line) => line.split(';')[0]!)
    .find((pair) => pair.startsWith('tend_session='));
  if (!cookie) throw new Error(`sign-in failed (${login.status})`);

  const pages: Array<{ label: string; path: string }> = [
    { label: 'Today', path: '/today' },
    { label: 'Contacts, first page', path: '/contacts' },
    { label: 'Contacts, search "acme"', path: '/contacts?q=acme' },
    { label: 'Contacts, tag investor', path: '/contacts?tag=investor' },
    { label: 'Contacts, sort by next due', path: '/contacts?sort=due' },
    { label: 'Contacts, page 50', path: '/contacts?page=50' },
    { label: 'Contacts, due only by next due', path: '/contacts?due=yes&sort=due' },
    // A search nobody matches: the word index has no word starting so, and no contact is read.
    { label: 'Contacts, search matching nobody', path: '/contacts?q=nobody' },
    {
      label: `Contact, ${HEAVY_INTERACTIONS} interactions`,
      path: `/contacts/${encodeURIComponent(heavy)}`,
    },
    { label: 'Contact, 5 interactions', path: `/contacts/${encodeURIComponent(typical)}` },
    { label: 'Settings', path: '/settings' },
  ];
  const firstPage = async () => {
    const chunks = b.app.contacts.listInOrder(user.id, 'last', {
      firstChunk: CONTACTS_PAGE_SIZE + 1,
      dueBy: null,
    });
    for await (const chunk of chunks) return chunk.contacts;
    return [];
  };
  const reads = [
    {
      label: 'before: `contacts.listSummaries` (every contact, projected, 8 parts at once)',
      read: () => b.app.contacts.listSummaries(user.id),
      expected: (everyone: number) => everyone,
    },
    {
      label: 'now: `contacts.listInOrder` (gsi2, first page and one more)',
      read: firstPage,
      expected: () => CONTACTS_PAGE_SIZE + 1,
    },
  ];
  // The seeded network and the three introducers: both reads must find every one of them.
  const everyone = (await b.app.contacts.list(user.id)).length;
  const times = pages.map(() => [] as number[]);
  const readTimes = reads.map(() => [] as number[]);
  const last: Array<{ status: number; body: string; counts: RequestCounts }> = [];
  const readCounts: RequestCounts[] = [];
  for (let r = -WARM_ROUNDS; r < rounds; r++) {
    for (const [i, x] of reads.entries()) {
      const start = performance.now();
      const { result, counts } = await b.requests.measure(x.read);
      if (r >= 0) readTimes[i]!.push(performance.now() - start);
      if (result.length !== x.expected(everyone)) throw new Error(`${x.label}: ${result.length}`);
      readCounts[i] = counts;
    }
    for (const [i, p] of pages.entries()) {
      const start = performance.now();
      const { result, counts } = await b.requests.measure(async () => {
        const res = await web.request(`${ORIGIN}${p.path}`, { headers: { Cookie: cookie } });
        return { status: res.status, body: await res.text() };
      });
      const ms = performance.now() - start;
      if (result.status !== 200) throw new Error(`${p.path} answered ${result.status}`);
      if (r >= 0) times[i]!.push(ms);
      last[i] = { ...result, counts };
    }
  }
  const rows = pages.map((p, i) => {
    const { status, body, counts } = last[i]!;
    const sorted = [...times[i]!].sort((x, y) => x - y);
    return {
      ...p,
      status,
      p50Ms: percentile(sorted, 0.5),
      p95Ms: percentile(sorted, 0.95),
      bytes: Buffer.byteLength(body),
      gzipBytes: gzipSync(body).length,
      counts,
    };
  });
  const readRows = reads.map((x, i) => {
    const sorted = [...readTimes[i]!].sort((p, q) => p - q);
    const { label } = x;
    return {
      label,
      p50Ms: percentile(sorted, 0.5),
      p95Ms: percentile(sorted, 0.95),
      counts: readCounts[i]!,
    };
  });
  return { rows, reads: readRows, rounds, seedS };
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? NaN;
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

export function webSection(result: WebResult): string[] {
  const { p95Ms, bytes } = WEB_BUDGETS;
  return [
    `## Web pages at ${WEB_NETWORK.contacts.toLocaleString('en')} contacts and ${WEB_NETWORK.interactions.toLocaleString('en')} interactions (issue 12)`,
    '',
    `One user; server time of the in-process \`app.request()\` (functions/web/app.ts) with a real`,
    `session cookie, on DynamoDB Local: ${result.rounds} rounds, each requesting every page once, after`,
    `${WARM_ROUNDS} unrecorded. Budgets: p95 ≤ ${p95Ms} ms, ≤ ${bytes / 1024} KB sent (the HTML uncompressed).`,
    `Requests include the session's 2 GetItems. Seeded by BatchWriteItem in ${result.seedS.toFixed(0)} s.`,
    '',
    '| page | p50 (ms) | p95 (ms) | HTML (KB) | gzip (KB) | requests | items read | RCU | within |',
    '| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- |',
    ...result.rows.map((r) => {
      const kinds = Object.entries(r.counts.byKind)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ');
      const within = r.p95Ms <= p95Ms && r.bytes <= bytes;
      return `| ${r.label} (\`${r.path.length > 40 ? `${r.path.slice(0, 37)}…` : r.path}\`) | ${r.p50Ms.toFixed(0)} | ${r.p95Ms.toFixed(0)} | ${kb(r.bytes)} | ${kb(r.gzipBytes)} | ${r.counts.total}: ${kinds} | ${r.counts.itemsRead} | ${r.counts.readUnits.toFixed(1)} | ${within ? 'yes' : '**no**'} |`;
    }),
    '',
    'The Contacts page reads its index (gsi2 by last contact, gsi3 by next due) only as far as the',
    'page asked for and one contact more; a search with a rare word reads the word index and the',
    'contacts it names (a word nobody has: none), one with only common words reads the index on',
    'until the page is full. A read of every contact, and of the first page, alone:',
    '',
    '| read | p50 (ms) | p95 (ms) | requests | items read | RCU |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...result.reads.map(
      (r) =>
        `| ${r.label} | ${r.p50Ms.toFixed(0)} | ${r.p95Ms.toFixed(0)} | ${r.counts.total} | ${r.counts.itemsRead} | ${r.counts.readUnits.toFixed(1)} |`,
    ),
    '',
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rounds = process.argv[2] === undefined ? undefined : Number(process.argv[2]);
  const bench = await startBench();
  try {
    process.stdout.write(`${webSection(await webPages(bench, rounds)).join('\n')}\n`);
  } finally {
    await bench.services.stop();
  }
}

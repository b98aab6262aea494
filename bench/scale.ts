/**
 * SPEC 3, scale: a Monday 08:00 spike. N users in one timezone, every one with a digest due at
 * the same slot (and some with a thank-you due a minute later), written straight into the table
 * with the adapters' own item builders; then the dispatcher runs as EventBridge runs it: every 5
 * minutes, one run per due-work shard at once, each with a Lambda-like deadline, on the real
 * local DynamoDB. SES is simulated: local SES has no rate, so a stand-in accepts a message after
 * SES_LATENCY_MS and refuses (as SES does, with a throttling error) a send past its rate, a token
 * bucket of one second's sends. Times are real: the spike takes as long as it would on AWS.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { ulid } from 'ulid';
import {
  contactWithWordItems,
  cadenceGroupItem,
} from '../shared/adapters/dynamodb/items/contact-item';
import { scheduleItem } from '../shared/adapters/dynamodb/items/digest-item';
import { promptItem } from '../shared/adapters/dynamodb/items/prompt-item';
import { addressItem, userItem } from '../shared/adapters/dynamodb/items/user-item';
import { Table } from '../shared/adapters/dynamodb/table';
import { configuredSendingLimits } from '../shared/adapters/configured-sending-limits';
import { createApp } from '../shared/app';
import { newContact } from '../shared/domain/contact';
import { DEFAULT_CADENCE_DAYS, DISPATCH_INTERVAL_MINUTES } from '../shared/domain/limits';
import type { Contact, ThanksPrompt, User } from '../shared/domain/types';
import { DUE_SHARDS } from '../shared/keys';
import { type Mailer, SendDeferredError } from '../shared/ports/mailer';
import { dispatch, platformDeadline } from '../shared/use-cases/dispatch-run';
import { newUser } from '../shared/use-cases/users';
import { countingDynamoDbClient } from '../local/workload/request-counter';
import type { Bench } from './support';

/** Monday 30 Nov 2026 08:00 in New York. */
const SLOT = '2026-11-30T13:00:00.000Z';
/** The thank-yous' due time: a minute after the slot. */
const THANKS_DUE = '2026-11-30T13:01:00.000Z';
/** When the seeded users registered (their ULIDs' time). */
const USERS_FROM = Date.parse('2026-06-01T12:00:00Z');
/** Users who also have a thank-you due at 08:01 (their latency is measured). */
const THANKED = 20;
/** What an SES API call takes, about (a round trip to the regional endpoint). */
const SES_LATENCY_MS = 40;
/** Items written at once while seeding (BatchWriteItem requests in flight). */
const SEED_CONCURRENCY = 8;
const TICK_MS = DISPATCH_INTERVAL_MINUTES * 60_000;
/** Lambda's own timeout for the dispatcher (infra DISPATCH_TIMEOUT): a run's deadline. */
const LAMBDA_TIMEOUT_MS = TICK_MS + 60_000;
/** The spike is given up after this long (a budget overrun is then reported as such). */
const GIVE_UP_MS = 45 * 60_000;
/** The SES prices in us-east-1 (https://aws.amazon.com/ses/pricing/): $0.10 per 1,000 emails. */
const SES_PER_EMAIL = 0.1 / 1000;
/** DynamoDB on-demand (https://aws.amazon.com/dynamodb/pricing/on-demand/): $0.625 per million
 * write request units, $0.125 per million read request units (us-east-1, since Nov 2024). */
const DDB_PER_REQUEST = { write: 0.625 / 1e6, read: 0.125 / 1e6 };
/** Lambda arm64 (https://aws.amazon.com/lambda/pricing/): $0.0000133334 per GB-second. */
const LAMBDA_PER_GB_SECOND = 0.0000133334;
const DISPATCH_MEMORY_GB = 1;

/** SPEC 3's two budgets: 10,000 users at 14 sends a second, 100,000 at 100. */
export const SCALE_RUNS: ReadonlyArray<readonly [users: number, rate: number]> = [
  [10_000, 14],
  [100_000, 100],
];

export interface SpikeResult {
  users: number;
  rate: number;
  /** From the slot to the last digest sent. */
  drainMs: number;
  /** SES's own floor: users / rate. */
  floorMs: number;
  sendsPerSecond: number;
  digests: number;
  doubled: number;
  skipped: number;
  throttled: number;
  thanksLatencyMs: { p50: number; max: number };
  requestsPerDigest: number;
  /** One digest sent alone, by the same code, less the idle run's due-index queries. */
  requestsForOneDigest: number;
  requests: Record<string, number>;
  seedMs: number;
  costPerMonday: number;
}

/**
 * SES as the account would answer: its rate limit as a token bucket of one second's sends,
 * refilled at the rate (the way AWS throttles its APIs), a send with no token throttled.
 */
class SimulatedSes implements Mailer {
  readonly sent: Array<{ to: string; at: number; thanks: boolean }> = [];
  throttled = 0;
  private tokens: number;
  private last = performance.now();

  constructor(private readonly rate: number) {
    this.tokens = rate;
  }

  async sendRaw({ to, raw }: { from: string; to: string; raw: Buffer }) {
    await sleep(SES_LATENCY_MS);
    const at = performance.now();
    this.tokens = Math.min(this.rate, this.tokens + ((at - this.last) / 1000) * this.rate);
    this.last = at;
    if (this.tokens < 1) {
      this.throttled++;
      throw new SendDeferredError('throttled');
    }
    this.tokens--;
    const subject = /^Subject: (.*)$/m.exec(raw.toString('utf8'))?.[1] ?? '';
    this.sent.push({ to, at, thanks: subject.startsWith('Thank') });
    return { messageId: `sim-${this.sent.length}` };
  }
}

function seededUser(i: number): User {
  // As registering makes them, one a millisecond apart (their ids are ULIDs of that time).
  return newUser([`user${i}@spike.example`], 'America/New_York', new Date(USERS_FROM + i));
}

/** One user's items: the user, its address, its digest due at SLOT, one overdue contact. */
function userItems(i: number, thanked: boolean) {
  const user = seededUser(i);
  const contact: Contact = {
    ...newContact(`mentor${i}@example.org`, '2026-06-02T12:00:00.000Z', 'email'),
    name: `Mentor ${i}`,
    lastInteractionAt: '2026-07-01T12:00:00.000Z',
    lastSubject: 'Coffee?',
    interactionCount: 1,
  };
  const items = [
    userItem(user),
    addressItem(user.email, user.id),
    scheduleItem(user.id, SLOT),
    ...contactWithWordItems(user, contact, 1),
    cadenceGroupItem(user.id, DEFAULT_CADENCE_DAYS),
  ];
  if (thanked) {
    const prompt: ThanksPrompt = {
      id: ulid(Date.parse('2026-11-29T13:01:00Z') + i),
      kind: 'thanks',
      contactEmail: contact.email,
      contactName: contact.name,
      interactionId: ulid(Date.parse('2026-11-29T13:01:00Z') + i),
      interactionAt: '2026-11-29T13:01:00.000Z',
      dueAt: THANKS_DUE,
      status: 'pending',
      attempts: 0,
      lastError: null,
      sentAt: null,
      about: { subject: 'Intro', snippet: '', direction: 'inbound' },
    };
    items.push(promptItem(user.id, prompt));
  }
  return items;
}

async function seed(table: Table, users: number, thanked = THANKED): Promise<number> {
  const start = performance.now();
  let next = 0;
  const CHUNK = 200;
  await Promise.all(
    Array.from({ length: SEED_CONCURRENCY }, async () => {
      while (next < users) {
        const from = next;
        next += CHUNK;
        const items = [];
        for (let i = from; i < Math.min(users, from + CHUNK); i++)
          items.push(...userItems(i, i < thanked));
        await table.putMany(items);
      }
    }),
  );
  return performance.now() - start;
}

/** What one digest costs with nobody else due: the per-digest floor the spike is compared to. */
async function oneDigest(bench: Bench): Promise<number> {
  const b = await bench.freshApp('one-digest', SLOT);
  await seed(new Table(b.requests.client, b.app.config.TEND_TABLE), 1, 0);
  const idle = await b.requests.measure(() => b.tick('2026-11-30T12:00:00Z'));
  const one = await b.requests.measure(() => b.tick('2026-11-30T13:00:30Z'));
  if (one.result.sent !== 1) throw new Error(`one digest: sent ${one.result.sent}`);
  return one.counts.total - idle.counts.total;
}

export async function mondaySpike(bench: Bench, users: number, rate: number): Promise<SpikeResult> {
  const requestsForOneDigest = await oneDigest(bench);
  const b = await bench.freshApp(`spike${users}`, SLOT);
  const seedMs = await seed(new Table(b.requests.client, b.app.config.TEND_TABLE), users);
  const ses = new SimulatedSes(rate);
  const requests = countingDynamoDbClient();
  const start = performance.now();
  const slot = Date.parse(SLOT);
  // The world's clock runs from the slot at real speed, as on the Monday.
  const app = createApp(b.app.config, {
    dynamodb: requests.client,
    mailer: ses,
    clock: { now: () => new Date(slot + (performance.now() - start)) },
    sendingLimits: configuredSendingLimits(rate),
  });
  const runs: Array<Promise<unknown>> = [];
  // EventBridge: a tick every 5 minutes, each one run per shard with Lambda's deadline.
  for (;;) {
    const tickAt = performance.now();
    const remaining = () => LAMBDA_TIMEOUT_MS - (performance.now() - tickAt);
    runs.push(
      ...Array.from({ length: DUE_SHARDS }, (_, shard) =>
        dispatch(app, undefined, { shards: [shard], deadline: platformDeadline(remaining) }),
      ),
    );
    const digestsSent = () => ses.sent.filter((s) => !s.thanks).length;
    while (performance.now() - tickAt < TICK_MS) {
      if (digestsSent() >= users && ses.sent.length >= users + THANKED) break;
      await sleep(250);
      const seconds = Math.round((performance.now() - start) / 1000);
      if (seconds % 30 === 0 && seconds > 0)
        process.stderr.write(`spike ${users}: ${seconds} s, ${ses.sent.length} sent\n`);
    }
    if (digestsSent() >= users && ses.sent.length >= users + THANKED) break;
    if (performance.now() - start > GIVE_UP_MS) break;
  }
  await Promise.all(runs);
  const digests = ses.sent.filter((s) => !s.thanks);
  const thanks = ses.sent.filter((s) => s.thanks);
  const perUser = new Map<string, number>();
  for (const d of digests) perUser.set(d.to, (perUser.get(d.to) ?? 0) + 1);
  const times = digests.map((d) => d.at);
  const last = Math.max(...times);
  const first = Math.min(...times);
  const latencies = thanks.map((t) => t.at - start - 60_000).sort((x, y) => x - y);
  const counts = requests.counts;
  const writes = ['PutItem', 'UpdateItem', 'DeleteItem', 'TransactWriteItems', 'BatchWriteItem'];
  const writeRequests = writes.reduce((n, k) => n + (counts.byKind[k] ?? 0), 0);
  const readRequests = counts.total - writeRequests;
  // Each run on Lambda lasts about as long as the spike's busiest shard: 4 runs of drain time.
  const lambdaGbSeconds = (DUE_SHARDS * (last - start) * DISPATCH_MEMORY_GB) / 1000;
  return {
    users,
    rate,
    drainMs: last - start,
    floorMs: (users / rate) * 1000,
    sendsPerSecond: (digests.length - 1) / ((last - first) / 1000),
    digests: digests.length,
    doubled: [...perUser.values()].filter((n) => n > 1).length,
    skipped: users - perUser.size,
    throttled: ses.throttled,
    thanksLatencyMs: {
      p50: latencies[Math.floor(latencies.length / 2)] ?? NaN,
      max: latencies.at(-1) ?? NaN,
    },
    requestsPerDigest: counts.total / Math.max(1, ses.sent.length),
    requestsForOneDigest,
    requests: counts.byKind,
    seedMs,
    costPerMonday:
      ses.sent.length * SES_PER_EMAIL +
      writeRequests * DDB_PER_REQUEST.write +
      readRequests * DDB_PER_REQUEST.read +
      lambdaGbSeconds * LAMBDA_PER_GB_SECOND,
  };
}

const min = (ms: number) => (ms / 60_000).toFixed(1);

export function scaleSection(rows: SpikeResult[]): string[] {
  return [
    '## Scale: a Monday 08:00 spike, every user in one timezone (SPEC 3)',
    '',
    `bench/scale.ts: users seeded straight into the table (a digest due at 08:00 each, ${THANKED} of them`,
    'with a thank-you due at 08:01), then the dispatcher as EventBridge runs it: every 5 minutes,',
    `one run per shard (${DUE_SHARDS}) with Lambda's deadline, on DynamoDB Local; SES simulated at the`,
    `given rate (${SES_LATENCY_MS} ms a call, a token bucket of one second's sends). Real time.`,
    'Cost: SES, DynamoDB on-demand requests and Lambda GB-seconds at us-east-1 list prices.',
    '',
    '| users | SES rate (/s) | time to drain (min) | SES floor (min) | budget (min) | sends/s | of the rate | doubled | skipped | throttled | thank-you at 08:01 sent after (p50 / max s) | DynamoDB requests per email (one digest alone) | cost per Monday |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.users.toLocaleString('en')} | ${r.rate} | ${min(r.drainMs)} | ${min(r.floorMs)} | ${r.users >= 100_000 ? 30 : 15} | ${r.sendsPerSecond.toFixed(1)} | ${((r.sendsPerSecond / r.rate) * 100).toFixed(0)}% | ${r.doubled} | ${r.skipped} | ${r.throttled} | ${(r.thanksLatencyMs.p50 / 1000).toFixed(1)} / ${(r.thanksLatencyMs.max / 1000).toFixed(1)} | ${r.requestsPerDigest.toFixed(2)} (${r.requestsForOneDigest}) | $${r.costPerMonday.toFixed(2)} |`,
    ),
    '',
    'Requests by kind: ' +
      rows
        .map(
          (r) =>
            `${r.users.toLocaleString('en')} users: ${Object.entries(r.requests)
              .map(([k, n]) => `${k} ${n}`)
              .join(', ')} (seeded in ${(r.seedMs / 1000).toFixed(0)} s)`,
        )
        .join('; '),
    '',
  ];
}

/** `npx tsx bench/scale.ts [users rate]…`: the spike alone, its section printed. */
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const pairs = process.argv.slice(2).map(Number);
  const { startBench } = await import('./support');
  const bench = await startBench();
  try {
    const rows: SpikeResult[] = [];
    for (let i = 0; i + 1 < pairs.length; i += 2)
      rows.push(await mondaySpike(bench, pairs[i]!, pairs[i + 1]!));
    process.stdout.write(`${scaleSection(rows).join('\n')}\n`);
  } finally {
    await bench.services.stop();
  }
}

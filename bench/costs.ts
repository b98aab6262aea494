import { DIGEST_DUE_COUNT_LIMIT } from '../shared/domain/limits';
import { registerUser } from '../shared/use-cases/users';
import type { RequestCounts } from '../local/workload/request-counter';
import { seedNetwork } from '../local/workload/seed-network';
import { localDynamoDbClient } from '../local/services';
import { type Bench, email, forwardedMail } from './support';

/** One row of the cost table: what a unit of work sent to DynamoDB, and the "before". */
export interface CostRow {
  scenario: string;
  counts: RequestCounts;
  /** The figure issue 8 measured on the previous store, where it gave one. */
  before: string;
  budget: string;
}

const ten = (tag: string) => Array.from({ length: 10 }, (_, i) => `${tag}${i}@example.org`);

/** Issue 8's scenarios, each on a fresh table, counted by SDK middleware on DynamoDB Local. */
export async function costScenarios(
  bench: Bench,
  network: { contacts: number; perContact: number },
): Promise<CostRow[]> {
  const rows: CostRow[] = [];
  const ME = 'me@costs.example';

  const b = await bench.freshApp('costs', '2026-11-26T15:00:00Z');
  await registerUser(b.app.users, { email: ME, timezone: 'UTC', also: [] }, b.now.t);
  const cold = await b.requests.measure(() => b.deliver(email(ME, ten('cold').join(', '))));
  rows.push({
    scenario: 'email to 10 new contacts, cold function',
    counts: cold.counts,
    before: '6',
    budget: '—',
  });
  const warm = await b.requests.measure(() => b.deliver(email(ME, ten('new').join(', '))));
  rows.push({
    scenario: 'email to 10 new contacts, warm function',
    counts: warm.counts,
    before: '6',
    budget: '≤ 2',
  });

  for (const c of ten('helper'))
    await b.deliver(forwardedMail(c, ME, 'Thu, Nov 26, 2026 at 9:00 AM'));
  const pending = await b.requests.measure(() =>
    b.deliver(email(ME, ten('helper').join(', '), { date: 'Thu, 26 Nov 2026 11:00:00 +0000' })),
  );
  rows.push({
    scenario: 'email to 10 known contacts, each with a pending thank-you (cancelled)',
    counts: pending.counts,
    before: '16',
    budget: '≤ 2',
  });

  const raw = email(ME, ten('dup').join(', '));
  await b.deliver(raw);
  const dup = await b.requests.measure(() => b.deliver(raw));
  rows.push({
    scenario: 'the same email delivered again',
    counts: dup.counts,
    before: '—',
    budget: '≤ 2',
  });

  const idle = await b.requests.measure(() => b.tick('2026-11-26T16:00:00Z'));
  rows.push({
    scenario: 'dispatcher tick, nothing due',
    counts: idle.counts,
    before: '4 queries',
    budget: 'due-index queries only',
  });

  await b.deliver(forwardedMail('Ana Lopez <ana@example.org>', ME, 'Thu, Nov 26, 2026 at 3:00 PM'));
  const thanks = await b.requests.measure(() => b.tick('2026-11-27T15:01:00Z'));
  rows.push({
    scenario: `dispatcher tick sending 1 thank-you (${thanks.result.sent} sent)`,
    counts: thanks.counts,
    before: '7 + queries',
    budget: '≤ 4 + queries',
  });

  const [prompt] = (await b.sentTo(ME)).filter((e) => e.subject.includes('Ana'));
  const replyTo = prompt?.replyTo[0] ?? 'missing';
  b.now.t = new Date('2026-11-27T16:00:00Z');
  const reply = await b.requests.measure(() =>
    b.deliver(email(ME, replyTo, { subject: 'Re: thank Ana', body: 'snooze 2w' }), [replyTo]),
  );
  rows.push({
    scenario: `one-command reply ("snooze 2w": ${JSON.stringify(reply.result)})`,
    counts: reply.counts,
    before: '—',
    budget: '≤ 3',
  });

  // The digest of a large network: seeded with the adapters' own item builders.
  const big = await bench.freshApp('digest', '2026-11-23T09:00:00Z');
  const owner = await registerUser(
    big.app.users,
    { email: 'big@costs.example', timezone: 'UTC', also: [] },
    big.now.t,
  );
  await seedNetwork(
    localDynamoDbClient(bench.services.endpoints.dynamodb),
    big.app.config.TEND_TABLE,
    owner,
    {
      ...network,
      now: new Date('2026-11-30T08:00:00Z'),
    },
  );
  const digest = await big.requests.measure(() => big.tick('2026-11-30T08:01:00Z'));
  const [sent] = await big.sentTo('big@costs.example');
  const dueLine = /\d+\+? due/.exec(sent?.body.text ?? '')?.[0] ?? 'no digest';
  rows.push({
    scenario: `digest at ${network.contacts.toLocaleString('en')} contacts / ${(network.contacts * network.perContact).toLocaleString('en')} interactions (${digest.result.sent} sent, "${dueLine}", due count capped at ${DIGEST_DUE_COUNT_LIMIT})`,
    counts: digest.counts,
    before: '60,002 items, ~4,000 RCU',
    budget: '≤ 200 items',
  });
  return rows;
}

export function costTable(rows: CostRow[]): string[] {
  const kinds = (c: RequestCounts) =>
    Object.entries(c.byKind)
      .sort()
      .map(([k, n]) => `${n} ${k}`)
      .join(', ');
  return [
    '| scenario | requests (after) | by kind | items read | RCU | before (issue 8) | budget |',
    '| --- | ---: | --- | ---: | ---: | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.counts.total} | ${kinds(r.counts)} | ${r.counts.itemsRead} | ${r.counts.readUnits.toFixed(1)} | ${r.before} | ${r.budget} |`,
    ),
  ];
}

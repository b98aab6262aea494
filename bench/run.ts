/**
 * `npm run bench`: what Tend costs and how it scales, measured on the real local engines
 * (DynamoDB Local, s3rver, aws-ses-v2-local). Writes bench/RESULTS.md. Request counts are exact
 * (SDK middleware); times are compared as ratios within one run: these machines are shared
 * and noisy, so absolute times only hint.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { registerUser } from '../shared/use-cases/users';
import { cliStartup, cliTable } from './cli';
import { contention } from './contention';
import { costScenarios, costTable } from './costs';
import { faultBenches, faultsSection } from './faults';
import { type Bench, email, forwardedMail, startBench } from './support';
import { webPages, webSection } from './web';
import { mondaySpike, SCALE_RUNS, scaleSection } from './scale';

/** Issue 8: the digest's reads at this size must stay within 200 items. */
const NETWORK = { contacts: 10_000, perContact: 5 };
/** Rounds of paired CLI runs (each round runs every command once, in turn). */
const CLI_ROUNDS = 15;
/** Registrations in flight at once when building the many-users scenario. */
const REGISTER_CONCURRENCY = 16;

/** Dispatcher: requests and time for one tick with 5 thank-you prompts due, as users grow. */
async function dispatcherScaling(bench: Bench, users: number) {
  const b = await bench.freshApp(`d${users}`, '2026-11-26T15:00:00Z');
  const emails = Array.from({ length: users }, (_, i) => `u${i}@bench.example`);
  for (let i = 0; i < emails.length; i += REGISTER_CONCURRENCY)
    await Promise.all(
      emails
        .slice(i, i + REGISTER_CONCURRENCY)
        .map((e) => registerUser(b.app.users, { email: e, timezone: 'UTC', also: [] }, b.now.t)),
    );
  for (const e of emails.slice(0, 5))
    await b.deliver(
      forwardedMail('Helper <helper@example.org>', e, 'Thu, Nov 26, 2026 at 9:00 AM'),
    );
  const start = performance.now();
  const { result, counts } = await b.requests.measure(() => b.tick('2026-11-27T09:30:00Z'));
  return { users, counts, ms: performance.now() - start, sent: result.sent };
}

/** Ingest: emails per second, one at a time, for 1 and for 10 recipients each. */
async function ingestRate(bench: Bench, recipients: number, count: number) {
  const b = await bench.freshApp(`i${recipients}`, '2026-11-26T15:00:00Z');
  await registerUser(
    b.app.users,
    { email: 'me@bench.example', timezone: 'UTC', also: [] },
    b.now.t,
  );
  const to = Array.from({ length: recipients }, (_, j) => `c${j}@example.org`).join(', ');
  for (let i = 0; i < 5; i++) await b.deliver(email('me@bench.example', to)); // warm-up
  const start = performance.now();
  for (let i = 0; i < count; i++) await b.deliver(email('me@bench.example', to));
  const ms = performance.now() - start;
  return { recipients, count, ms, perSecond: (count * 1000) / ms };
}

const RESULTS = new URL('./RESULTS.md', import.meta.url);
/** The scale section's bounds in RESULTS.md, so `npm run bench -- scale` can redo it alone. */
const SCALE_START = '<!-- scale: start -->';
const SCALE_END = '<!-- scale: end -->';

const bench = await startBench();
try {
  if (process.argv.includes('scale')) {
    // The spikes alone (about 40 minutes), written into the last full run's RESULTS.md.
    const rows = [];
    for (const [users, rate] of SCALE_RUNS) rows.push(await mondaySpike(bench, users, rate));
    const section = [
      SCALE_START,
      ...scaleSection(rows),
      `Run alone with \`npm run bench -- scale\` at ${new Date().toISOString()}, on the machine above.`,
      SCALE_END,
    ].join('\n');
    const old = readFileSync(RESULTS, 'utf8');
    const [before, rest] = old.split(SCALE_START);
    const after = rest?.split(SCALE_END)[1];
    writeFileSync(
      RESULTS,
      after === undefined ? `${old}\n${section}\n` : `${before}${section}${after}`,
    );
    process.stdout.write(`${section}\n`);
  } else {
    await dispatcherScaling(bench, 10); // warm-up: JIT and connection pools, not recorded
    const dispatchRows = [];
    for (const n of [10, 1_000, 10_000]) dispatchRows.push(await dispatcherScaling(bench, n));
    const ingestRows = [await ingestRate(bench, 1, 100), await ingestRate(bench, 10, 100)];
    const costs = await costScenarios(bench, NETWORK);
    const busy = await contention(bench, { senders: 50, contacts: 10 });
    const cli = await cliStartup(bench, CLI_ROUNDS);
    const faults = await faultBenches(bench);
    const web = await webPages(bench);
    const spikes = [];
    for (const [users, rate] of SCALE_RUNS) spikes.push(await mondaySpike(bench, users, rate));
    const base = dispatchRows[0]!;
    const lines = [
      '# Benchmarks',
      '',
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, DynamoDB Local (in memory), s3rver, aws-ses-v2-local on loopback.`,
      `Command: \`npm run bench\` (bench/run.ts), run ${new Date().toISOString()}.`,
      'Request counts are exact (SDK middleware on the DynamoDB client); compare times as ratios within this run.',
      '',
      '## DynamoDB cost per unit of work',
      '',
      '"Before" is what issue 8 measured on the previous store. Items read: returned by GetItem and',
      'BatchGetItem, scanned by Query. RCU as DynamoDB Local reports it.',
      '',
      ...costTable(costs),
      '',
      '## Contention: concurrent SMTP senders to the same contacts (local stack)',
      '',
      '| senders | shared contacts | refused (451) | logged | interactions per contact | p50 (ms) | p99 (ms) | before (issue 8) |',
      '| ---: | ---: | ---: | ---: | --- | ---: | ---: | --- |',
      `| ${busy.senders} | ${busy.contacts} | ${busy.refused} | ${busy.accepted} | ${busy.perContact.join(', ')} | ${busy.p50.toFixed(0)} | ${busy.p99.toFixed(0)} | 30% refused, p99 21 s |`,
      '',
      '## CLI start: `tend` as a user types it',
      '',
      `Median of ${CLI_ROUNDS} rounds; each round runs every command once, in turn. The CLI runs compiled`,
      '(dist/cli, built at `npm ci`); the AWS SDK loads only for commands that reach the table.',
      '`tend` is `node bin/tend.mjs` (the package bin, on your PATH after `npm link`); `npx tend`',
      'runs the same file after npm exec has found it.',
      '',
      ...cliTable(cli),
      '',
      ...(await import('./bundles').then((b) => b.bundlesSection())),
      '## Dispatcher: one tick with 5 thank-you prompts due, as users grow',
      '',
      '| users | requests | items read | requests vs 10 users | time (ms) | time vs 10 users | sent |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...dispatchRows.map(
        (r) =>
          `| ${r.users.toLocaleString('en')} | ${r.counts.total} | ${r.counts.itemsRead} | ${(r.counts.total / base.counts.total).toFixed(2)}× | ${r.ms.toFixed(0)} | ${(r.ms / base.ms).toFixed(2)}× | ${r.sent} |`,
      ),
      '',
      'The dispatcher reads the sharded due index and the due items only: flat in the number of users.',
      '',
      '## Ingest: emails logged one after another',
      '',
      '| recipients per email | emails | total (ms) | emails/s | per email vs 1 recipient |',
      '| ---: | ---: | ---: | ---: | ---: |',
      ...ingestRows.map(
        (r) =>
          `| ${r.recipients} | ${r.count} | ${r.ms.toFixed(0)} | ${r.perSecond.toFixed(1)} | ${(ingestRows[0]!.perSecond / r.perSecond).toFixed(2)}× |`,
      ),
      '',
      ...faultsSection(faults),
      '',
      ...webSection(web),
      '',
      SCALE_START,
      ...scaleSection(spikes),
      SCALE_END,
    ];
    writeFileSync(RESULTS, lines.join('\n'));
    process.stdout.write(`${lines.join('\n')}\n`);
  }
} finally {
  await bench.services.stop();
}

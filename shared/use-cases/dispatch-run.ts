import { setTimeout as sleep } from 'node:timers/promises';
import { CLAIM_TTL_MINUTES, DEFER_MINUTES, DISPATCH_INTERVAL_MINUTES } from '../domain/limits';
import { logger } from '../logger';
import type { App } from '../ports/app-context';
import type { Claimed, DueLane, DuePosition, DueRef } from '../ports/due-work';
import { SendDeferredError } from '../ports/mailer';
import { type DispatchReport, emptyReport, errorText, handleDue, itemFailed } from './dispatch';
import { QuotaGauge, SendPacer, shareOf } from './send-pacer';

export type { DispatchReport };

/**
 * Due items read per page. Prompts are few: a page of them is read before each page of digests,
 * so a thank-you due during a Monday's digests waits one digest page at most (at 3.5 sends a
 * second per shard, 50 digests are about 15 s).
 */
const PROMPT_PAGE = 50;
const DIGEST_PAGE = 50;
/**
 * Items of one shard handled at once, at most: enough to keep a shard's share of 100 sends a
 * second busy (25 a second at ITEM_SECONDS each).
 */
const MAX_IN_FLIGHT = 16;
/**
 * About how long one item takes on AWS: a few table requests and one SES call. A shard keeps
 * rate x this (plus one) in flight: more would only wait for the pacer holding claims, and a
 * claimed item waiting past the deadline is what STOP_CLAIMING_MS must cover.
 */
const ITEM_SECONDS = 0.4;
/**
 * No item is claimed with less time than this left: the longest an item takes (its reads, the
 * SES call under SDK retries, the completion write) fits in it, so the run never times out
 * between SES accepting a message and the write that records it (which would send it again).
 */
export const STOP_CLAIMING_MS = 30_000;

/** A run's budget: it stops claiming before the next tick begins. */
export const RUN_MS = DISPATCH_INTERVAL_MINUTES * 60_000;

/** How long a run may go on: what the platform leaves it, or a budget of its own. */
export interface Deadline {
  remainingMs(): number;
}

/** A run of `budgetMs` from now (the local stack, tests, the bench). */
export function deadlineIn(
  budgetMs: number,
  clock: () => number = () => performance.now(),
): Deadline {
  const end = clock() + budgetMs;
  return { remainingMs: () => end - clock() };
}

/**
 * A deployed run's deadline: what Lambda leaves it (context.getRemainingTimeInMillis), and never
 * past the next tick, so two ticks' runs do not share the account's rate.
 */
export function platformDeadline(remainingMs: () => number): Deadline {
  const ownBudget = deadlineIn(RUN_MS);
  return { remainingMs: () => Math.min(remainingMs(), ownBudget.remainingMs()) };
}

export interface DispatchOptions {
  /** The shards this run drains (an invocation per shard on AWS); every shard when absent. */
  shards?: readonly number[];
  deadline?: Deadline;
}

/**
 * SPEC 3: one dispatcher run. Deployed, the schedule invokes the dispatcher once per due-work
 * shard at the same time (AWS's own fan-out: one EventBridge target per shard), each run paced
 * to its share of the account's SES rate; locally and in tests one process drains every shard at
 * once the same way. Finds due work through the sharded due index (never a Scan), claims each
 * item so overlapping runs cannot both send it, sends, then records it sent. Stops claiming
 * before its deadline; one item's error is recorded on that item and never stops the others.
 *
 * `now` fixes the clock for the whole run (tests, `tend tick --now`); otherwise each page reads
 * the app's clock, so a run of minutes sees prompts come due while it runs.
 */
export async function dispatch(
  app: App,
  now?: Date,
  options: DispatchOptions = {},
): Promise<DispatchReport> {
  const shards = options.shards ?? Array.from({ length: app.dueWork.shards }, (_, i) => i);
  const deadline = options.deadline ?? deadlineIn(RUN_MS);
  const share = shareOf(await app.sendingLimits.read(), app.dueWork.shards, shards.length);
  const quota = new QuotaGauge(share.quota);
  const reports = await Promise.all(
    shards.map((shard) =>
      drainShard(app, shard, {
        clock: now ? () => now : () => app.clock.now(),
        live: now === undefined,
        deadline,
        pacer: new SendPacer(share.ratePerShard, quota),
      }),
    ),
  );
  const report = reports.reduce(addReports, emptyReport());
  if (report.sent + report.failed + report.deferred + report.errors > 0)
    logger.info('dispatched', { ...report, shards: shards.length });
  return report;
}

interface ShardRun {
  clock: () => Date;
  /** The clock moves (not a fixed `now`): waiting can bring more work due. */
  live: boolean;
  deadline: Deadline;
  pacer: SendPacer;
}

/**
 * One shard: the prompts lane first, then a page of digests, and again, until both are drained
 * (what is due at the run's time), the deadline comes, or the day's quota is used.
 */
async function drainShard(app: App, shard: number, run: ShardRun): Promise<DispatchReport> {
  const report = emptyReport();
  const paced = pacedApp(app, run.pacer);
  for (;;) {
    const deferredBefore = report.deferred;
    await drainPass(app, paced, shard, run, report);
    // What SES deferred in this pass is due again in DEFER_MINUTES: on a live clock, a run with
    // the time waits for it rather than leave it to the next tick.
    const wait = DEFER_MINUTES * 60_000;
    if (!run.live || report.deferred === deferredBefore || run.pacer.exhausted) break;
    if (run.deadline.remainingMs() - wait < STOP_CLAIMING_MS) break;
    await sleep(wait);
  }
  return report;
}

/** One pass over both lanes, from their starts to what is due now. */
async function drainPass(
  app: App,
  paced: App,
  shard: number,
  run: ShardRun,
  report: DispatchReport,
): Promise<void> {
  const positions: Record<DueLane, DuePosition | undefined> = {
    prompts: undefined,
    digests: undefined,
  };
  let digestsDrained = false;
  // A shard with nothing due costs one query per lane. Once the digests are drained, the prompts
  // lane is read again only while reading it finds work (time passed while it was sent).
  for (;;) {
    if (stopping(run, report)) break;
    const prompts = await page(app, 'prompts', shard, run, positions.prompts);
    const promptClaims = await work(paced, prompts.refs, run, report);
    positions.prompts = prompts.next;
    if (prompts.next) continue; // the prompts lane first, to its end
    if (digestsDrained) {
      if (promptClaims === 0) break;
      continue;
    }
    if (stopping(run, report)) break;
    const digests = await page(app, 'digests', shard, run, positions.digests);
    const digestClaims = await work(paced, digests.refs, run, report);
    positions.digests = digests.next;
    digestsDrained = digests.next === undefined;
    if (digestsDrained && digestClaims === 0) break; // the prompts lane was just read
  }
}

async function page(
  app: App,
  lane: DueLane,
  shard: number,
  run: ShardRun,
  from: DuePosition | undefined,
): Promise<{ refs: DueRef[]; next: DuePosition | undefined }> {
  const limit = lane === 'prompts' ? PROMPT_PAGE : DIGEST_PAGE;
  const out = await app.dueWork.query(lane, shard, run.clock().toISOString(), limit, from);
  return { refs: out.refs, next: out.next ?? undefined };
}

function stopping(run: ShardRun, report: DispatchReport): boolean {
  if (run.pacer.exhausted) {
    if (!report.quotaUsed) logger.warn('sends deferred', { reason: 'quota' });
    report.quotaUsed = true;
    return true;
  }
  return run.deadline.remainingMs() - run.pacer.waitMs() < STOP_CLAIMING_MS;
}

/**
 * Claims and handles one page, a few items at a time (as many as the shard's rate keeps busy); returns how many it claimed. Each item
 * is claimed only while the run has time for it.
 */
async function work(
  app: App,
  refs: readonly DueRef[],
  run: ShardRun,
  report: DispatchReport,
): Promise<number> {
  let next = 0;
  let claims = 0;
  const worker = async () => {
    while (next < refs.length && !stopping(run, report)) {
      const ref = refs[next++]!;
      if (await handleOne(app, ref, run, report)) claims++;
    }
  };
  const inFlight = Math.min(
    MAX_IN_FLIGHT,
    Math.ceil(run.pacer.ratePerSecond * ITEM_SECONDS) + 1,
    refs.length,
  );
  await Promise.all(Array.from({ length: inFlight }, worker));
  return claims;
}

/** One due item: claimed, handled, its outcome counted; an error is recorded on the item. */
async function handleOne(
  app: App,
  ref: DueRef,
  run: ShardRun,
  report: DispatchReport,
): Promise<boolean> {
  const now = run.clock();
  const nowIso = now.toISOString();
  if (ref.claimedUntil && ref.claimedUntil > nowIso) {
    report.skipped++;
    return false;
  }
  const claimUntil = new Date(now.getTime() + CLAIM_TTL_MINUTES * 60_000).toISOString();
  let claimed: Claimed | null;
  try {
    claimed = await app.dueWork.claim(ref, nowIso, claimUntil);
  } catch (error) {
    // Not claimed: it stays due for the next run.
    report.errors++;
    logger.warn('claim failed', { kind: ref.kind, error: errorText(error) });
    return false;
  }
  if (!claimed) {
    report.skipped++;
    return false;
  }
  try {
    report[await handleDue(app, ref, claimed, now)]++;
  } catch (error) {
    report.errors++;
    logger.warn('item failed', { kind: ref.kind, error: errorText(error) });
    await itemFailed(app, ref, claimed, error, now).catch((recordError: unknown) =>
      // Its claim expires (CLAIM_TTL_MINUTES) and a later run takes it again.
      logger.error('item error not recorded', { error: errorText(recordError) }),
    );
  }
  return true;
}

/** The app whose mailer waits for the pacer's slot before each send (read at call time, so a
 * test that swaps the mailer's method for a fault is still heard). */
function pacedApp(app: App, pacer: SendPacer): App {
  return {
    ...app,
    mailer: {
      sendRaw: async (message) => {
        await pacer.turn();
        try {
          return await app.mailer.sendRaw(message);
        } catch (error) {
          if (error instanceof SendDeferredError)
            if (error.reason === 'throttled') pacer.throttled();
            else pacer.exhaust();
          throw error;
        }
      },
    },
  };
}

function addReports(a: DispatchReport, b: DispatchReport): DispatchReport {
  return {
    sent: a.sent + b.sent,
    failed: a.failed + b.failed,
    skipped: a.skipped + b.skipped,
    empty: a.empty + b.empty,
    held: a.held + b.held,
    deferred: a.deferred + b.deferred,
    errors: a.errors + b.errors,
    quotaUsed: a.quotaUsed || b.quotaUsed,
  };
}

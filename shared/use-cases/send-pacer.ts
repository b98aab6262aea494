import { setTimeout as sleep } from 'node:timers/promises';
import { SendDeferredError } from '../ports/mailer';
import type { SendQuota } from '../ports/sending-limits';

/**
 * What is left of the day's SES quota for this process: shared by the shards it drains, so SES
 * saying "quota exceeded" to one stops them all.
 */
export class QuotaGauge {
  constructor(private left: number) {}

  get exhausted(): boolean {
    return this.left <= 0;
  }

  /** One message of the quota; false when none is left. */
  take(): boolean {
    if (this.left <= 0) return false;
    this.left--;
    return true;
  }

  exhaust(): void {
    this.left = 0;
  }
}

/**
 * Spaces one run's sends to its share of the account's SES rate (SPEC 3, scale): each send takes
 * the next free slot, 1/rate seconds after the one before, so concurrent senders never burst past
 * the rate, and an idle pacer saves up no burst. It also counts the day's quota down: once it is
 * used, `exhausted` says so and the run stops claiming work (what is due stays due).
 * https://docs.aws.amazon.com/ses/latest/dg/manage-sending-quotas.html
 */
export class SendPacer {
  private nextSlot = 0;
  private readonly intervalMs: number;

  constructor(
    readonly ratePerSecond: number,
    private readonly quota: QuotaGauge,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.intervalMs = 1000 / ratePerSecond;
  }

  /** The quota is used up (counted here, or SES said so). */
  get exhausted(): boolean {
    return this.quota.exhausted;
  }

  /** How long a send asked for now would wait for its slot. */
  waitMs(): number {
    return Math.max(0, this.nextSlot - this.clock());
  }

  /**
   * Waits for the next slot and takes it, and one message of the quota. Throws a deferral when the
   * quota was used up (here or by another shard, while this send waited): nothing is sent.
   */
  async turn(): Promise<void> {
    const now = this.clock();
    const at = Math.max(now, this.nextSlot);
    this.nextSlot = at + this.intervalMs;
    if (at > now) await sleep(at - now);
    if (!this.quota.take()) throw new SendDeferredError('quota');
  }

  /** SES refused a send for the rate: the next slot moves back one second. */
  throttled(): void {
    this.nextSlot = Math.max(this.nextSlot, this.clock()) + 1000;
  }

  /** SES said the daily quota is used (or sending is paused). */
  exhaust(): void {
    this.quota.exhaust();
  }
}

/**
 * One process's share of the account when `running` of the `shards` due-work shards run in it
 * (on AWS each shard is an invocation of its own): each shard's rate, and the quota left for them
 * together. The quota share rounds up: SES refusing the last few sends of a day defers them.
 */
export function shareOf(
  quota: SendQuota,
  shards: number,
  running: number,
): { ratePerShard: number; quota: number } {
  const left =
    quota.max24HourSend === null
      ? Infinity
      : Math.max(0, quota.max24HourSend - quota.sentLast24Hours);
  return { ratePerShard: quota.maxSendRate / shards, quota: Math.ceil((left * running) / shards) };
}

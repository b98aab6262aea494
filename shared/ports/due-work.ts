import type { ScheduledMeeting } from '../domain/calendar/meeting';
import type { ThanksPrompt } from '../domain/types';
import type { DigestSchedule } from './digest-store';

/** A due item as the due-work index returns it. */
export interface DueRef {
  kind: 'thanks' | 'digest' | 'meeting';
  userId: string;
  /** Prompt id for thanks; 'schedule' for digests; the meeting's id (SPEC 9). */
  id: string;
  dueAt: string;
  claimedUntil: string | null;
}

/** What a claim hands back: the item as it is now, so the sender need not read it again. */
export type Claimed =
  | { kind: 'thanks'; prompt: ThanksPrompt }
  | { kind: 'digest'; schedule: DigestSchedule }
  | { kind: 'meeting'; meeting: ScheduledMeeting };

/** The sharded due-work index the dispatcher reads (SPEC 3): never a scan. */
export interface DueWork {
  readonly shards: number;
  /** Due work in one shard, oldest first, at most `limit`. */
  query(shard: number, now: string, limit: number): Promise<DueRef[]>;
  /** Only one run can hold an item; a claim left by a crash expires at `claimUntil`. Null when
   * someone else has it or it is no longer due. */
  claim(ref: DueRef, now: string, claimUntil: string): Promise<Claimed | null>;
}

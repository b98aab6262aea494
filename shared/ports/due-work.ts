import type { ScheduledMeeting } from '../domain/calendar/meeting';
import type { ThanksPrompt } from '../domain/types';
import type { DueLane } from '../keys';
import type { DigestSchedule } from './digest-store';

export type { DueLane };

/** Both lanes, prompts first (the order a run reads them in). */
export const DUE_LANES: readonly DueLane[] = ['prompts', 'digests'];

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

/** Where a lane's next page starts: opaque to the caller. */
export type DuePosition = Readonly<Record<string, unknown>>;

export interface DuePage {
  refs: DueRef[];
  /** Where the lane goes on, or null when nothing more was due at `now`. */
  next: DuePosition | null;
}

/** The sharded due-work index the dispatcher reads (SPEC 3): never a scan. */
export interface DueWork {
  readonly shards: number;
  /** Due work in one lane of one shard, oldest first, at most `limit`, from `from` on. */
  query(
    lane: DueLane,
    shard: number,
    now: string,
    limit: number,
    from?: DuePosition,
  ): Promise<DuePage>;
  /** Only one run can hold an item; a claim left by a crash expires at `claimUntil`. Null when
   * someone else has it or it is no longer due. */
  claim(ref: DueRef, now: string, claimUntil: string): Promise<Claimed | null>;
}

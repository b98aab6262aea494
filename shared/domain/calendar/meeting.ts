import type { LogHints } from '../ingest/address-hints';
import type { PlannedContact, PlannedInteraction } from '../ingest/plan-ingest';

/**
 * SPEC 9: a meeting that has not happened yet. It counts from when it happens: until then no
 * contact is touched (nobody looks recently met before the meeting); at its start the dispatcher
 * logs it with each attendee (shared/use-cases/hold-meeting.ts). One per event per user: a
 * later invite for the same event moves it, a cancellation removes it.
 */
export interface ScheduledMeeting {
  /** The event's id: a hash of its UID (or of the email, when it has none). */
  id: string;
  /** The first occurrence's start (ISO UTC): when it is logged. */
  startAt: string;
  status: MeetingStatus;
  contacts: PlannedContact[];
  /** The interaction each attendee gets, `at` = `startAt`. */
  interaction: PlannedInteraction;
  /** The `log+…` hints of the email that scheduled it, applied when it is held. */
  hints: LogHints;
}

/** pending → claimed (the dispatcher holds it) → held; pending → cancelled (METHOD:CANCEL). */
export type MeetingStatus = 'pending' | 'claimed' | 'held' | 'cancelled';

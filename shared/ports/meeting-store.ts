import type { ScheduledMeeting } from '../domain/calendar/meeting';
import type { IngestMarkers } from './ingest-ledger';

/** Future meetings (SPEC 9): kept until they happen, then held by the dispatcher. */
export interface MeetingStore {
  /**
   * Keeps a future meeting, in one write with the email's exactly-once markers. A pending or
   * cancelled meeting of the same id is replaced (the invite was moved or sent again).
   * 'duplicate': the markers exist; 'held': that meeting was held already (or is being held).
   */
  schedule(
    userId: string,
    meeting: ScheduledMeeting,
    markers: IngestMarkers,
  ): Promise<'applied' | 'duplicate' | 'held'>;
  /**
   * Cancels a pending meeting (only the occurrence starting at `startAt`, when given), with the
   * markers. 'none': there is no such meeting still to come.
   */
  cancel(
    userId: string,
    meetingId: string,
    startAt: string | null,
    markers: IngestMarkers,
  ): Promise<'cancelled' | 'duplicate' | 'none'>;
  /** The dispatcher logged it with its attendees: it leaves the due-work index. */
  finish(userId: string, meetingId: string): Promise<void>;
}

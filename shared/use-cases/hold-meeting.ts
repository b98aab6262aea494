import { byContact } from '../domain/merge';
import type { ScheduledMeeting } from '../domain/calendar/meeting';
import { ulid } from 'ulid';
import { applyInteraction, keepKnownRoles } from '../domain/ingest/apply-interaction';
import { closeLoopPrompt } from '../domain/introductions';
import { logger, sha256Hex } from '../logger';
import type { Stores } from '../ports/stores';
import { retryOnConflict } from './retry-on-conflict';

/** The interaction a meeting gives one attendee: the same id from the invite at ingest and from
 * the dispatcher, and for the same event forwarded twice, so it is logged once. */
export function meetingInteractionId(meetingId: string, address: string): string {
  return sha256Hex(`meeting#${meetingId}#${address}`).slice(0, 26);
}

/**
 * SPEC 9: a future meeting has started; the dispatcher logs it with each attendee now, as
 * ingest would have had it been in the past: the contact's clock restarts at the meeting.
 * The never-log list and role addresses are applied as they are now. A thank-you prompt is not
 * created here (`+thanks` on a future meeting is not kept). Safe to run again after a crash:
 * each interaction is put only if absent, and a contact already counted is left as it is.
 */
export async function holdMeeting(
  stores: Pick<Stores, 'users' | 'contacts' | 'meetings'>,
  userId: string,
  meeting: ScheduledMeeting,
  now: Date,
): Promise<'held' | 'skipped'> {
  const user = await stores.users.get(userId);
  if (!user) return 'skipped';
  const never = new Set(user.neverLog);
  const planned = meeting.contacts.filter((c) => !never.has(c.address));
  const logged = await retryOnConflict(async () => {
    const found = await stores.contacts.getMany(
      user.id,
      planned.map((c) => c.address),
    );
    // SPEC 9: an attendee's merged address is logged to its contact.
    const stored = new Map([...found.values()].map((s) => [s.contact.email, s]));
    const attendees = byContact(planned, (a) => found.get(a)?.contact.email ?? a);
    const { contacts } = keepKnownRoles(attendees, (a) => stored.has(a));
    let count = 0;
    for (const mailbox of contacts) {
      const existing = stored.get(mailbox.address) ?? null;
      const change = applyInteraction({
        existing: existing?.contact ?? null,
        pending: existing?.contact.pendingThanks ?? null,
        mailbox,
        interaction: meeting.interaction,
        hints: meeting.hints,
        user,
        now,
      });
      const interactionId = meetingInteractionId(meeting.id, mailbox.address);
      const result = await stores.contacts.applyChange(
        user,
        {
          contact: change.contact,
          version: existing?.version ?? 0,
          indexedWords: existing?.indexedWords ?? [],
        },
        {
          interaction: {
            id: interactionId,
            contactEmail: mailbox.address,
            ...meeting.interaction,
          },
          reconnected: change.reconnected,
          // SPEC 9: meeting someone an introduction brought in makes the close-the-loop prompt due.
          ...(change.createLoop
            ? {
                createLoop: closeLoopPrompt(ulid(now.getTime()), change.createLoop, {
                  contact: change.contact,
                  interactionId,
                  interaction: meeting.interaction,
                }),
              }
            : {}),
        },
      );
      if (result === 'applied') count++;
    }
    return count;
  });
  await stores.meetings.finish(user.id, meeting.id);
  logger.info('meeting held', { contacts: logged });
  return 'held';
}

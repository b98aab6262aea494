import type { DeliveryFeedback } from '../events/ses-feedback';
import type { User } from '../domain/types';
import { logger } from '../logger';
import type { UserStore } from '../ports/user-store';

export interface FeedbackOutcome {
  /** Users Tend stops emailing now. */
  stopped: number;
  /** Users already stopped (SNS delivers at least once). */
  already: number;
  /** Recipients that are no Tend user's address, or feedback that stops nothing (soft bounces). */
  ignored: number;
}

/**
 * A hard bounce or a complaint about an email Tend sent (SPEC 7): the user it went to is marked,
 * and Tend sends them nothing more until `tend users resume`. Recorded once; a redelivered
 * notification changes nothing.
 */
export async function recordDeliveryFeedback(
  users: UserStore,
  feedback: DeliveryFeedback,
): Promise<FeedbackOutcome> {
  const outcome: FeedbackOutcome = { stopped: 0, already: 0, ignored: 0 };
  for (const address of new Set(feedback.recipients)) {
    const owner = feedback.stop ? await users.findByAddress(address) : null;
    // The address lookup may be cached: decide on the user as stored now.
    const user = owner ? await users.get(owner.id) : null;
    if (!user) {
      outcome.ignored++;
      continue;
    }
    if (user.emailStopped) {
      outcome.already++;
      continue;
    }
    const stopped: User = {
      ...user,
      emailStopped: { reason: feedback.kind, at: feedback.at, detail: feedback.detail },
    };
    await users.save(stopped);
    outcome.stopped++;
  }
  logger.info('delivery feedback', { kind: feedback.kind, stop: feedback.stop, ...outcome });
  return outcome;
}

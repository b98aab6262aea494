import { type App, createApp } from '../../shared/app';
import { config } from '../../shared/config';
import { feedbackOf, snsEventSchema } from '../../shared/events/ses-feedback';
import { logger, redactingErrors } from '../../shared/logger';
import {
  type FeedbackOutcome,
  recordDeliveryFeedback,
} from '../../shared/use-cases/record-delivery-feedback';

/**
 * SNS subscription to the topic Tend's configuration set publishes bounces and complaints to
 * (SPEC 7). A message that is not feedback is logged and skipped (retrying will not change it);
 * a database failure throws so SNS delivers again. Built from an app so that tests can run it
 * with the function's role in front of its clients.
 */
export function feedbackHandler(
  app: Pick<App, 'users'>,
): (event: unknown) => Promise<FeedbackOutcome> {
  return redactingErrors(async (event: unknown): Promise<FeedbackOutcome> => {
    const total: FeedbackOutcome = { stopped: 0, already: 0, ignored: 0 };
    const parsed = snsEventSchema.safeParse(event);
    if (!parsed.success) {
      logger.error('not an sns event', { issues: parsed.error.issues.slice(0, 5) });
      return total;
    }
    for (const record of parsed.data.Records) {
      const feedback = feedbackOf(record.Sns.Message);
      if (!feedback) {
        logger.warn('sns message is not a bounce or complaint');
        total.ignored++;
        continue;
      }
      const outcome = await recordDeliveryFeedback(app.users, feedback);
      total.stopped += outcome.stopped;
      total.already += outcome.already;
      total.ignored += outcome.ignored;
    }
    return total;
  });
}

export const handler = feedbackHandler(createApp(config()));

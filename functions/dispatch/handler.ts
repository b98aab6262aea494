import type { Context } from 'aws-lambda';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SesMailer } from '../../shared/adapters/ses/ses-mailer';
import { SesSendingLimits } from '../../shared/adapters/ses/ses-sending-limits';
import { createApp } from '../../shared/app';
import { config } from '../../shared/config';
import { dispatchEventSchema } from '../../shared/events/dispatch-event';
import { logger, redactingErrors } from '../../shared/logger';
import {
  dispatch,
  type DispatchReport,
  platformDeadline,
} from '../../shared/use-cases/dispatch-run';

// The dispatcher exists to send: its SES client loads with the function, and paces its sends to
// the account's limits read with it (unless TEND_SES_RATE sets a rate). It never reads raw mail,
// and the token secret (SSM) loads on the first send (shared/app.ts).
const settings = config();
const ses = new SESv2Client({});
const app = createApp(settings, {
  mailer: new SesMailer(ses, settings.TEND_CONFIGURATION_SET),
  ...(settings.TEND_SES_RATE === undefined ? { sendingLimits: new SesSendingLimits(ses) } : {}),
});

/**
 * EventBridge schedule (every 5 minutes, one invocation per due-work shard): sends due thank-you
 * prompts and digests. The run stops claiming work before Lambda's deadline.
 */
export const handler = redactingErrors(
  async (
    event: unknown,
    context?: Pick<Context, 'getRemainingTimeInMillis'>,
  ): Promise<DispatchReport> => {
    const parsed = dispatchEventSchema.safeParse(event ?? {});
    if (!parsed.success) logger.warn('unexpected dispatch event: every shard runs');
    const shard = parsed.success ? parsed.data.shard : undefined;
    return dispatch(app, undefined, {
      ...(shard === undefined ? {} : { shards: [shard] }),
      ...(context ? { deadline: platformDeadline(() => context.getRemainingTimeInMillis()) } : {}),
    });
  },
);

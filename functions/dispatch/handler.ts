import { sesMailer } from '../../shared/adapters/ses/ses-mailer';
import { createApp } from '../../shared/app';
import { config } from '../../shared/config';
import { redactingErrors } from '../../shared/logger';
import { dispatch, type DispatchReport } from '../../shared/use-cases/dispatch';

// The dispatcher exists to send: its SES client loads with the function. It never reads raw
// mail, and the token secret (SSM) loads on the first send (shared/app.ts).
const settings = config();
const app = createApp(settings, { mailer: sesMailer(settings.TEND_CONFIGURATION_SET) });

/** EventBridge schedule (every 5 minutes): sends due thank-you prompts and digests. */
export const handler = redactingErrors(async (): Promise<DispatchReport> => dispatch(app));

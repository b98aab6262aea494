import { s3RawMailStore } from '../../shared/adapters/s3/s3-raw-mail-store';
import { createApp, onFirstUse } from '../../shared/app';
import { config } from '../../shared/config';
import { receiptOf, sesEventSchema } from '../../shared/events/ses-event';
import { logger } from '../../shared/logger';
import {
  ingestEmail,
  type IngestDeps,
  type IngestOutcome,
} from '../../shared/use-cases/ingest-email';

// Every email is read from S3, so its client loads with the function; SES and SSM load on the
// first email that needs them (shared/app.ts).
const settings = config();
const app = createApp(settings, { rawMail: s3RawMailStore(settings.TEND_BUCKET) });

/**
 * Answering a reply and telling a user about quarantined mail need the command grammar, the
 * renderers and the MIME builder: they load on the first such email, not on every cold start
 * (issue 9). Otherwise the same wiring as shared/use-cases/ingest-deps.ts.
 */
const sendingPath = onFirstUse(async () => {
  const [{ replyHandler }, { quarantineNotifier }, { loginLinkMailer }] = await Promise.all([
    import('../../shared/use-cases/handle-reply'),
    import('../../shared/use-cases/quarantine-notice'),
    import('../../shared/use-cases/email-login-link'),
  ]);
  return {
    handleReply: replyHandler(app),
    notifyQuarantine: quarantineNotifier(app),
    handleLogin: loginLinkMailer(app),
  };
});

const deps: IngestDeps = {
  users: app.users,
  contacts: app.contacts,
  prompts: app.prompts,
  ledger: app.ledger,
  quarantine: app.quarantine,
  meetings: app.meetings,
  rawMail: app.rawMail,
  clock: app.clock,
  userQueue: app.userQueue,
  inboundDomain: app.config.TEND_INBOUND_DOMAIN,
  handleReply: async (reply) => (await sendingPath()).handleReply(reply),
  handleLogin: async (request) => (await sendingPath()).handleLogin(request),
  notifyQuarantine: async (mail) => (await sendingPath()).notifyQuarantine(mail),
};

/**
 * SES receipt rule, Lambda action (after the S3 action stored the raw message).
 * Bad mail becomes a quarantine record; infrastructure failures throw so Lambda retries.
 */
export async function handler(event: unknown): Promise<IngestOutcome[]> {
  const parsed = sesEventSchema.safeParse(event);
  if (!parsed.success) {
    // Not an SES event at all: nothing to quarantine (there is no S3 key), and retrying won't help.
    logger.error('not an ses receipt event', { issues: parsed.error.issues.slice(0, 5) });
    return [];
  }
  const outcomes: IngestOutcome[] = [];
  for (const record of parsed.data.Records) {
    outcomes.push(await ingestEmail(deps, receiptOf(record, app.config.TEND_INBOUND_PREFIX)));
  }
  return outcomes;
}

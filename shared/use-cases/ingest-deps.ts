import type { App } from '../ports/app-context';
import { loginLinkMailer } from './email-login-link';
import { replyHandler } from './handle-reply';
import type { IngestDeps } from './ingest-email';
import { quarantineNotifier } from './quarantine-notice';

/** Ingest wired to one app's adapters, with replies handled by the reply use case and known
 * users told about their quarantined mail. */
export function ingestDeps(app: App, overrides: Partial<IngestDeps> = {}): IngestDeps {
  return {
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
    handleReply: replyHandler(app),
    handleLogin: loginLinkMailer(app),
    notifyQuarantine: quarantineNotifier(app),
    ...overrides,
  };
}

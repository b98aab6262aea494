import { onFirstUse } from '../on-first-use';
import type { App } from '../ports/app-context';
import type { IngestDeps } from './ingest-email';

/**
 * Ingest wired to one app's adapters: replies handled by the reply use case, sign-in requests
 * answered with a link (or proving a sending address claimed in Settings), news answered with
 * its checklist (SPEC 9), known users told about their quarantined mail. Those need the command
 * grammar, the renderers and the MIME builder, so they load on the first email that needs them,
 * not at every cold start of the ingest function (issue 9).
 */
export function ingestDeps(app: App, overrides: Partial<IngestDeps> = {}): IngestDeps {
  const sendingPath = onFirstUse(async () => {
    const [
      { replyHandler },
      { quarantineNotifier },
      { loginLinkMailer, claimProver },
      { newsMailer },
    ] = await Promise.all([
      import('./handle-reply'),
      import('./quarantine-notice'),
      import('./email-login-link'),
      import('./share-news'),
    ]);
    return {
      handleReply: replyHandler(app),
      notifyQuarantine: quarantineNotifier(app),
      handleLogin: loginLinkMailer(app),
      handleClaim: claimProver(app),
      handleNews: newsMailer(app),
    };
  });
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
    handleReply: async (reply) => (await sendingPath()).handleReply(reply),
    handleLogin: async (request) => (await sendingPath()).handleLogin(request),
    handleClaim: async (mail) => (await sendingPath()).handleClaim(mail),
    handleNews: async (request) => (await sendingPath()).handleNews(request),
    notifyQuarantine: async (mail) => (await sendingPath()).notifyQuarantine(mail),
    ...overrides,
  };
}

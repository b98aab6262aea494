import { ulid } from 'ulid';
import type { App } from '../ports/app-context';
import {
  COMMAND_HELP,
  isUserCommand,
  parseCommands,
  type Command,
  type ContactCommand,
  type MergeCommand,
  type ParsedLine,
} from '../domain/commands';
import { renderConfirmation, renderHelp } from '../domain/render';
import { extractNewText } from '../domain/reply-text';
import type { NewsChecklist } from '../domain/news';
import { InvalidTokenError, verifyToken, type TokenClaims } from '../domain/tokens';
import type { Digest, ThanksPrompt, User } from '../domain/types';
import { logger, sha256Hex } from '../logger';
import type { IngestMarkers } from '../ports/ingest-ledger';
import { applyContactCommand } from './contact-commands';
import { mergeContacts } from './merge-contacts';
import { UserInputError } from './users';
import { send } from './dispatch';
import type { ReplyHandler } from './ingest-email';
import { mailMarkers } from './mail-markers';
import { quarantineMail } from './quarantine-mail';
import { quarantineNotifier } from './quarantine-notice';
import { shareNews } from './share-news';
import { applyUserCommand } from './user-commands';

/** What the reply answers: a thank-you prompt (one contact), a digest or a news checklist
 * (numbered items), or neither (a confirmation or a notice: commands there name their contact). */
interface ReplyContext {
  claims: TokenClaims;
  prompt: ThanksPrompt | null;
  digest: Digest | null;
  news: NewsChecklist | null;
  /** Set when the reply's one command carries the exactly-once markers in its own write. */
  markers: IngestMarkers | null;
}

interface LineResult {
  input: string;
  ok: boolean;
  message: string;
}

interface LineOutcome {
  user: User;
  result: LineResult;
  marked?: boolean;
  duplicate?: boolean;
  /** The line sent an email of its own that answers it (a `news` checklist). */
  answered?: boolean;
}

/**
 * SPEC 4: a reply to one of Tend's emails. Acted on only when the token verifies for the user
 * the (authenticated) From address belongs to; otherwise quarantined, and the user (never
 * anyone else) is told once (quarantine-notice.ts). Each command is applied idempotently; the
 * reply's markers are written with a lone command's change (one write, no read first) or else
 * after the confirmation, so a second delivery of the same reply changes nothing and sends
 * nothing. After `unsubscribe` nothing is sent until `subscribe`.
 */
export function replyHandler(app: App): ReplyHandler {
  const notify = quarantineNotifier(app);
  return async ({ user, token, facts, receipt }) => {
    const now = app.clock.now();
    const quarantine = (detail: string) =>
      quarantineMail(
        app.quarantine,
        receipt,
        {
          reason: 'bad-token',
          detail,
          from: facts.from?.address ?? null,
          user,
          subject: facts.subject,
        },
        notify,
      );

    let claims: TokenClaims;
    try {
      claims = verifyToken(await app.tokenSecret(), user.id, token, now);
    } catch (error) {
      if (error instanceof InvalidTokenError) return quarantine(error.message);
      throw error;
    }
    const prompt = claims.kind === 'thanks' ? await app.prompts.get(user.id, claims.ref) : null;
    const digest = claims.kind === 'digest' ? await app.digests.get(user.id, claims.ref) : null;
    const news = claims.kind === 'news' ? await app.news.get(user.id, claims.ref) : null;
    if (claims.kind === 'thanks' && !prompt)
      return quarantine('the prompt this reply answers no longer exists');

    const markers = mailMarkers(facts.messageId, receipt.s3Key, now);

    let newText = extractNewText({ text: facts.text, html: facts.html });
    // The List-Unsubscribe mailto arrives with the command in the subject and no body.
    if (!newText.trim() && /^\s*unsubscribe\s*$/i.test(facts.subject ?? ''))
      newText = 'unsubscribe';
    const parsed = parseCommands(newText, { now, timezone: user.timezone });
    const idBase = markers.messageIdHash ?? sha256Hex(receipt.s3Key).slice(0, 32);
    // One contact command: its write carries the markers, so a second delivery is refused by
    // that same write (no read first). Anything else: check the markers, mark after sending.
    const only = parsed.length === 1 ? parsed[0] : undefined;
    const oneWrite =
      only !== undefined &&
      !('error' in only) &&
      !isUserCommand(only.command) &&
      only.command.kind !== 'forget' &&
      only.command.kind !== 'merge';
    if (!oneWrite && (await app.ledger.seen(user.id, markers))) return { outcome: 'duplicate' };
    const ctx: ReplyContext = { claims, prompt, digest, news, markers: oneWrite ? markers : null };
    let marked = false;
    let answered = false;

    const results: LineResult[] = [];
    let current = user;
    let wantsHelp = false;
    for (const [index, line] of parsed.entries()) {
      if ('error' in line) {
        results.push({ input: line.line, ok: false, message: line.error });
        continue;
      }
      if (line.command.kind === 'help') wantsHelp = true;
      const applied = await applyLine(app, current, ctx, line, now, `${idBase}#${index}`);
      if (applied.duplicate) return { outcome: 'duplicate' };
      marked ||= applied.marked === true;
      answered ||= applied.answered === true;
      current = applied.user;
      results.push(applied.result);
    }
    const summary = {
      commands: results.length,
      failed: results.filter((r) => !r.ok).length,
    };

    // SPEC 4: after `unsubscribe` Tend sends nothing at all, help included, until `subscribe`.
    // The reply that unsubscribes still gets its confirmation: the last email. After a hard
    // bounce or a complaint (SPEC 7) nothing is sent until `tend users resume`.
    if ((user.unsubscribed && current.unsubscribed) || current.emailStopped !== null) {
      if (!marked) await app.ledger.mark(user.id, markers);
      logger.info('reply handled, not answered: unsubscribed', summary);
      return {
        outcome: 'reply',
        result: `${summary.commands - summary.failed}/${summary.commands} applied`,
      };
    }

    // SPEC 9: a reply that is one `news …` line is answered by its checklist, sent already.
    if (answered && results.length === 1) {
      if (!marked) await app.ledger.mark(user.id, markers);
      logger.info('reply handled: news checklist', summary);
      return { outcome: 'reply', result: '1/1 applied' };
    }

    const failed = summary.failed > 0;
    const email =
      results.length === 1 && wantsHelp && !failed
        ? renderHelp(COMMAND_HELP)
        : renderConfirmation({
            lines: results,
            help: failed || wantsHelp || results.length === 0 ? COMMAND_HELP : null,
          });
    // One confirmation per accepted reply. If it cannot be sent, the markers go again so that
    // the platform's retry sends it.
    try {
      await send(app, current, email, 'confirmation', ulid(now.getTime()), now);
    } catch (error) {
      if (marked) await app.ledger.unmark(user.id, markers);
      throw error;
    }
    if (!marked) await app.ledger.mark(user.id, markers);
    logger.info('reply handled', summary);
    return {
      outcome: 'reply',
      result: `${summary.commands - summary.failed}/${summary.commands} applied`,
    };
  };
}

async function applyLine(
  app: App,
  user: User,
  ctx: ReplyContext,
  line: Extract<ParsedLine, { command: Command }>,
  now: Date,
  idSeed: string,
): Promise<LineOutcome> {
  const { command } = line;
  const ok = (message: string) => ({ input: line.line, ok: true, message });
  const bad = (message: string) => ({ input: line.line, ok: false, message });

  if (command.kind === 'merge') {
    // SPEC 9: the reply's contact (the prompt's, the digest item's) takes the other address.
    const target = contactOf(ctx, line, command);
    if ('error' in target) return { user, result: bad(target.error) };
    try {
      const merged = await mergeContacts(app, user, target.email, command.other);
      return { user, result: ok(merged.message) };
    } catch (error) {
      if (error instanceof UserInputError) return { user, result: bad(error.message) };
      throw error;
    }
  }

  if (isUserCommand(command)) {
    if (line.item !== null)
      return {
        user,
        result: bad(`'${command.kind}' applies to all of Tend: write it without an item number`),
      };
    if (command.kind === 'news') {
      // SPEC 9: the checklist is an email of its own, with its own token, so `3 done` works there.
      const shared = await shareNews(app, user, command.text, now);
      return {
        user,
        result: ok(
          shared.sent
            ? `Sent you the checklist of people to tell your news (${shared.people + shared.more})`
            : 'Nothing sent: Tend does not email you now',
        ),
        answered: shared.sent,
      };
    }
    const applied = await applyUserCommand(app, user, command, now);
    return { user: applied.user, result: ok(applied.message) };
  }

  const target = contactOf(ctx, line, command);
  if ('error' in target) return { user, result: bad(target.error) };
  const applied = await applyContactCommand(app, {
    user,
    email: target.email,
    command,
    now,
    door: 'reply',
    idSeed,
    prompt: ctx.prompt,
    markers: ctx.markers,
    toldNews: target.fromNews && command.kind === 'done' ? (ctx.news?.news ?? null) : null,
  });
  switch (applied.outcome) {
    case 'duplicate':
      return { user, result: ok(''), duplicate: true };
    case 'not-found':
      return {
        user,
        result: bad(
          target.named
            ? `${target.email} is not one of your contacts in Tend`
            : `${target.email} is no longer in Tend (forgotten?)`,
        ),
      };
    default:
      return {
        user: applied.user,
        result: ok(applied.message),
        marked: applied.outcome === 'applied' && ctx.markers !== null,
      };
  }
}

/** Whom a contact command is about: the address it names (in any reply), else the digest item,
 * else the prompt's own contact. */
function contactOf(
  ctx: ReplyContext,
  line: Extract<ParsedLine, { command: Command }>,
  command: ContactCommand | MergeCommand,
): { email: string; named: boolean; fromNews?: boolean } | { error: string } {
  if (line.contact !== undefined) return { email: line.contact, named: true };
  const { item } = line;
  if (ctx.news) {
    if (item === null)
      return {
        error: `say which person: put their number first, like '2 ${line.line.trim()}'`,
      };
    const found = ctx.news.items.find((i) => i.n === item);
    if (!found)
      return {
        error: `there is no person ${item} on that checklist (it had ${ctx.news.items.length})`,
      };
    return { email: found.contactEmail, named: false, fromNews: true };
  }
  if (ctx.digest) {
    if (item === null)
      return {
        error: `say which person: put the item number first, like '2 ${line.line.trim()}'`,
      };
    const found = ctx.digest.items.find((i) => i.n === item);
    if (!found)
      return {
        error: `there is no item ${item} in that digest (it had ${ctx.digest.items.length})`,
      };
    return { email: found.contactEmail, named: false };
  }
  if (ctx.prompt) {
    if (item !== null && item !== 1)
      return { error: 'this email is about one person: write the command without a number' };
    return { email: ctx.prompt.contactEmail, named: false };
  }
  return {
    error: `'${command.kind}' needs a person: name them, like '${command.kind} omar@example.com …', or reply to a thank-you prompt or a digest`,
  };
}

import type { App } from '../app';
import { COMMAND_HELP, parseCommands, type Command, type ParsedLine } from '../domain/commands';
import { MARKER_TTL_DAYS } from '../domain/limits';
import { renderConfirmation, renderHelp } from '../domain/render';
import { extractNewText } from '../domain/reply-text';
import { formatShortDate, nextWeeklySlot } from '../domain/time';
import { InvalidTokenError, verifyToken, type TokenClaims } from '../domain/tokens';
import type { Contact, Digest, ThanksPrompt, User } from '../domain/types';
import { logger, sha256Hex } from '../logger';
import { send } from './dispatch';
import type { ReplyHandler } from './ingest-email';
import type { ContactExtras, StoredContact } from '../ports/contact-store';
import type { IngestMarkers } from '../ports/ingest-ledger';
import { quarantineMail } from './quarantine-mail';
import { retryOnConflict } from './retry-on-conflict';
import { DEFAULT_DIGEST } from './users';
import { ulid } from 'ulid';

/** What the reply answers: a thank-you prompt (one contact), a digest (numbered items), or neither. */
interface ReplyContext {
  claims: TokenClaims;
  prompt: ThanksPrompt | null;
  digest: Digest | null;
  /** Set when the reply's one command carries the exactly-once markers in its own write. */
  markers: IngestMarkers | null;
}

interface LineResult {
  input: string;
  ok: boolean;
  message: string;
}

const USER_COMMANDS = new Set<Command['kind']>([
  'pause',
  'resume',
  'digest',
  'unsubscribe',
  'help',
]);

/**
 * SPEC 4: a reply to one of Tend's emails. Acted on only when the token verifies for the user
 * the (authenticated) From address belongs to; otherwise quarantined with no email back.
 * Each command is applied idempotently; the reply's markers are written with a lone command's
 * change (one write, no read first) or else after the confirmation, so a second delivery of the
 * same reply changes nothing and sends nothing.
 */
export function replyHandler(app: App): ReplyHandler {
  return async ({ user, token, facts, receipt }) => {
    const now = app.clock.now();
    const quarantine = (detail: string) =>
      quarantineMail(app.quarantine, receipt, {
        reason: 'bad-token',
        detail,
        from: facts.from?.address ?? null,
        userId: user.id,
      });

    let claims: TokenClaims;
    try {
      claims = verifyToken(await app.tokenSecret(), user.id, token, now);
    } catch (error) {
      if (error instanceof InvalidTokenError) return quarantine(error.message);
      throw error;
    }
    const prompt = claims.kind === 'thanks' ? await app.prompts.get(user.id, claims.ref) : null;
    const digest = claims.kind === 'digest' ? await app.digests.get(user.id, claims.ref) : null;
    if (claims.kind === 'thanks' && !prompt)
      return quarantine('the prompt this reply answers no longer exists');

    const messageIdHash = facts.messageId ? sha256Hex(facts.messageId).slice(0, 32) : null;
    const markers: IngestMarkers = {
      messageIdHash,
      s3Key: receipt.s3Key,
      expiresAt: Math.floor(now.getTime() / 1000) + MARKER_TTL_DAYS * 86_400,
    };

    let newText = extractNewText({ text: facts.text, html: facts.html });
    // The List-Unsubscribe mailto arrives with the command in the subject and no body.
    if (!newText.trim() && /^\s*unsubscribe\s*$/i.test(facts.subject ?? ''))
      newText = 'unsubscribe';
    const parsed = parseCommands(newText, { now, timezone: user.timezone });
    const idBase = messageIdHash ?? sha256Hex(receipt.s3Key).slice(0, 32);
    // One contact command: its write carries the markers, so a second delivery is refused by
    // that same write (no read first). Anything else: check the markers, mark after sending.
    const only = parsed.length === 1 ? parsed[0] : undefined;
    const oneWrite =
      only !== undefined &&
      !('error' in only) &&
      !USER_COMMANDS.has(only.command.kind) &&
      only.command.kind !== 'forget';
    if (!oneWrite && (await app.ledger.seen(user.id, markers))) return { outcome: 'duplicate' };
    const ctx: ReplyContext = { claims, prompt, digest, markers: oneWrite ? markers : null };
    let marked = false;

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
      current = applied.user;
      results.push(applied.result);
    }

    const failed = results.some((r) => !r.ok);
    const email =
      results.length === 1 && wantsHelp && !failed
        ? renderHelp(COMMAND_HELP)
        : renderConfirmation({
            lines: results,
            help: failed || wantsHelp || results.length === 0 ? COMMAND_HELP : null,
          });
    // One confirmation per accepted reply, even to a user who just unsubscribed. If it cannot
    // be sent, the markers go again so that the platform's retry sends it.
    try {
      await send(app, current, email, 'confirmation', ulid(now.getTime()), now);
    } catch (error) {
      if (marked) await app.ledger.unmark(user.id, markers);
      throw error;
    }
    if (!marked) await app.ledger.mark(user.id, markers);
    logger.info('reply handled', {
      commands: results.length,
      failed: results.filter((r) => !r.ok).length,
    });
    return {
      outcome: 'reply',
      result: `${results.filter((r) => r.ok).length}/${results.length} applied`,
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
): Promise<{ user: User; result: LineResult; marked?: boolean; duplicate?: boolean }> {
  const { command, item } = line;
  const ok = (message: string) => ({ input: line.line, ok: true, message });
  const bad = (message: string) => ({ input: line.line, ok: false, message });

  if (USER_COMMANDS.has(command.kind)) {
    if (item !== null)
      return {
        user,
        result: bad(`'${command.kind}' applies to all of Tend: write it without an item number`),
      };
    return applyUserCommand(app, user, command, now).then(({ user: u, message }) => ({
      user: u,
      result: ok(message),
    }));
  }

  // Contact commands: the item's contact in a digest, or the prompt's own contact.
  let email: string | null = null;
  if (ctx.digest) {
    if (item === null)
      return {
        user,
        result: bad(`say which person: put the item number first, like '2 ${line.line.trim()}'`),
      };
    const found = ctx.digest.items.find((i) => i.n === item);
    if (!found)
      return {
        user,
        result: bad(`there is no item ${item} in that digest (it had ${ctx.digest.items.length})`),
      };
    email = found.contactEmail;
  } else if (ctx.prompt) {
    if (item !== null && item !== 1)
      return {
        user,
        result: bad(`this email is about one person: write the command without a number`),
      };
    email = ctx.prompt.contactEmail;
  } else {
    return {
      user,
      result: bad(
        `'${command.kind}' needs a person: reply to a thank-you prompt or a digest instead`,
      ),
    };
  }

  const target = email;
  return retryOnConflict(async () => {
    const stored = await app.contacts.get(user.id, target);
    if (!stored) return { user, result: bad(`${target} is no longer in Tend (forgotten?)`) };
    const applied = await applyContactCommand(app, user, stored, command, ctx, now, idSeed);
    return {
      user: applied.user,
      result: { ...applied.result, input: line.line },
      marked: applied.written === 'applied' && ctx.markers !== null,
      duplicate: applied.written === 'duplicate',
    };
  });
}

function who(c: Contact): string {
  return c.name ?? c.email;
}

async function applyContactCommand(
  app: App,
  user: User,
  stored: StoredContact,
  command: Command,
  ctx: ReplyContext,
  now: Date,
  idSeed: string,
): Promise<{
  user: User;
  result: LineResult & { input: string };
  written?: 'applied' | 'already' | 'duplicate';
}> {
  const c = stored.contact;
  const nowIso = now.toISOString();
  let written: 'applied' | 'already' | 'duplicate' | undefined;
  const save = async (contact: Contact, extras: ContactExtras = {}) => {
    written = await app.contacts.applyChange(
      user,
      { contact, version: stored.version },
      ctx.markers ? { ...extras, markers: ctx.markers } : extras,
    );
  };
  const result = (message: string) => ({
    user,
    result: { input: '', ok: true, message },
    ...(written ? { written } : {}),
  });
  const promptId = ctx.prompt && ctx.prompt.contactEmail === c.email ? ctx.prompt.id : undefined;

  switch (command.kind) {
    case 'done': {
      const id = sha256Hex(idSeed).slice(0, 26);
      await save(
        {
          ...c,
          lastInteractionAt: nowIso,
          lastOutboundAt: nowIso,
          interactionCount: c.interactionCount + 1,
          snoozedUntil: null,
          pendingThanks: promptId ? null : c.pendingThanks,
        },
        {
          interaction: {
            id,
            contactEmail: c.email,
            at: nowIso,
            direction: 'manual',
            subject: c.lastSubject,
            snippet: 'Marked done by reply',
            messageId: null,
            threadId: null,
            tags: [],
          },
          ...(promptId ? { promptDoneId: promptId } : {}),
        },
      );
      return result(`Marked ${who(c)} done: the reconnect clock starts again today`);
    }
    case 'snooze':
      await save({ ...c, snoozedUntil: command.until });
      return result(
        `Snoozed ${who(c)} until ${formatShortDate(new Date(command.until), user.timezone)}`,
      );
    case 'skip':
      await save(
        {
          ...c,
          clockResetAt: nowIso,
          snoozedUntil: null,
          pendingThanks: promptId ? null : c.pendingThanks,
        },
        promptId ? { promptDoneId: promptId } : {},
      );
      return result(`Skipped ${who(c)}: the reconnect clock starts again today, nothing logged`);
    case 'mute':
      await save({ ...c, status: 'muted' });
      return result(`Muted ${who(c)}: no more prompts about them (reply 'unmute' to undo)`);
    case 'unmute':
      await save({ ...c, status: 'active' });
      return result(`Unmuted ${who(c)}`);
    case 'every':
      await save({ ...c, cadenceDays: command.days });
      return result(`${who(c)}: reconnect every ${command.days} days`);
    case 'tag':
      await save({ ...c, tags: [...new Set([...c.tags, command.tag])] });
      return result(`Tagged ${who(c)} '${command.tag}'`);
    case 'untag':
      await save({ ...c, tags: c.tags.filter((t) => t !== command.tag) });
      return result(
        c.tags.includes(command.tag)
          ? `Removed the tag '${command.tag}' from ${who(c)}`
          : `${who(c)} had no tag '${command.tag}'`,
      );
    case 'note': {
      const id = sha256Hex(idSeed).slice(0, 26);
      await save(
        { ...c, latestNote: command.text },
        { note: { id, contactEmail: c.email, at: nowIso, text: command.text } },
      );
      return result(`Added a note to ${who(c)}`);
    }
    case 'forget': {
      await app.contacts.forget(user.id, c.email);
      const next = { ...user, neverLog: [...new Set([...user.neverLog, c.email])] };
      await app.users.save(next);
      return {
        user: next,
        result: {
          input: '',
          ok: true,
          message: `Forgot ${who(c)}: their history is deleted and Tend will not log ${c.email} again`,
        },
      };
    }
    default:
      return result('nothing to do');
  }
}

async function applyUserCommand(
  app: App,
  user: User,
  command: Command,
  now: Date,
): Promise<{ user: User; message: string }> {
  let next = user;
  let message: string;
  switch (command.kind) {
    case 'pause':
      next = { ...user, pausedUntil: command.until };
      message = `Paused all prompts until ${formatShortDate(new Date(command.until), user.timezone)}`;
      break;
    case 'resume':
      next = { ...user, pausedUntil: null, unsubscribed: false };
      message = user.unsubscribed
        ? 'Welcome back: Tend will email you again'
        : 'Resumed: prompts and digests are back on';
      break;
    case 'unsubscribe':
      next = { ...user, unsubscribed: true };
      message = "Unsubscribed: this is the last email Tend sends you. Reply 'resume' to undo";
      break;
    case 'digest': {
      const schedule =
        command.mode === 'off'
          ? null
          : command.mode === 'set'
            ? command.schedule
            : (user.digest ?? DEFAULT_DIGEST);
      next = { ...user, digest: schedule };
      await app.digests.setDue(
        user.id,
        schedule
          ? nextWeeklySlot(now, schedule.day, schedule.hour, user.timezone).toISOString()
          : null,
      );
      message = schedule
        ? `Your digest now comes on ${schedule.day[0]?.toUpperCase()}${schedule.day.slice(1)}s at ${String(schedule.hour).padStart(2, '0')}:00 (${user.timezone})`
        : "Digest off: reply 'digest on' to have it back";
      break;
    }
    case 'help':
      return { user, message: 'The commands are below' };
    default:
      return { user, message: 'nothing to do' };
  }
  await app.users.save(next);
  if (command.kind === 'resume' && next.digest && !(await app.digests.getSchedule(user.id))) {
    await app.digests.setDue(
      user.id,
      nextWeeklySlot(now, next.digest.day, next.digest.hour, user.timezone).toISOString(),
    );
  }
  return { user: next, message };
}

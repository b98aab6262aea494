import { MAX_CONTACTS_PER_EMAIL, MAX_MESSAGE_BYTES, TOKEN_TTL_DAYS } from '../limits';
import type { NoticeReason } from '../quarantine-notice';
import { formatDayTime } from './format';
import { html } from './html';
import {
  S,
  code,
  emailDocument,
  joinText,
  TEXT_RULE,
  TEXT_SIGNOFF,
  type RenderedEmail,
} from './layout';

export interface QuarantineNoticeView {
  reason: NoticeReason;
  /** A reply token that expired (the commonest bad token) gets its own advice. */
  tokenExpired: boolean;
  /** The subject of the email Tend could not use, as the user wrote it (null: none, unreadable). */
  subject: string | null;
  receivedAt: string;
  /** The user's IANA zone: the time is shown in it. */
  timezone: string;
  now: string;
  /** Where the user BCCs and forwards: log@ the inbound domain. */
  logAddress: string;
}

/** A subject longer than this is cut in the notice's own subject line. */
const SUBJECT_SHOWN_CHARS = 60;
const MB = 1024 * 1024;

function explain(view: QuarantineNoticeView): { why: string; todo: string } {
  const log = view.logAddress;
  switch (view.reason) {
    case 'no-contacts':
      return {
        why: `Tend found no one in it to log: no To or Cc address besides yours and Tend's, and no forwarded message it could read. Role addresses such as noreply@ or support@ count only when you tag the email (log+TAG@).`,
        todo: `BCC ${log} when you write to someone, or forward ${log} an email someone sent you, with their message included.`,
      };
    case 'too-many-recipients':
      return {
        why: `It had more than ${MAX_CONTACTS_PER_EMAIL} people on it, so Tend took it for a list or a newsletter rather than networking.`,
        todo: `To log the people who matter, BCC ${log} on an email to just them.`,
      };
    case 'bad-token':
      return view.tokenExpired
        ? {
            why: `It answered a Tend email more than ${TOKEN_TTL_DAYS} days old, and replies to those are no longer accepted.`,
            todo: `Reply to a recent Tend email (this one will do). A command can name its contact, like "snooze omar@example.com 2w".`,
          }
        : {
            why: 'Tend could not match it to an email it sent you: the reply address was changed, or what it answered no longer exists.',
            todo: `Reply to a recent Tend email without changing the reply address (this one will do). A command can name its contact, like "snooze omar@example.com 2w".`,
          };
    case 'too-large':
      return {
        why: `It was larger than the ${MAX_MESSAGE_BYTES / MB} MB Tend accepts.`,
        todo: `Forward it to ${log} again without the attachments.`,
      };
    case 'unparseable':
      return {
        why: 'Tend could not read it as an email.',
        todo: `Forward it to ${log} again; if that fails too, forward it as an attachment.`,
      };
  }
}

function shown(subject: string | null): string {
  if (subject === null) return '(no subject)';
  return subject.length > SUBJECT_SHOWN_CHARS
    ? `${subject.slice(0, SUBJECT_SHOWN_CHARS - 1)}…`
    : subject;
}

/**
 * SPEC 4, "never fail silently": one short email saying what Tend received (subject and time),
 * why it could not use it, and what to do.
 */
export function renderQuarantineNotice(view: QuarantineNoticeView): RenderedEmail {
  const { why, todo } = explain(view);
  const subject = `Tend could not use your email “${shown(view.subject)}”`;
  const when = formatDayTime(view.receivedAt, view.timezone, view.now);
  const heading = 'Tend could not use your email';

  const body = html`<h1 style="${S.h1}">${heading}</h1>
    <p style="${S.line}"><strong>Subject:</strong> ${view.subject ?? '(no subject)'}</p>
    <p style="${S.p}"><strong>Received:</strong> ${when}</p>
    <h2 style="${S.h2}">Why</h2>
    <p style="${S.p}">${why}</p>
    <h2 style="${S.h2}">What to do</h2>
    <p style="${S.p}">${todo}</p>
    <p style="${S.muted}">Nothing was logged from it.</p>`;
  const footer = html`<p style="${S.p}">Reply ${code('help')} for every command.</p>`;

  const text = joinText([
    heading,
    [`Subject: ${view.subject ?? '(no subject)'}`, `Received: ${when}`].join('\n'),
    `Why\n${why}`,
    `What to do\n${todo}`,
    'Nothing was logged from it.',
    `${TEXT_RULE}\nReply "help" for every command.`,
    TEXT_SIGNOFF,
  ]);
  return { subject, text, html: emailDocument(subject, body, footer) };
}

import MailComposer from 'nodemailer/lib/mail-composer';

export interface OutgoingMessage {
  from: string;
  /** Always the user's own address: Tend only ever emails its user. */
  to: string;
  /** `reply+TOKEN@DOMAIN`: replies carry the signed token back. */
  replyTo: string;
  /** A `mailto:` URI (with or without angle brackets). */
  listUnsubscribe: string;
  subject: string;
  text: string;
  html: string;
  /** `<id@domain>`; MailComposer generates one when absent. */
  messageId?: string;
  /** Defaults to the time of building. */
  date?: Date;
  /** Extra headers; they can not override the ones below. */
  headers?: Record<string, string>;
}

export class InvalidMessageError extends Error {
  override readonly name = 'InvalidMessageError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * Headers every Tend email carries (SPEC 3). Auto-Submitted (RFC 3834) and
 * X-Auto-Response-Suppress (Exchange) keep out-of-office replies from answering a robot.
 * List-Unsubscribe-Post (RFC 8058) is left out: it is for https one-click URIs, not mailto.
 */
function requiredHeaders(listUnsubscribe: string): Record<string, string> {
  const uri = listUnsubscribe.trim().replace(/^<(.*)>$/, '$1');
  if (!/^mailto:[^\s<>]+$/i.test(uri)) {
    throw new InvalidMessageError('List-Unsubscribe must be a mailto: URI');
  }
  return {
    'Auto-Submitted': 'auto-generated',
    'X-Auto-Response-Suppress': 'All',
    'List-Unsubscribe': `<${uri}>`,
  };
}

/** Builds the raw multipart/alternative (text + HTML) message with nodemailer's MailComposer. */
export async function buildMime(msg: OutgoingMessage): Promise<Buffer> {
  const required = requiredHeaders(msg.listUnsubscribe);
  const requiredNames = new Set(Object.keys(required).map((k) => k.toLowerCase()));
  const extra = Object.fromEntries(
    Object.entries(msg.headers ?? {}).filter(([k]) => !requiredNames.has(k.toLowerCase())),
  );
  const composer = new MailComposer({
    from: msg.from,
    to: msg.to,
    replyTo: msg.replyTo,
    subject: msg.subject,
    text: msg.text,
    html: msg.html,
    headers: { ...extra, ...required },
    ...(msg.messageId !== undefined ? { messageId: msg.messageId } : {}),
    ...(msg.date !== undefined ? { date: msg.date } : {}),
  });
  return composer.compile().build();
}

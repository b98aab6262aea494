import MailComposer from 'nodemailer/lib/mail-composer';
import { InvalidListUnsubscribeError, listUnsubscribeHeaders } from './list-unsubscribe';

export interface OutgoingMessage {
  from: string;
  /** Always the user's own address: Tend only ever emails its user. */
  to: string;
  /** `reply+TOKEN@DOMAIN`: replies carry the signed token back. */
  replyTo: string;
  /** A `mailto:` URI (with or without angle brackets). */
  listUnsubscribe: string;
  /** The https one-click unsubscribe link (RFC 8058), when the web app's address is known. */
  oneClickUnsubscribe?: string | null;
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
 * X-Auto-Response-Suppress (Exchange) keep out-of-office replies from answering a robot; the
 * List-Unsubscribe fields (RFC 2369, RFC 8058) come from list-unsubscribe.ts.
 */
function requiredHeaders(msg: OutgoingMessage): Record<string, string> {
  let unsubscribe: Record<string, string>;
  try {
    unsubscribe = listUnsubscribeHeaders({
      mailto: msg.listUnsubscribe,
      oneClick: msg.oneClickUnsubscribe,
    });
  } catch (error) {
    if (error instanceof InvalidListUnsubscribeError)
      throw new InvalidMessageError(error.message, { cause: error });
    throw error;
  }
  return {
    'Auto-Submitted': 'auto-generated',
    'X-Auto-Response-Suppress': 'All',
    ...unsubscribe,
  };
}

/** Builds the raw multipart/alternative (text + HTML) message with nodemailer's MailComposer. */
export async function buildMime(msg: OutgoingMessage): Promise<Buffer> {
  const required = requiredHeaders(msg);
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
    // Prepared: written as given, on one line each (list-unsubscribe.ts says why), not refolded.
    headers: {
      ...extra,
      ...Object.fromEntries(
        Object.entries(required).map(([k, value]) => [k, { prepared: true, value }]),
      ),
    },
    ...(msg.messageId !== undefined ? { messageId: msg.messageId } : {}),
    ...(msg.date !== undefined ? { date: msg.date } : {}),
  });
  return composer.compile().build();
}

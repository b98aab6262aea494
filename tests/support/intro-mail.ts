import { mail } from './tend-harness';

/**
 * An introduction the user received (the introducer wrote to both), forwarded to log@ the way
 * Gmail forwards: the test mail of SPEC 9's introductions.
 */
export function forwardedIntro(o: {
  /** The user, who forwards it. */
  user: string;
  introducer: string;
  introduced: string;
  subject?: string;
  messageId?: string;
}): string {
  const subject = o.subject ?? 'Intro: you two should meet';
  return mail({
    from: o.user,
    to: 'log@in.tend.localhost',
    subject: `Fwd: ${subject}`,
    date: 'Tue, 24 Nov 2026 20:05:00 +0000',
    ...(o.messageId ? { messageId: o.messageId } : {}),
    body: [
      '---------- Forwarded message ---------',
      `From: ${o.introducer}`,
      'Date: Tue, Nov 24, 2026 at 3:00 PM',
      `Subject: ${subject}`,
      `To: Me <${o.user}>, ${o.introduced}`,
      '',
      'You two should talk: both of you are hiring PMs.',
      '',
    ].join('\n'),
  });
}

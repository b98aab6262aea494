import { randomBytes } from 'node:crypto';

/** Raw test emails, as a mail client would write them (no test-runner dependency: the bench
 * uses them too). */

let counter = 0;

/** A small RFC 5322 message; headers given as written. */
export function mail(options: {
  from?: string;
  to?: string;
  cc?: string;
  subject?: string;
  date?: string | null;
  messageId?: string | null;
  body?: string;
  headers?: Record<string, string>;
}): string {
  counter += 1;
  const lines = [
    `From: ${options.from ?? 'Me <me@example.com>'}`,
    `To: ${options.to ?? 'Ana Lopez <ana@example.org>'}`,
    ...(options.cc ? [`Cc: ${options.cc}`] : []),
    `Subject: ${options.subject ?? 'Great to meet you'}`,
    ...(options.date === null
      ? []
      : [`Date: ${options.date ?? 'Thu, 26 Nov 2026 09:30:00 +0000'}`]),
    ...(options.messageId === null
      ? []
      : [
          `Message-ID: ${options.messageId ?? `<m${counter}.${randomBytes(4).toString('hex')}@example.com>`}`,
        ]),
    ...Object.entries(options.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    options.body ?? 'Hi Ana,\n\nIt was great to meet you at the meetup. Coffee next week?\n\nMe',
  ];
  return lines.join('\r\n');
}

/** An email someone sent the user (an intro: it earns a thank-you), forwarded to log@ the way
 * Gmail forwards. */
export function forwardedMail(
  sender: string,
  userEmail: string,
  date: string,
  subject = 'Intro to the Acme team',
): string {
  return mail({
    from: userEmail,
    to: 'log@in.tend.localhost',
    subject: `Fwd: ${subject}`,
    body: [
      '---------- Forwarded message ---------',
      `From: ${sender}`,
      `Date: ${date}`,
      `Subject: ${subject}`,
      `To: <${userEmail}>`,
      '',
      'Happy to introduce you to the hiring manager at Acme.',
      '',
    ].join('\n'),
  });
}

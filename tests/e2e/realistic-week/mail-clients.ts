import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import type Mail from 'nodemailer/lib/mailer';
import MailComposer from 'nodemailer/lib/mail-composer';

/**
 * Email as the user's mail clients write it: Outlook (desktop and on the web), Gmail, Apple Mail
 * on a Mac and an iPhone, Thunderbird. Each builder gives the raw MIME (nodemailer's
 * MailComposer, as a client's own MIME writer would) with that client's headers, Message-ID
 * shape, body parts and forward or reply layout. The layouts follow real clients and the
 * shared corpus (../shared/corpus/forwards, ../shared/corpus/replies).
 */

export interface Person {
  name: string | null;
  address: string;
}

export interface Original {
  from: Person;
  /** As the client prints it in the forwarded header block. */
  date: string;
  to: Person[];
  cc?: Person[];
  subject: string;
  body: string;
}

export interface Message {
  from: string;
  to?: string | string[];
  cc?: string | string[];
  subject: string;
  /** When the client sent it (ISO). */
  at: string;
  text?: string;
  html?: string;
  /** The client makes one up when absent. */
  messageId?: string;
  inReplyTo?: string;
  references?: string;
  headers?: Record<string, string>;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

async function compose(message: Message, client: Mail.Options): Promise<Buffer> {
  const options: Mail.Options = {
    from: message.from,
    subject: message.subject,
    date: new Date(message.at),
    ...client,
    headers: { ...client.headers, ...message.headers } as Mail.Headers,
  };
  if (message.to !== undefined) options.to = message.to;
  if (message.cc !== undefined) options.cc = message.cc;
  if (message.text !== undefined) options.text = message.text;
  if (message.html !== undefined) options.html = message.html;
  if (message.messageId !== undefined) options.messageId = message.messageId;
  if (message.inReplyTo !== undefined) options.inReplyTo = message.inReplyTo;
  if (message.references !== undefined) options.references = message.references;
  return new MailComposer(options).compile().build();
}

/** Outlook for Windows (Exchange Online): text and HTML parts, Thread-Topic and Thread-Index. */
export function outlook(message: Message): Promise<Buffer> {
  const topic = message.subject.replace(/^\s*((re|fw|fwd)\s*:\s*)+/i, '');
  return compose(message, {
    messageId: `<BN7PR11MB${hex(6).toUpperCase()}@BN7PR11MB2721.namprd11.prod.outlook.com>`,
    headers: {
      'Thread-Topic': topic,
      'Thread-Index': `AQHa${randomBytes(18).toString('base64')}`,
      'Accept-Language': 'en-US',
      'Content-Language': 'en-US',
      'X-MS-Has-Attach': '',
      'X-MS-TNEF-Correlator': '',
    },
  });
}

/** Gmail on the web: text and HTML parts, a CA…@mail.gmail.com Message-ID. */
export function gmail(message: Message): Promise<Buffer> {
  return compose(message, {
    messageId: `<CAJ${randomBytes(24).toString('base64url')}@mail.gmail.com>`,
  });
}

/** Apple Mail on a Mac. */
export function appleMail(message: Message): Promise<Buffer> {
  return compose(message, {
    messageId: `<${hex(4).toUpperCase()}-${hex(2).toUpperCase()}-${hex(2).toUpperCase()}@acme.com>`,
    headers: { 'X-Mailer': 'Apple Mail (2.3826.300.87.4.3)' },
  });
}

/** Mail on an iPhone: plain text, "Sent from my iPhone". */
export function iphone(message: Message): Promise<Buffer> {
  return compose(message, {
    messageId: `<${hex(4).toUpperCase()}-${hex(2).toUpperCase()}@acme.com>`,
    headers: { 'X-Mailer': 'iPhone Mail (22B91)' },
  });
}

/** Thunderbird: plain text, User-Agent. */
export function thunderbird(message: Message): Promise<Buffer> {
  return compose(message, {
    messageId: `<${hex(8)}-${hex(2)}@acme.com>`,
    headers: {
      'User-Agent': 'Mozilla Thunderbird',
      'Content-Language': 'en-US',
    },
  });
}

// ------------------------------------------------------------------ addresses and dates

/** `Smith, Dana <dana@x>` as Outlook prints a person; `dana@x` when there is no name. */
function outlookPerson(p: Person): string {
  return p.name ? `${p.name} <${p.address}>` : p.address;
}

function gmailPerson(p: Person): string {
  return p.name ? `${p.name} <${p.address}>` : `<${p.address}>`;
}

export function mailbox(p: Person): string {
  return p.name ? `"${p.name.replace(/"/g, '\\"')}" <${p.address}>` : p.address;
}

function local(iso: string, zone: string): DateTime {
  return DateTime.fromISO(iso, { zone });
}

/** "Monday, December 7, 2026 4:12 PM" (Outlook's forward header, the sender's zone). */
export function outlookDate(iso: string, zone: string): string {
  return local(iso, zone).toFormat('cccc, LLLL d, yyyy h:mm a');
}

/** "Mon, Dec 7, 2026 at 9:02 AM", with the narrow no-break space Gmail puts before AM/PM. */
export function gmailDate(iso: string, zone: string): string {
  return local(iso, zone).toFormat("ccc, LLL d, yyyy 'at' h:mm'\u202f'a");
}

// ------------------------------------------------------------------ forwards

/** Outlook for Windows, text part of a forward: the note, a rule, then the original's headers. */
export function outlookForwardText(original: Original, note = ''): string {
  return [
    note,
    '',
    '________________________________',
    `From: ${outlookPerson(original.from)}`,
    `Sent: ${original.date}`,
    `To: ${original.to.map(outlookPerson).join('; ')}`,
    ...(original.cc?.length ? [`Cc: ${original.cc.map(outlookPerson).join('; ')}`] : []),
    `Subject: ${original.subject}`,
    '',
    original.body,
  ].join('\r\n');
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const paragraphs = (body: string) =>
  body
    .split(/\n\s*\n/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');

/** Outlook's HTML of a forward: the divRplyFwdMsg block, names and addresses as plain text. */
export function outlookForwardHtml(original: Original, note = ''): string {
  const people = (list: Person[]) => list.map((p) => escapeHtml(outlookPerson(p))).join('; ');
  return [
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">',
    '<style type="text/css" style="display:none;"> P {margin-top:0;margin-bottom:0;} </style></head>',
    '<body dir="ltr">',
    `<div style="font-family: Aptos, Calibri, Helvetica, sans-serif; font-size: 12pt;">${escapeHtml(note)}</div>`,
    '<div id="appendonsend"></div>',
    '<hr style="display:inline-block;width:98%" tabindex="-1">',
    '<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" style="font-size:11pt" color="#000000">',
    `<b>From:</b> ${escapeHtml(outlookPerson(original.from))}<br>`,
    `<b>Sent:</b> ${escapeHtml(original.date)}<br>`,
    `<b>To:</b> ${people(original.to)}<br>`,
    ...(original.cc?.length ? [`<b>Cc:</b> ${people(original.cc)}<br>`] : []),
    `<b>Subject:</b> ${escapeHtml(original.subject)}</font>`,
    '<div>&nbsp;</div></div>',
    `<div>${paragraphs(original.body)}</div>`,
    '</body></html>',
  ].join('\r\n');
}

/** Gmail's text part of a forward. */
export function gmailForwardText(original: Original, note = ''): string {
  return [
    note,
    '',
    '---------- Forwarded message ---------',
    `From: ${gmailPerson(original.from)}`,
    `Date: ${original.date}`,
    `Subject: ${original.subject}`,
    `To: ${original.to.map(gmailPerson).join(', ')}`,
    ...(original.cc?.length ? [`Cc: ${original.cc.map(gmailPerson).join(', ')}`] : []),
    '',
    '',
    original.body,
  ].join('\n');
}

/** Gmail's HTML of a forward: the gmail_attr block, each address a mailto link. */
export function gmailForwardHtml(original: Original, note = ''): string {
  const link = (p: Person) => `<a href="mailto:${p.address}">${p.address}</a>`;
  const named = (p: Person) =>
    p.name ? `${escapeHtml(p.name)} &lt;${link(p)}&gt;` : `&lt;${link(p)}&gt;`;
  const sender = original.from.name
    ? `<strong class="gmail_sendername" dir="auto">${escapeHtml(original.from.name)}</strong> <span dir="auto">&lt;${link(original.from)}&gt;</span>`
    : `<span dir="auto">&lt;${link(original.from)}&gt;</span>`;
  return [
    `<div dir="ltr">${escapeHtml(note)}<br><br>`,
    '<div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">---------- Forwarded message ---------<br>',
    `From: ${sender}<br>`,
    `Date: ${escapeHtml(original.date)}<br>`,
    `Subject: ${escapeHtml(original.subject)}<br>`,
    `To: ${original.to.map(named).join(', ')}<br>`,
    ...(original.cc?.length ? [`Cc: ${original.cc.map(named).join(', ')}<br>`] : []),
    '</div><br><br>',
    `<div dir="ltr">${paragraphs(original.body)}</div>`,
    '</div></div>',
  ].join('\n');
}

// ------------------------------------------------------------------ replies to Tend

export interface Quoted {
  /** Tend's From, as the client shows it. */
  from: string;
  /** When Tend's email arrived (ISO). */
  at: string;
  subject: string;
  text: string;
  /** The user's timezone: clients print times in it. */
  zone: string;
}

const quoteLines = (text: string) =>
  text
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((l) => (l === '' ? '>' : `> ${l}`))
    .join('\n');

/** Gmail: new text on top, then "On …, Tend <…> wrote:" and the quote. */
export function gmailReplyText(newText: string, q: Quoted): string {
  const when = local(q.at, q.zone).toFormat("ccc, LLL d, yyyy 'at' h:mm'\u202f'a");
  return `${newText}\n\nOn ${when} Tend <${q.from}> wrote:\n\n${quoteLines(q.text)}\n`;
}

/** iPhone: new text, "Sent from my iPhone", then "On Dec 8, 2026, at 11:05 AM, Tend <…> wrote:". */
export function iphoneReplyText(newText: string, q: Quoted): string {
  const when = local(q.at, q.zone).toFormat("LLL d, yyyy, 'at' h:mm a");
  return `${newText}\n\nSent from my iPhone\n\n> On ${when}, Tend <${q.from}> wrote:\n>\n${quoteLines(q.text)}\n`;
}

/** Outlook for Windows: new text on top, a rule, then the original's header block and text. */
export function outlookReplyText(newText: string, q: Quoted, user: string): string {
  return [
    newText,
    '',
    '________________________________',
    `From: Tend <${q.from}>`,
    `Sent: ${outlookDate(q.at, q.zone)}`,
    `To: ${user}`,
    `Subject: ${q.subject}`,
    '',
    q.text.replace(/\r\n/g, '\n'),
  ].join('\n');
}

/** Thunderbird as many keep it: the quote first, the answer below it ("bottom-posting"). */
export function thunderbirdReplyBelowText(newText: string, q: Quoted): string {
  const when = local(q.at, q.zone).toFormat('L/d/yy h:mm a');
  return `On ${when}, Tend wrote:\n${quoteLines(q.text)}\n\n${newText}\n\n`;
}

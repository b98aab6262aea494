/**
 * The new text of an email: what its author wrote this time, without the quoted history
 * and the signature. Used for reply commands (SPEC 4) and interaction snippets (SPEC 2.5).
 *
 * email-reply-parser finds signatures and `>` quotes, but it misses Outlook header blocks,
 * attributions wrapped over several lines, bottom-posting after a header, and HTML; and its
 * regexes are slow on large input (minutes on a 750 KB quote). So a linear, line-based pass
 * here finds where the history starts, and the library only ever sees the (bounded) new text.
 */
import EmailReplyParser from 'email-reply-parser';
import { convert } from 'html-to-text';

/**
 * The library's regexes are super-linear in the size of what they read (about 0.5 s for 10 KB of
 * adversarial lines); a command reply or a 280-character snippet needs far less than this.
 */
export const MAX_NEW_TEXT_CHARS = 4_000;
/** Attribution and header lines are short; a longer line is content (and is not run through regexes). */
const MAX_HEADER_LINE_CHARS = 300;
/** Clients wrap a long "On … wrote:" line over at most three lines. */
const MAX_ATTRIBUTION_LINES = 3;
/** An Outlook header block (From/Sent/To/Subject, or wrapped) fits in this many lines. */
const HEADER_BLOCK_LINES = 6;
/** A greeting alone above a bottom-posted reply ("Hi,") is this short. */
const MAX_SALUTATION_CHARS = 40;

/** A message body as mailparser hands it over (`html` is `false` or undefined when there is no HTML part). */
export interface MailBody {
  text?: string | null | undefined;
  html?: string | false | null | undefined;
}

export function extractNewText(input: MailBody): string {
  const text = input.text ?? '';
  if (text.trim() !== '') {
    const fromText = newTextOf(text);
    if (fromText !== '' || !input.html) return fromText;
  }
  return input.html ? newTextOf(htmlToText(input.html)) : '';
}

// ---------------------------------------------------------------------------------------------
// Plain text

function normalize(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .replace(/[\u200b-\u200f\u202a-\u202e\u2060\ufeff]/g, '');
}

const isBlank = (line: string): boolean => line.trim() === '';
const isQuoted = (line: string): boolean => /^\s*>/.test(line);
/** Rules and separators that clients put above the history or below a signature. */
const isRule = (line: string): boolean => /^[\s\-_=*~—–]*$/.test(line);

const SEPARATOR =
  /^\s*[-_=*]{2,}\s*(?:original message|oprindelig besked|message d'origine|ursprüngliche nachricht|mensaje original|messaggio originale|oorspronkelijk bericht|originalmeddelande|opprinnelig melding|alkuperäinen viesti|wiadomość oryginalna|исходное сообщение|forwarded message|weitergeleitete nachricht|message transféré)\s*[-_=*]*\s*$/iu;
const FORWARD_INTRO =
  /^\s*(?:begin forwarded message|anfang der weitergeleiteten nachricht|début du message réexpédié|inicio del mensaje reenviado)\s*:/i;

// prettier-ignore
const FROM_LABELS = new Set(['from', 'de', 'von', 'van', 'da', 'fra', 'från', 'od', 'от', 'lähettäjä', 'feladó', 'mittente']);
// prettier-ignore
const OTHER_LABELS = new Set([
  'sent', 'date', 'to', 'cc', 'bcc', 'subject', 'reply-to', // en
  'envoyé', 'envoyé le', 'à', 'a', 'objet', 'copie à', // fr, it "a"
  'gesendet', 'an', 'betreff', 'datum', 'kopie', // de
  'verzonden', 'aan', 'onderwerp', // nl
  'inviato', 'oggetto', 'data', // it
  'dato', 'til', 'emne', 'sendt', 'skickat', 'till', 'ämne', // da, no, sv
  'enviado', 'para', 'asunto', 'assunto', // es, pt
  'отправлено', 'кому', 'тема', 'дата', // ru
  'lähetetty', 'vastaanottaja', 'aihe', // fi
  'wysłane', 'do', 'temat', // pl
]);
const LABEL = /^\s*\*{0,2}([^:*\n]{1,24}?)\s*\*{0,2}\s*[:：]/u;

function labelOf(line: string): 'from' | 'other' | null {
  if (line.length > MAX_HEADER_LINE_CHARS) return null;
  const match = LABEL.exec(line);
  if (!match) return null;
  const label = (match[1] ?? '').trim().toLowerCase().replace(/\s+/g, ' ');
  if (FROM_LABELS.has(label)) return 'from';
  return OTHER_LABELS.has(label) ? 'other' : null;
}

/** From/Sent/To/Subject (in any order and several languages): the start of non-quoted history. */
function isHeaderBlockAt(lines: readonly string[], i: number): boolean {
  const first = labelOf(lines[i] ?? '');
  if (!first) return false;
  let from = first === 'from';
  let other = first === 'other';
  for (let j = i + 1; j < Math.min(lines.length, i + HEADER_BLOCK_LINES); j++) {
    const label = labelOf(lines[j] ?? '');
    if (label === 'from') from = true;
    if (label === 'other') other = true;
    if (from && other) return true;
  }
  return false;
}

const ATTRIBUTION_VERB =
  /(?:\bwrote|\bwrites|a écrit|\bécrit|escribió|scritto|escreveu|schreef|schrieb|napisał(?:\(a\))?|pisze|kirjoitti|skrev|написала?|írta|写道|작성)\s*(:|：)?[\s-]*$/iu;
/** "On …", "Le …", "Am …", a date, or a short weekday abbreviation and a number ("tir. 18."). */
const ATTRIBUTION_START =
  /^[-\s*]*(?:On|Le|El|Il|Em|Op|Am|Den|W dniu|Dnia|In data|\d|\p{L}{2,4}\.?,? \d)/u;

/** "On Mon, 2 Apr 2012, Bob <bob@x> wrote:", possibly wrapped: the number of lines it spans, or 0. */
function attributionAt(lines: readonly string[], i: number): number {
  const parts: string[] = [];
  for (let k = 0; k < MAX_ATTRIBUTION_LINES && i + k < lines.length; k++) {
    const line = lines[i + k] ?? '';
    // Gmail can wrap the closing ">:" of "<bob@example.com>:" onto a line of its own.
    const closer = k > 0 && /^\s*>\s*[:：]\s*$/.test(line);
    if (isBlank(line) || (isQuoted(line) && !closer) || line.length > MAX_HEADER_LINE_CHARS)
      return 0;
    parts.push(line.trim());
    // A wrapped attribution starts like one; otherwise the user's last line would be swallowed.
    if (k > 0 && !ATTRIBUTION_START.test(parts[0] ?? '')) return 0;
    if (isAttribution(parts.join(' '))) return k + 1;
  }
  return 0;
}

function isAttribution(text: string): boolean {
  if (!/\d/.test(text)) return false; // every client puts a date or a time in it
  const verb = ATTRIBUTION_VERB.exec(text);
  if (verb) return verb[1] !== undefined || /^[-\s]*On\s/.test(text); // "On … wrote" may lack the colon
  // "30.09.2017, 18.30, "John" <john@example.com>:" and friends name the sender's address last.
  if (!/>\s*[:：]\s*$/.test(text)) return false;
  const open = text.lastIndexOf('<');
  return open >= 0 && text.indexOf('@', open) > open;
}

type Boundary = { kind: 'quote' } | { kind: 'attribution'; lines: number } | { kind: 'history' };

function boundaryAt(lines: readonly string[], i: number): Boundary | null {
  const line = lines[i] ?? '';
  if (isQuoted(line)) return { kind: 'quote' };
  if (isBlank(line) || line.length > MAX_HEADER_LINE_CHARS) return null;
  if (SEPARATOR.test(line) || FORWARD_INTRO.test(line) || isHeaderBlockAt(lines, i))
    return { kind: 'history' };
  const span = attributionAt(lines, i);
  return span > 0 ? { kind: 'attribution', lines: span } : null;
}

function trimBlankEdges(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && isBlank(lines[start] ?? '')) start++;
  while (end > start && isRule(lines[end - 1] ?? '')) end--;
  return lines.slice(start, end);
}

/** Unquoted text written below (or between) the quoted blocks, up to any older non-quoted history. */
function textBelow(lines: readonly string[], from: number): string[] {
  const out: string[] = [];
  for (let j = from; j < lines.length;) {
    const line = lines[j] ?? '';
    if (isQuoted(line) || (isBlank(line) && isBlank(out[out.length - 1] ?? ''))) {
      if (out.length > 0 && !isBlank(out[out.length - 1] ?? '')) out.push(''); // one blank line per gap
      j++;
      continue;
    }
    const boundary = boundaryAt(lines, j);
    if (boundary?.kind === 'history') break;
    if (boundary?.kind === 'attribution') {
      if (out.some((l) => !isBlank(l))) break;
      j += boundary.lines;
      continue;
    }
    out.push(line);
    j++;
  }
  return trimBlankEdges(out);
}

const SALUTATION =
  /^(?:hi|hello|hey|hiya|dear|greetings|good (?:morning|afternoon|evening))\b.*[,!:]?$/i;

function newTextOf(raw: string): string {
  const lines = normalize(raw).split('\n');
  let region: string[] = lines;
  for (let i = 0; i < lines.length; i++) {
    const boundary = boundaryAt(lines, i);
    if (!boundary) continue;
    const above = trimBlankEdges(lines.slice(0, i));
    const below = (): string[] => (boundary.kind === 'history' ? [] : textBelow(lines, i));
    const lone = above.length === 1 ? (above[0] ?? '').trim() : '';
    if (above.length === 0) {
      region = below(); // bottom-posted
    } else if (lone.length <= MAX_SALUTATION_CHARS && SALUTATION.test(lone)) {
      region = [...above, '', ...below()]; // "Hi," above the quote, the reply below it
    } else {
      region = above; // top-posted: whatever follows the quote is history or a list footer
    }
    break;
  }
  return stripSignature(capped(trimBlankEdges(region)));
}

function capped(lines: string[]): string[] {
  const out: string[] = [];
  let budget = MAX_NEW_TEXT_CHARS;
  for (const line of lines) {
    if (line.length + 1 > budget) {
      if (budget > 1) out.push(line.slice(0, budget - 1)); // a single huge line still yields its start
      break;
    }
    out.push(line);
    budget -= line.length + 1;
  }
  return out;
}

/** The library reads any line starting "Sent from" as a phone signature; a sentence is not one. */
const SENT_FROM =
  /^\s*(?:sent from|envoyé depuis|enviado desde|sendt fra|verzonden vanaf|verstuurd vanaf)\s/i;
const MAX_SIGNATURE_WORDS = 8;
/** U+2060 WORD JOINER: invisible, not whitespace to the library's regexes, and removed by normalize(). */
const MASK = '\u2060';

function stripSignature(lines: string[]): string {
  if (lines.length === 0) return '';
  const masked = lines.map((line) => {
    // A long rule of underscores opens a mailing-list footer; the library only knows "__" and a 32-long one.
    if (/^\s*_{5,}\s*$/.test(line)) return '__';
    const sentence = /,\s/.test(line) || line.trim().split(/\s+/).length > MAX_SIGNATURE_WORDS;
    return SENT_FROM.test(line) && sentence ? MASK + line : line;
  });
  const visible = new EmailReplyParser().read(masked.join('\n')).getVisibleText();
  return trimBlankEdges(
    visible.split('\n').map((line) => line.replaceAll(MASK, '').trimEnd()),
  ).join('\n');
}

// ---------------------------------------------------------------------------------------------
// HTML

/** Quoted history and signatures that clients mark up: dropped with everything inside them. */
const DROP_SELECTORS = [
  'blockquote',
  '.gmail_quote',
  '.gmail_signature',
  '.yahoo_quoted',
  '.moz-cite-prefix',
  '.moz-signature',
  '.protonmail_quote',
  '#OLK_SRC_BODY_SECTION',
  '#Signature',
];
/** Outlook's reply-header markers: everything from them on is history. */
const STOP_MARKER =
  /<[a-z][^>]*\bid\s*=\s*["']?(?:divRplyFwdMsg|appendonsend|stopSpelling|mail-editor-reference-message-container)\b/i;

/**
 * New text sits at the top of a reply, and html-to-text slows down on pathological nesting
 * (about 3 s for 500 KB of unclosed divs): reading the first 100 KB of markup is plenty.
 */
const MAX_HTML_CHARS = 100_000;

/**
 * HTML to text with html-to-text (what mailparser uses too), minus quoted history: the
 * elements clients mark as quotes or signatures, and everything after Outlook's reply header.
 */
export function htmlToText(html: string): string {
  const head = html.slice(0, MAX_HTML_CHARS);
  const stop = head.search(STOP_MARKER);
  const text = convert(stop >= 0 ? head.slice(0, stop) : head, {
    wordwrap: false,
    selectors: [
      ...DROP_SELECTORS.map((selector) => ({ selector, format: 'skip' })),
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'p', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    ],
  });
  return text
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

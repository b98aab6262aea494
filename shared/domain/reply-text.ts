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

/** Elements whose content is never shown text. */
const RAW_TEXT = new Set(['head', 'style', 'script', 'title', 'xml', 'template', 'noscript']);
// prettier-ignore
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
// prettier-ignore
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'center', 'dd', 'div', 'dl', 'dt', 'fieldset', 'figcaption',
  'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol',
  'p', 'pre', 'section', 'table', 'tbody', 'tfoot', 'thead', 'tr', 'ul',
]);
/** Quoted history and signatures that clients mark up: dropped with everything inside them. */
const DROP_CLASSES =
  /\b(?:gmail_quote|gmail_signature|yahoo_quoted|moz-cite-prefix|moz-signature|protonmail_quote)\b/i;
const DROP_IDS = /^(?:OLK_SRC_BODY_SECTION|Signature)$/i;
/** Outlook's reply header markers: everything after them is history. */
const STOP_IDS =
  /^(?:divRplyFwdMsg|appendonsend|stopSpelling|mail-editor-reference-message-container)$/i;

// prettier-ignore
const ENTITIES: Record<string, string> = {
  nbsp: '\u00a0', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", hellip: '…', mdash: '—', ndash: '–',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', bull: '•', middot: '·',
  copy: '©', reg: '®', trade: '™', euro: '€', shy: '', zwnj: '', zwj: '',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});?/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code =
        name[1] === 'x' || name[1] === 'X'
          ? parseInt(name.slice(2), 16)
          : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

const ATTRIBUTES = {
  class: /\sclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i,
  id: /\sid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i,
};

function attribute(tag: string, name: keyof typeof ATTRIBUTES): string {
  const match = ATTRIBUTES[name].exec(tag);
  return match ? (match[1] ?? match[2] ?? match[3] ?? '') : '';
}

/** Index of the `>` that ends the tag opened at `start`, skipping quoted attribute values; -1 if none. */
function tagEnd(html: string, start: number): number {
  let quote = '';
  for (let i = start + 1; i < html.length; i++) {
    const c = html[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      return i;
    }
  }
  return -1;
}

/**
 * A small, linear HTML-to-text converter: block elements become line breaks, quoted history
 * (blockquote, gmail_quote, Outlook's reply header and what follows) is dropped.
 */
export function htmlToText(html: string): string {
  const out: string[] = [];
  let lineHasText = false;
  let pre = 0;
  let drop: { tag: string; depth: number } | null = null;
  const newline = (force: boolean): void => {
    if (drop) return;
    if (force || lineHasText) out.push('\n');
    lineHasText = false;
  };
  const emit = (raw: string): void => {
    if (drop || raw === '') return;
    const text = decodeEntities(pre > 0 ? raw : raw.replace(/[ \t\n\r\f]+/g, ' '));
    out.push(text);
    if (/[^ \t\n\r\f]/.test(text)) lineHasText = true;
  };

  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      emit(html.slice(i));
      break;
    }
    emit(html.slice(i, lt));
    if (html.startsWith('<!--', lt)) {
      const close = html.indexOf('-->', lt + 4);
      i = close < 0 ? html.length : close + 3;
      continue;
    }
    const head = /^<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)/.exec(html.slice(lt, lt + 64));
    const isDeclaration = html[lt + 1] === '!' || html[lt + 1] === '?';
    if (!head && !isDeclaration) {
      emit('<'); // a bare "<" in text
      i = lt + 1;
      continue;
    }
    const end = tagEnd(html, lt);
    if (end < 0) break; // an unterminated tag: the rest is not text
    i = end + 1;
    if (!head) continue;
    const tag = html.slice(lt, end + 1);
    const closing = head[1] === '/';
    const name = (head[2] ?? '').toLowerCase();

    if (!closing && RAW_TEXT.has(name)) {
      const closer = new RegExp(`</${name}\\s*>`, 'ig');
      closer.lastIndex = i;
      const found = closer.exec(html);
      i = found ? found.index + found[0].length : html.length;
      continue;
    }
    const selfClosing = VOID.has(name) || tag.endsWith('/>');
    if (drop) {
      if (name === drop.tag && !selfClosing) drop.depth += closing ? -1 : 1;
      if (drop.depth === 0) drop = null;
      continue;
    }
    if (!closing) {
      const id = attribute(tag, 'id');
      if (STOP_IDS.test(id)) break;
      if (
        name === 'blockquote' ||
        DROP_CLASSES.test(attribute(tag, 'class')) ||
        DROP_IDS.test(id)
      ) {
        if (!selfClosing) drop = { tag: name, depth: 1 };
        continue;
      }
    }
    if (name === 'br') newline(true);
    else if (name === 'td' || name === 'th') emit(' ');
    else if (BLOCK.has(name)) newline(false);
    if (name === 'pre') pre = Math.max(0, pre + (closing ? -1 : 1));
  }

  const lines = out
    .join('')
    .split('\n')
    .map((line) =>
      line
        .replace(/\u00a0/g, ' ')
        .replace(/ {2,}/g, ' ')
        .trim(),
    );
  // Mail HTML stacks empty paragraphs; one blank line between blocks is enough.
  return lines
    .filter((line, n) => line !== '' || (n > 0 && lines[n - 1] !== ''))
    .join('\n')
    .trim();
}

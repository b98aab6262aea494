/** SPEC 1: what the inbound address a message was sent to tells Tend. */

export interface LogHints {
  cadenceDays: number | null;
  /** `thanks` forces a thank-you prompt, `nothanks` suppresses one. */
  thanks: 'force' | 'suppress' | null;
  tags: string[];
}

export type Route = { kind: 'log'; hints: LogHints } | { kind: 'reply'; token: string };

const CADENCE_WORDS: Record<string, number> = {
  daily: 1,
  weekly: 7,
  biweekly: 14,
  fortnightly: 14,
  monthly: 30,
  bimonthly: 60,
  quarterly: 91,
  yearly: 365,
  annually: 365,
};

const UNIT_DAYS: Record<string, number> = { d: 1, w: 7, m: 30, y: 365 };

/** A tag is a short word; anything else in the address is ignored rather than guessed at. */
const TAG_PATTERN = /^[a-z0-9][a-z0-9_-]{0,31}$/;

export function cadenceFromWord(word: string): number | null {
  const w = word.toLowerCase();
  if (w in CADENCE_WORDS) return CADENCE_WORDS[w] ?? null;
  const m = /^(\d{1,3})([dwmy])$/.exec(w);
  if (!m) return null;
  const days = Number(m[1]) * (UNIT_DAYS[m[2] as string] ?? 0);
  return days > 0 ? days : null;
}

export function parseLogHints(detail: string): LogHints {
  const hints: LogHints = { cadenceDays: null, thanks: null, tags: [] };
  for (const raw of detail.split(/[+.]/)) {
    const word = raw.trim().toLowerCase();
    if (!word) continue;
    if (word === 'thanks') hints.thanks = 'force';
    else if (word === 'nothanks') hints.thanks = 'suppress';
    else {
      const cadence = cadenceFromWord(word);
      if (cadence !== null) hints.cadenceDays = cadence;
      else if (TAG_PATTERN.test(word) && !hints.tags.includes(word)) hints.tags.push(word);
    }
  }
  return hints;
}

/**
 * Decides from the recipients at the inbound domain whether this is mail to log or a reply
 * to one of Tend's emails. A reply address wins: it carries a token that says what it answers.
 */
export function routeRecipients(recipients: string[], inboundDomain: string): Route | null {
  let log: Route | null = null;
  for (const recipient of recipients) {
    const at = recipient.lastIndexOf('@');
    if (at < 0 || recipient.slice(at + 1).toLowerCase() !== inboundDomain) continue;
    const local = recipient.slice(0, at);
    const plus = local.indexOf('+');
    const base = (plus < 0 ? local : local.slice(0, plus)).toLowerCase();
    const detail = plus < 0 ? '' : local.slice(plus + 1);
    if (base === 'reply' && detail) return { kind: 'reply', token: detail };
    // log@ and anything else at the inbound domain is mail to log; only log+ carries hints.
    if (!log || base === 'log')
      log = { kind: 'log', hints: parseLogHints(base === 'log' ? detail : '') };
  }
  return log;
}

export function isInboundDomainAddress(address: string, inboundDomain: string): boolean {
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  return domain === inboundDomain || domain.endsWith(`.${inboundDomain}`);
}

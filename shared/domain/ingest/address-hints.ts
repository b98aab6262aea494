/** SPEC 1: what the inbound address a message was sent to tells Tend. */

import { MAX_ADDRESS_CHARS, MAX_LOCAL_PART_CHARS } from '../address';
import { readCadence, readTag } from '../vocabulary';

export interface LogHints {
  cadenceDays: number | null;
  /** `thanks` forces a thank-you prompt, `nothanks` suppresses one. */
  thanks: 'force' | 'suppress' | null;
  tags: string[];
}

export type Route =
  | { kind: 'log'; hints: LogHints }
  | { kind: 'reply'; token: string }
  /** SPEC 1: login@ asks for a sign-in link to the web app. */
  | { kind: 'login' }
  /** SPEC 1 and 9: news@ carries the user's news; Tend answers with the people to tell. */
  | { kind: 'news' };

export function parseLogHints(detail: string): LogHints {
  const hints: LogHints = { cadenceDays: null, thanks: null, tags: [] };
  for (const raw of detail.split(/[+.]/)) {
    const word = raw.trim().toLowerCase();
    if (!word) continue;
    if (word === 'thanks') hints.thanks = 'force';
    else if (word === 'nothanks') hints.thanks = 'suppress';
    else {
      const cadence = readCadence(word);
      const tag = readTag(word);
      if ('days' in cadence) hints.cadenceDays = cadence.days;
      else if (tag !== null && !hints.tags.includes(tag)) hints.tags.push(tag);
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
    // SPEC 2.8: past the lengths SMTP allows it is not an address, so it carries no hints (a
    // token that long is refused as malformed).
    const overLong = recipient.length > MAX_ADDRESS_CHARS || local.length > MAX_LOCAL_PART_CHARS;
    const detail = plus < 0 ? '' : overLong && base !== 'reply' ? '' : local.slice(plus + 1);
    if (base === 'reply' && detail) return { kind: 'reply', token: detail };
    if (base === 'login' && !detail) return { kind: 'login' };
    if (base === 'news' && !detail) return { kind: 'news' };
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

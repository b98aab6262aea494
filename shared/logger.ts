import { createHash } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';

/** What a log line may say about an address: its domain and a short hash, never the address. */
export function redact(address: string | null | undefined): string {
  if (!address) return 'none';
  const at = address.lastIndexOf('@');
  const hash = createHash('sha256').update(address.toLowerCase()).digest('hex').slice(0, 10);
  // "<hash> at <domain>": not itself shaped like an address, so the scrub below leaves it be.
  return `${hash} at ${at >= 0 ? address.slice(at + 1).toLowerCase() : '?'}`;
}

/** An email address anywhere in a text: its local part as addresses have them in practice
 * (a path's slashes before it are not part of it), a dotted domain after. */
const ADDRESS_IN_TEXT = /[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;

/** `text` with every address in it redacted. */
export function withoutAddresses(text: string): string {
  return text.replace(ADDRESS_IN_TEXT, (address) => redact(address));
}

/**
 * One structured JSON logger. Messages short and lowercase; data in the second argument, an
 * address only through `redact`. Every string a line carries is scrubbed of addresses as it is
 * written, so text Tend does not choose cannot carry one either: an error's message and stack
 * (SES names the address it refused to send to), a field of a parsed event.
 */
export const logger = new Logger({
  serviceName: 'tend',
  jsonReplacerFn: (_key, value) => (typeof value === 'string' ? withoutAddresses(value) : value),
});

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

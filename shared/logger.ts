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

/** Causes followed down an error's chain: more than any SDK error nests. */
const MAX_CAUSES = 5;

/**
 * `error`, with every address in its message and stack (and in its causes') redacted, in place:
 * the same object and type, so a caller or the platform's retry sees what it would have. For
 * what reaches CloudWatch outside the logger: Lambda's runtime logs a handler's thrown error
 * itself (SES's MessageRejected, thrown from a reply's confirmation, names the address).
 */
export function redactError(error: unknown): unknown {
  let e: unknown = error;
  for (let depth = 0; e instanceof Error && depth <= MAX_CAUSES; depth++, e = e.cause) {
    try {
      e.message = withoutAddresses(e.message);
      if (e.stack) e.stack = withoutAddresses(e.stack);
    } catch {
      // A frozen error keeps its text; the logger still scrubs it where Tend logs it.
    }
  }
  return error;
}

/** A Lambda handler whose thrown errors carry no address (redactError). */
export function redactingErrors<A extends unknown[], R>(
  handler: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (error) {
      throw redactError(error);
    }
  };
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/**
 * What Tend takes as an email address, wherever one comes from: a header, a forwarded block, a
 * reply command, an import, the CLI. One rule (SPEC 2.8): a practical check rather than RFC 5322's
 * whole grammar (a local part, an @ and a dotted domain, letters of any script), within the
 * lengths SMTP allows (RFC 5321 4.5.3.1), so no address can grow a key past what DynamoDB takes.
 */

/** RFC 5321: a path of at most 256 octets, less the angle brackets. */
export const MAX_ADDRESS_CHARS = 254;
export const MAX_LOCAL_PART_CHARS = 64;

const ADDRESS_RE =
  /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~.-]+@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+[\p{L}\p{N}-]{2,}$/u;

/** True for an address as Tend keeps it (already trimmed and lower-cased by the caller). */
export function isAddress(value: string): boolean {
  if (value.length > MAX_ADDRESS_CHARS) return false;
  const at = value.lastIndexOf('@');
  return at > 0 && at <= MAX_LOCAL_PART_CHARS && ADDRESS_RE.test(value);
}

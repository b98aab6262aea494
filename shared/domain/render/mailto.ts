/**
 * `mailto:` links (RFC 6068) that open the user's own mail client with a draft to a contact:
 * Tend suggests the words, the user sends them (Tend never writes to a contact itself).
 */

/** What a draft link prefills. */
export interface Draft {
  to: string;
  subject: string;
  body: string;
}

/** Lone UTF-16 surrogates (a string cut in the middle of an emoji) cannot be UTF-8 encoded:
 * encodeURIComponent would throw, so they become U+FFFD. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Percent-encodes a header value as RFC 6068 section 2 wants it: UTF-8, every character
 * outside `unreserved` encoded (so `&`, `=`, `?`, `#`, `%` and `+` can not end or split a field,
 * a space is `%20`, never `+`, and `(`, `)` or `'` can not end a link a plain-text client found),
 * and line breaks as `%0D%0A` (section 5: a body's line breaks are CRLF).
 */
export function encodeMailtoValue(value: string): string {
  return encodeURIComponent(
    value.replace(LONE_SURROGATE, '\uFFFD').replace(/\r\n|\r|\n/g, '\r\n'),
  ).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The address part: each side of the last `@` encoded, so a `?`, `%` or `#` in a local part
 * (legal, if rare) can not start the header fields. */
function encodeAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 0) return encodeMailtoValue(address);
  return `${encodeMailtoValue(address.slice(0, at))}@${encodeMailtoValue(address.slice(at + 1))}`;
}

/** `mailto:ana@example.com?subject=Re%3A%20Coffee&body=Hi%20Ana%2C%0D%0A…` */
export function mailtoUri(draft: Draft): string {
  const fields = [
    ['subject', draft.subject],
    ['body', draft.body],
  ]
    .filter(([, value]) => value !== '')
    .map(([name, value]) => `${name}=${encodeMailtoValue(value ?? '')}`);
  return `mailto:${encodeAddress(draft.to)}${fields.length > 0 ? `?${fields.join('&')}` : ''}`;
}

/** Only a real address gets a draft: not a LinkedIn-only contact's `linkedin:` key. */
export function canWriteTo(address: string | null): address is string {
  return address !== null && !address.startsWith('linkedin:') && /^\S+@\S+$/.test(address);
}

import { describe, expect, it } from 'vitest';
import {
  csrfTokenFor,
  isSecret,
  readSessionCookie,
  sameToken,
  secretHash,
  sessionCookieValue,
} from '../../shared/domain/web-sign-in';

const SECRET = 'a'.repeat(43);
const USER_ID = '01KB0000000000000000000001';

describe('the sign-in rules (SPEC 8)', () => {
  it('reads back the session cookie it writes', () => {
    expect(readSessionCookie(sessionCookieValue(USER_ID, SECRET))).toEqual({
      userId: USER_ID,
      secret: SECRET,
    });
  });

  it.each([
    ['empty', ''],
    ['no user', `.${SECRET}`],
    ['no secret', `${USER_ID}.`],
    ['a short secret', `${USER_ID}.${'a'.repeat(42)}`],
    ['a secret with other characters', `${USER_ID}.${'a'.repeat(42)}!`],
    ['a user id that is no ULID', `user#1.${SECRET}`],
    ['a path in the user id', `../${USER_ID}.${SECRET}`],
  ])('refuses a cookie with %s', (_, value) => {
    expect(readSessionCookie(value)).toBeNull();
  });

  it('keeps only a hash of a secret, and tells secrets from anything else', () => {
    expect(secretHash(SECRET)).toMatch(/^[0-9a-f]{64}$/);
    expect(secretHash(SECRET)).not.toContain(SECRET);
    expect(isSecret(SECRET)).toBe(true);
    expect(isSecret(`${SECRET}a`)).toBe(false);
    expect(isSecret('../../etc/passwd')).toBe(false);
  });

  it("derives each session's CSRF token from its secret, and compares tokens exactly", () => {
    const other = 'b'.repeat(43);
    expect(csrfTokenFor(SECRET)).toBe(csrfTokenFor(SECRET));
    expect(csrfTokenFor(SECRET)).not.toBe(csrfTokenFor(other));
    expect(sameToken(csrfTokenFor(SECRET), csrfTokenFor(SECRET))).toBe(true);
    expect(sameToken(csrfTokenFor(other), csrfTokenFor(SECRET))).toBe(false);
    expect(sameToken('', csrfTokenFor(SECRET))).toBe(false);
    expect(sameToken(csrfTokenFor(SECRET).slice(1), csrfTokenFor(SECRET))).toBe(false);
  });
});

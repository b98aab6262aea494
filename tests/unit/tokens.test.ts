import { describe, expect, it } from 'vitest';
import {
  InvalidTokenError,
  issueToken,
  TOKEN_LENGTH,
  verifyToken,
} from '../../shared/domain/tokens';

const SECRET = 'test-secret-0123456789abcdef';
const USER = '01JD0000000000000000000001';
const OTHER_USER = '01JD0000000000000000000002';
const REF = '01JDZZZZZZ0000000000000ABC';
const ISSUED = new Date('2026-12-01T12:00:00Z');
const days = (n: number) => new Date(ISSUED.getTime() + n * 86_400_000);

describe('reply tokens', () => {
  const token = issueToken(SECRET, USER, { kind: 'thanks', ref: REF, issuedAt: ISSUED });

  it('fits an address local part with the reply+ prefix (RFC 5321: 64 characters)', () => {
    expect(token).toHaveLength(TOKEN_LENGTH);
    expect(`reply+${token}`.length).toBeLessThanOrEqual(64);
    expect(token).toMatch(/^[0-9a-z]+$/);
  });

  it('verifies for its own user and returns what it refers to', () => {
    expect(verifyToken(SECRET, USER, token, days(1))).toEqual({
      kind: 'thanks',
      ref: REF,
      issuedAt: ISSUED,
    });
  });

  it('survives a mail system that upper-cases the local part', () => {
    expect(verifyToken(SECRET, USER, token.toUpperCase(), days(1)).ref).toBe(REF);
  });

  it.each([
    ['signed for another user', () => verifyToken(SECRET, OTHER_USER, token, days(1)), 'signature'],
    [
      'signed with another secret',
      () => verifyToken('another-secret-0123456789', USER, token, days(1)),
      'signature',
    ],
    [
      'with one MAC character changed',
      () =>
        verifyToken(SECRET, USER, token.slice(0, -1) + (token.endsWith('0') ? '1' : '0'), days(1)),
      'signature',
    ],
    [
      'pointing at another prompt',
      () =>
        verifyToken(
          SECRET,
          USER,
          token.slice(0, 1) + '01JDZZZZZZ0000000000000ABD'.toLowerCase() + token.slice(27),
          days(1),
        ),
      'signature',
    ],
    [
      'of another kind',
      () => verifyToken(SECRET, USER, 'd' + token.slice(1), days(1)),
      'signature',
    ],
    ['truncated', () => verifyToken(SECRET, USER, token.slice(0, 40), days(1)), 'malformed'],
    [
      'made of junk',
      () => verifyToken(SECRET, USER, '!'.repeat(TOKEN_LENGTH), days(1)),
      'malformed',
    ],
    ['empty', () => verifyToken(SECRET, USER, '', days(1)), 'malformed'],
    ['older than 60 days', () => verifyToken(SECRET, USER, token, days(60.01)), 'expired'],
  ])('rejects a token %s', (_name, attempt, reason) => {
    expect(attempt).toThrow(InvalidTokenError);
    expect(attempt).toThrow(reason);
  });

  it('still accepts a token on its 60th day', () => {
    expect(verifyToken(SECRET, USER, token, days(59.99)).ref).toBe(REF);
  });

  it('rejects a forged token whose issue time was moved forward to dodge expiry', () => {
    const fresh = Math.floor(days(70).getTime() / 1000)
      .toString(32)
      .padStart(7, '0');
    const forged = token.slice(0, 27) + fresh + token.slice(34);
    expect(() => verifyToken(SECRET, USER, forged, days(70))).toThrow('signature');
  });
});

import { simpleParser, type ParsedMail } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { InvalidActionLinkError, issueActionToken } from '../../shared/domain/action-links';
import { UNSUBSCRIBE_LINK_TTL_DAYS } from '../../shared/domain/limits';
import {
  InvalidListUnsubscribeError,
  listUnsubscribeHeaders,
} from '../../shared/domain/render/list-unsubscribe';
import { buildMime, InvalidMessageError } from '../../shared/domain/render/mime';
import {
  isUnsubscribeLinkPath,
  issueUnsubscribeToken,
  unsubscribeLinkUrl,
  verifyUnsubscribeToken,
} from '../../shared/domain/unsubscribe-link';

/**
 * SPEC 7, RFC 8058 and RFC 2369: the List-Unsubscribe fields of every email, and the signed
 * one-click link they carry.
 */

const MAILTO = 'mailto:reply+t0123@in.tend.example?subject=unsubscribe';
const SECRET = 'unit-test-secret';
const USER = '01KB0000000000000000000ADA';
const OTHER = '01KB0000000000000000000BEA';
const SENT = new Date('2026-11-26T10:00:00Z');
const DAY_MS = 86_400_000;

/** mailparser folds List-* fields into one `list` object: read the field's own line. */
const lineOf = (parsed: ParsedMail, key: string) =>
  parsed.headerLines.find((h) => h.key === key)?.line;

describe('listUnsubscribeHeaders', () => {
  it('puts the https one-click URI first, the mailto second, and marks it one-click (RFC 8058 3.1)', () => {
    expect(
      listUnsubscribeHeaders({ mailto: MAILTO, oneClick: 'https://tend.example/unsubscribe/u.x' }),
    ).toEqual({
      'List-Unsubscribe': `<https://tend.example/unsubscribe/u.x>, <${MAILTO}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });

  it.each([undefined, null])(
    'gives the mailto alone and no -Post field without a link (%s)',
    (oneClick) => {
      expect(listUnsubscribeHeaders({ mailto: `<${MAILTO}>`, oneClick })).toEqual({
        'List-Unsubscribe': `<${MAILTO}>`,
      });
    },
  );

  it.each([
    ['an http URI (RFC 8058 requires https)', 'http://tend.example/unsubscribe/u.x'],
    ['a mailto in the one-click place', MAILTO],
    ['a URI with a comma, which would split the list', 'https://tend.example/a,b'],
    ['a URI with a space', 'https://tend.example/a b'],
    ['a URI with an angle bracket', 'https://tend.example/a>b'],
  ])('refuses %s as the one-click URI', (_name, oneClick) => {
    expect(() => listUnsubscribeHeaders({ mailto: MAILTO, oneClick })).toThrow(
      InvalidListUnsubscribeError,
    );
  });

  it.each(['https://tend.example/unsubscribe', 'reply@tend.example', 'mailto:a,b@tend.example'])(
    'refuses %j as the mailto',
    (mailto) => {
      expect(() => listUnsubscribeHeaders({ mailto })).toThrow(InvalidListUnsubscribeError);
    },
  );
});

describe('buildMime with a one-click link', () => {
  const link = unsubscribeLinkUrl(
    'https://app.tend.example',
    issueUnsubscribeToken(SECRET, { userId: USER, issuedAt: SENT }),
  );
  const message = {
    from: 'Tend <tend@tend.example>',
    to: 'ada@example.com',
    replyTo: 'reply+t0123@in.tend.example',
    listUnsubscribe: MAILTO,
    oneClickUnsubscribe: link,
    subject: 'Tend: 2 people to reconnect with',
    text: 'Hello',
    html: '<p>Hello</p>',
    date: SENT,
  };

  it('writes both fields, each on one unfolded line, and they parse back', async () => {
    const raw = (await buildMime(message)).toString('utf8');
    expect(raw).toMatch(
      new RegExp(
        `^List-Unsubscribe: <${link.replace(/\./g, '\\.')}>, <${MAILTO.replace(/[.?+]/g, '\\$&')}>\\r$`,
        'm',
      ),
    );
    expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
    const parsed = await simpleParser(raw);
    expect(lineOf(parsed, 'list-unsubscribe-post')).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
  });

  it('never lets an extra header replace them', async () => {
    const raw = await buildMime({
      ...message,
      headers: { 'list-unsubscribe-post': 'nope', 'List-Unsubscribe': '<https://evil.example>' },
    });
    const parsed = await simpleParser(raw);
    expect(parsed.headerLines.filter((h) => h.key.startsWith('list-unsubscribe'))).toHaveLength(2);
    expect(lineOf(parsed, 'list-unsubscribe-post')).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );
    expect(raw.toString()).not.toContain('evil.example');
  });

  it('refuses a one-click link that is not https', async () => {
    await expect(
      buildMime({ ...message, oneClickUnsubscribe: 'http://127.0.0.1:8080/unsubscribe/u.x' }),
    ).rejects.toBeInstanceOf(InvalidMessageError);
  });
});

describe('the one-click unsubscribe token', () => {
  const token = issueUnsubscribeToken(SECRET, { userId: USER, issuedAt: SENT });
  const parts = token.split('.');
  const swap = (i: number, value: string) => parts.map((p, j) => (j === i ? value : p)).join('.');

  it('is short, lower case and URL-safe, and verifies for its user', () => {
    expect(token).toMatch(/^u\.[0-9a-z]{26}\.[0-9a-v]{7}\.[0-9a-v]{26}$/);
    expect(verifyUnsubscribeToken(SECRET, token, SENT)).toEqual({ userId: USER, issuedAt: SENT });
    expect(verifyUnsubscribeToken(SECRET, token.toUpperCase(), SENT).userId).toBe(USER);
  });

  it(`works for ${UNSUBSCRIBE_LINK_TTL_DAYS} days and expires after`, () => {
    const last = new Date(SENT.getTime() + UNSUBSCRIBE_LINK_TTL_DAYS * DAY_MS);
    expect(verifyUnsubscribeToken(SECRET, token, last).userId).toBe(USER);
    expect(() => verifyUnsubscribeToken(SECRET, token, new Date(last.getTime() + 1000))).toThrow(
      expect.objectContaining({ reason: 'expired' }),
    );
  });

  it.each([
    ['another user swapped in', () => swap(1, OTHER.toLowerCase()), 'signature'],
    ['the issue time moved', () => swap(2, '0000001'), 'signature'],
    ['a forged MAC', () => swap(3, 'a'.repeat(26)), 'signature'],
    [
      'another secret',
      () => issueUnsubscribeToken('other', { userId: USER, issuedAt: SENT }),
      'signature',
    ],
    [
      'an action link (same secret, other label)',
      () =>
        issueActionToken(SECRET, {
          userId: USER,
          target: { kind: 'thanks', promptId: USER },
          action: 'done',
          issuedAt: SENT,
        }),
      'malformed',
    ],
    ['an action head', () => swap(0, 'd'), 'malformed'],
    ['junk', () => 'not-a-token', 'malformed'],
    ['a cut-short copy', () => token.slice(0, -3), 'malformed'],
    ['an empty string', () => '', 'malformed'],
    ['a huge string', () => 'u.'.repeat(5000), 'malformed'],
  ])('refuses %s', (_name, make, reason) => {
    let error: unknown;
    try {
      verifyUnsubscribeToken(SECRET, make(), SENT);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidActionLinkError);
    expect((error as InvalidActionLinkError).reason).toBe(reason);
  });

  it('makes a URL under the web app, keeping a base path, and knows its path', () => {
    expect(unsubscribeLinkUrl('https://app.tend.example', token)).toBe(
      `https://app.tend.example/unsubscribe/${token}`,
    );
    expect(unsubscribeLinkUrl('https://tend.example/app/', token)).toBe(
      `https://tend.example/app/unsubscribe/${token}`,
    );
    expect(isUnsubscribeLinkPath(`/unsubscribe/${token}`)).toBe(true);
    expect(isUnsubscribeLinkPath('/unsubscribed')).toBe(false);
    expect(isUnsubscribeLinkPath('/settings')).toBe(false);
  });
});

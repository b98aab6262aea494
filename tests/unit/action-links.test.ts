import { describe, expect, it } from 'vitest';
import {
  actionLinks,
  actionLinkUrl,
  InvalidActionLinkError,
  issueActionToken,
  verifyActionToken,
  type ActionLinkClaims,
} from '../../shared/domain/action-links';
import { ACTION_LINK_TTL_DAYS } from '../../shared/domain/limits';
import { issueToken } from '../../shared/domain/tokens';

const SECRET = 'test-secret-0123456789abcdef';
const USER = '01JD0000000000000000000001';
const OTHER_USER = '01JD0000000000000000000002';
const PROMPT = '01JDZZZZZZ0000000000000ABC';
const DIGEST = '01JDZZZZZZ0000000000000DEF';
const ISSUED = new Date('2026-12-01T12:00:00Z');
const days = (n: number) => new Date(ISSUED.getTime() + n * 86_400_000);

const doneOnPrompt: ActionLinkClaims = {
  userId: USER,
  target: { kind: 'thanks', promptId: PROMPT },
  action: 'done',
  issuedAt: ISSUED,
};
const snoozeItem3: ActionLinkClaims = {
  userId: USER,
  target: { kind: 'digest', digestId: DIGEST, item: 3 },
  action: 'snooze2w',
  issuedAt: ISSUED,
};

/** The token with field `index` (0 = action+kind … 5 = MAC) replaced. */
function withField(token: string, index: number, value: string): string {
  const parts = token.split('.');
  parts[index] = value;
  return parts.join('.');
}

describe('action link tokens (SPEC 8)', () => {
  const token = issueActionToken(SECRET, doneOnPrompt);

  it('is URL-safe as it is and short enough for any mail client', () => {
    expect(token).toMatch(/^[0-9a-z.]+$/);
    expect(encodeURIComponent(token)).toBe(token);
    expect(token.length).toBeLessThan(100);
  });

  it.each([
    ['Done on a thank-you prompt', doneOnPrompt],
    ['Snooze 2 weeks on digest item 3', snoozeItem3],
    [
      'Open on digest item 12',
      { ...snoozeItem3, action: 'open', target: { kind: 'digest', digestId: DIGEST, item: 12 } },
    ],
  ] as Array<[string, ActionLinkClaims]>)('verifies %s and returns what it names', (_n, claims) => {
    expect(verifyActionToken(SECRET, issueActionToken(SECRET, claims), days(1))).toEqual(claims);
  });

  it('gives the same token for the same link (a replay is recognisable)', () => {
    expect(issueActionToken(SECRET, doneOnPrompt)).toBe(token);
  });

  it('survives a mail client that upper-cases the link', () => {
    expect(verifyActionToken(SECRET, token.toUpperCase(), days(1))).toEqual(doneOnPrompt);
  });

  const mac = token.split('.')[5]!;
  const swap = (c: string) => (c === '0' ? '1' : '0');
  const snoozeToken = issueActionToken(SECRET, snoozeItem3);

  it.each([
    ['with a forged MAC', () => withField(token, 5, 'a'.repeat(26)), 'signature'],
    ['with one MAC character changed', () => token.slice(0, -1) + swap(token.at(-1)!), 'signature'],
    [
      'signed with another secret',
      () => issueActionToken('another-secret-0123456789', doneOnPrompt),
      'signature',
    ],
    [
      "with another user's id swapped in",
      () => withField(token, 1, OTHER_USER.toLowerCase()),
      'signature',
    ],
    ['whose action was changed from done to snooze', () => withField(token, 0, 'st'), 'signature'],
    ['whose action was changed from done to open', () => withField(token, 0, 'ot'), 'signature'],
    [
      'pointing at another prompt',
      () => withField(token, 2, '01jdzzzzzz0000000000000abd'),
      'signature',
    ],
    ['pointing at another digest item', () => withField(snoozeToken, 3, '4'), 'signature'],
    [
      'whose issue time was moved forward to dodge expiry',
      () =>
        withField(
          token,
          4,
          Math.floor(days(70).getTime() / 1000)
            .toString(32)
            .padStart(7, '0'),
        ),
      'signature',
    ],
    [
      'made from a reply token',
      () => issueToken(SECRET, USER, { kind: 'thanks', ref: PROMPT, issuedAt: ISSUED }),
      'malformed',
    ],
    ['of an unknown action', () => withField(token, 0, 'xt'), 'malformed'],
    ['for a prompt with an item number', () => withField(token, 3, '2'), 'malformed'],
    ['for a digest without an item number', () => withField(snoozeToken, 3, '0'), 'malformed'],
    ['truncated', () => token.slice(0, 60), 'malformed'],
    ['with a MAC cut short', () => withField(token, 5, mac.slice(0, 20)), 'malformed'],
    ['made of junk', () => '!'.repeat(95), 'malformed'],
    ['empty', () => '', 'malformed'],
  ])('rejects a token %s', (_name, make, reason) => {
    const attempt = () => verifyActionToken(SECRET, make(), days(1));
    expect(attempt).toThrow(InvalidActionLinkError);
    try {
      attempt();
    } catch (error) {
      expect((error as InvalidActionLinkError).reason).toBe(reason);
    }
  });

  it(`still accepts a link on its ${ACTION_LINK_TTL_DAYS}th day and refuses it after`, () => {
    expect(verifyActionToken(SECRET, token, days(ACTION_LINK_TTL_DAYS - 0.01)).action).toBe('done');
    const late = () => verifyActionToken(SECRET, token, days(ACTION_LINK_TTL_DAYS + 0.01));
    expect(late).toThrow(InvalidActionLinkError);
    expect(late).toThrow('expired');
  });

  it('refuses to sign what is not a ULID or a real item number', () => {
    expect(() => issueActionToken(SECRET, { ...doneOnPrompt, userId: 'ada@a.example' })).toThrow();
    expect(() =>
      issueActionToken(SECRET, {
        ...snoozeItem3,
        target: { kind: 'digest', digestId: DIGEST, item: 0 },
      }),
    ).toThrow();
  });
});

describe('action link URLs', () => {
  it('puts the token under /a/ of the web base URL, keeping a base path', () => {
    expect(actionLinkUrl('https://tend.example', 'abc')).toBe('https://tend.example/a/abc');
    expect(actionLinkUrl('https://tend.example/', 'abc')).toBe('https://tend.example/a/abc');
    expect(actionLinkUrl('https://x.example/tend', 'abc')).toBe('https://x.example/tend/a/abc');
  });

  it('makes Done, Snooze 2 weeks and Open links that each verify as that action', () => {
    const links = actionLinks({
      baseUrl: 'https://tend.example',
      secret: SECRET,
      userId: USER,
      target: { kind: 'digest', digestId: DIGEST, item: 2 },
      issuedAt: ISSUED,
    });
    const actionOf = (url: string) =>
      verifyActionToken(SECRET, new URL(url).pathname.split('/').pop()!, days(1)).action;
    expect([actionOf(links.done), actionOf(links.snooze), actionOf(links.open)]).toEqual([
      'done',
      'snooze2w',
      'open',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { parseLogHints, routeRecipients } from '../../shared/domain/ingest/address-hints';

const D = 'in.tend.localhost';

describe('log+TAGS@ hints', () => {
  it.each([
    ['', { cadenceDays: null, thanks: null, tags: [] }],
    ['mentor', { cadenceDays: null, thanks: null, tags: ['mentor'] }],
    ['mentor.monthly', { cadenceDays: 30, thanks: null, tags: ['mentor'] }],
    ['30d', { cadenceDays: 30, thanks: null, tags: [] }],
    ['2w', { cadenceDays: 14, thanks: null, tags: [] }],
    ['3m', { cadenceDays: 90, thanks: null, tags: [] }],
    ['1y', { cadenceDays: 365, thanks: null, tags: [] }],
    ['quarterly', { cadenceDays: 90, thanks: null, tags: [] }],
    ['thanks', { cadenceDays: null, thanks: 'force', tags: [] }],
    ['nothanks', { cadenceDays: null, thanks: 'suppress', tags: [] }],
    ['Advisor+thanks+2w', { cadenceDays: 14, thanks: 'force', tags: ['advisor'] }],
    ['mentor.mentor', { cadenceDays: null, thanks: null, tags: ['mentor'] }],
    ['0d', { cadenceDays: null, thanks: null, tags: ['0d'] }],
    ['bad word!', { cadenceDays: null, thanks: null, tags: [] }],
  ])('reads %j', (detail, expected) => {
    expect(parseLogHints(detail)).toEqual(expected);
  });
});

describe('routing by recipient', () => {
  it('routes log@ to logging without hints', () => {
    expect(routeRecipients([`log@${D}`], D)).toEqual({
      kind: 'log',
      hints: { cadenceDays: null, thanks: null, tags: [] },
    });
  });
  it('routes reply+TOKEN@ to the reply handler, whatever else is addressed', () => {
    expect(routeRecipients([`log@${D}`, `reply+abc@${D}`], D)).toEqual({
      kind: 'reply',
      token: 'abc',
    });
  });
  it('ignores recipients at other domains', () => {
    expect(routeRecipients(['log@example.com'], D)).toBeNull();
  });
  it('treats reply@ without a token as mail to log', () => {
    expect(routeRecipients([`reply@${D}`], D)?.kind).toBe('log');
  });
});

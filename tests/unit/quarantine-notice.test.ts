import { describe, expect, it } from 'vitest';
import {
  envelopeSenderVouched,
  NOTICE_REASONS,
  noticeHour,
  noticeReason,
  type NoticeReason,
} from '../../shared/domain/quarantine-notice';
import { renderQuarantineNotice } from '../../shared/domain/render';
import { QUARANTINE_REASONS, type QuarantineReason } from '../../shared/domain/types';
import { testUser } from '../support/fixtures';

describe('who is told about quarantined mail', () => {
  const user = testUser();
  const table: ReadonlyArray<[QuarantineReason, boolean]> = [
    ['no-contacts', true],
    ['too-many-recipients', true],
    ['bad-token', true],
    ['too-large', true],
    ['unparseable', true],
    ['unknown-sender', false], // a stranger: no backscatter
    ['failed-authentication', false], // the From could be forged
  ];

  it('covers every quarantine reason', () => {
    expect(table.map(([r]) => r).sort()).toEqual([...QUARANTINE_REASONS].sort());
  });

  it.each(table)('%s: told = %s', (reason, told) => {
    expect(noticeReason(reason, user)).toBe(told ? reason : null);
  });

  it('tells no one when the user is unknown, unsubscribed or stopped by a bounce', () => {
    expect(noticeReason('no-contacts', null)).toBeNull();
    expect(noticeReason('no-contacts', testUser({ unsubscribed: true }))).toBeNull();
    const bounced = { reason: 'bounce', at: '2026-11-27T10:00:00.000Z', detail: null } as const;
    expect(noticeReason('no-contacts', testUser({ emailStopped: bounced }))).toBeNull();
  });

  it('counts notices per UTC hour', () => {
    expect(noticeHour(new Date('2026-11-27T15:59:59Z'))).toBe('2026-11-27T15');
    expect(noticeHour(new Date('2026-11-27T16:00:00Z'))).toBe('2026-11-27T16');
  });

  it.each([
    [{ spf: 'PASS', dmarc: 'PASS' }, true],
    [{ spf: 'pass', dmarc: 'NONE' }, true],
    [{ spf: 'FAIL', dmarc: 'PASS' }, false],
    [{ spf: 'SOFTFAIL', dmarc: 'NONE' }, false],
    [{ spf: 'PASS', dmarc: 'FAIL' }, false],
  ])('trusts the envelope sender for %j: %s', (verdicts, trusted) => {
    expect(envelopeSenderVouched(verdicts)).toBe(trusted);
  });
});

describe('renderQuarantineNotice', () => {
  const view = (
    reason: NoticeReason,
    over: Partial<Parameters<typeof renderQuarantineNotice>[0]> = {},
  ) =>
    renderQuarantineNotice({
      reason,
      tokenExpired: false,
      subject: 'Notes from the offsite',
      receivedAt: '2026-11-26T15:00:00.000Z',
      timezone: 'America/New_York',
      now: '2026-11-26T15:00:05.000Z',
      logAddress: 'log@in.tend.example',
      ...over,
    });

  const why: Record<NoticeReason, RegExp> = {
    'no-contacts': /found no one in it to log/,
    'too-many-recipients': /more than 50 people/,
    'bad-token': /could not match it to an email it sent you/,
    'too-large': /larger than the 40 MB/,
    unparseable: /could not read it as an email/,
  };

  it.each(NOTICE_REASONS)(
    '%s: says what arrived, when (local time), why and what to do',
    (reason) => {
      const email = view(reason);

      expect(email.subject).toBe('Tend could not use your email “Notes from the offsite”');
      expect(email.text).toContain('Subject: Notes from the offsite');
      expect(email.text).toContain('Received: Thu 26 Nov, 10:00');
      expect(email.text).toMatch(why[reason]);
      expect(email.text).toMatch(/What to do\n\S/);
      expect(email.html).toMatch(why[reason]);
    },
  );

  it('says an expired reply token is too old', () => {
    expect(view('bad-token', { tokenExpired: true }).text).toMatch(/more than 60 days old/);
  });

  it('escapes the subject in HTML and cuts a long one in its own subject line', () => {
    const long = `<b>Hi</b> ${'x'.repeat(80)}`;
    const email = view('no-contacts', { subject: long });

    expect(email.html).toContain('&lt;b&gt;Hi&lt;/b&gt;');
    expect(email.html).not.toContain('<b>Hi</b>');
    expect(email.subject.length).toBeLessThanOrEqual(
      'Tend could not use your email “”'.length + 60,
    );
    expect(email.subject).toMatch(/…”$/);
  });

  it('names a missing subject', () => {
    expect(view('too-large', { subject: null }).text).toContain('Subject: (no subject)');
  });
});

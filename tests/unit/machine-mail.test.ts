import { describe, expect, it } from 'vitest';
import { machineMailReason } from '../../shared/domain/ingest/machine-mail';

const h = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('machine mail (SPEC 2.3)', () => {
  it.each([
    [{ 'auto-submitted': 'auto-replied' }, 'ana@x.org', 'auto-submitted'],
    [{ 'auto-submitted': 'auto-generated' }, 'ana@x.org', 'auto-submitted'],
    [{ 'x-autoreply': 'yes' }, 'ana@x.org', 'x-autoreply'],
    [{ 'x-autorespond': 'vacation' }, 'ana@x.org', 'x-autorespond'],
    [{ precedence: 'bulk' }, 'ana@x.org', 'precedence-bulk'],
    [{ precedence: 'junk' }, 'ana@x.org', 'precedence-junk'],
    [{ precedence: 'list' }, 'ana@x.org', 'precedence-list'],
    [{ precedence: 'auto_reply' }, 'ana@x.org', 'precedence-auto_reply'],
    [{}, 'MAILER-DAEMON@x.org', 'mailer-daemon'],
    [{}, 'postmaster@x.org', 'mailer-daemon'],
    [{ 'return-path': '<>' }, 'ana@x.org', 'empty-return-path'],
    [
      { 'content-type': 'multipart/report; report-type=delivery-status' },
      'ana@x.org',
      'delivery-report',
    ],
  ])('drops %j from %s', (headers, from, reason) => {
    expect(machineMailReason(h(headers), from, 'bounce@x.org')).toBe(reason);
  });

  it('keeps mail a person wrote, including Auto-Submitted: no', () => {
    expect(
      machineMailReason(
        h({ 'auto-submitted': 'no', precedence: 'first-class' }),
        'ana@x.org',
        'ana@x.org',
      ),
    ).toBeNull();
  });

  it('drops mail whose envelope sender is empty (a bounce)', () => {
    expect(machineMailReason(h({}), 'ana@x.org', '')).toBe('empty-return-path');
  });
});

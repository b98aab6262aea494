import { describe, expect, it } from 'vitest';
import { isRoleAddress, ROLE_LOCAL_PARTS } from '../../shared/domain/ingest/role-address';

describe('role and machine addresses (SPEC 2.4)', () => {
  it.each([
    'noreply@acme.example',
    'no-reply@acme.example',
    'no_reply@acme.example',
    'NoReply@acme.example',
    'donotreply@acme.example',
    'do-not-reply@acme.example',
    'do.not.reply@acme.example',
    'notifications@github.example',
    'notification@acme.example',
    'newsletter@acme.example',
    'news@acme.example',
    'mailer@acme.example',
    'bounce@acme.example',
    'bounces+abc=x.org@acme.example',
    'noreply-4711@acme.example',
    'support@acme.example',
    'support+ticket123@acme.example',
    'info@acme.example',
    'billing@acme.example',
    'sales@acme.example',
    'team@acme.example',
    'hello@acme.example',
    'admin@acme.example',
    'jobs@acme.example',
    'careers@acme.example',
    'contact@acme.example',
    'marketing@acme.example',
    'updates@acme.example',
    'alerts@acme.example',
    'postmaster@acme.example',
  ])('%s is a role address', (address) => {
    expect(isRoleAddress(address)).toBe(true);
  });

  it.each([
    'dana@acme.example',
    'dana.smith@acme.example',
    'dana+work@acme.example',
    'newman@acme.example',
    'information.officer.lee@acme.example',
    'supportive.sam@acme.example',
    'teamlead.rita@acme.example',
    'infojoe@acme.example',
    'omar@support.acme.example',
    'hr.dana@acme.example',
  ])('%s is a person', (address) => {
    expect(isRoleAddress(address)).toBe(false);
  });

  it('keeps its list written without separators, in lower case', () => {
    for (const local of ROLE_LOCAL_PARTS) expect(local).toMatch(/^[a-z]+$/);
  });
});

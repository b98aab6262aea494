import { beforeAll, describe, expect, it } from 'vitest';
import { contactDetails, INTRODUCED_SHOWN } from '../../shared/use-cases/contact-details';
import type { User } from '../../shared/domain/types';
import { forwardedIntro } from '../support/intro-mail';
import { createHarness, type Harness } from '../support/tend-harness';
import { CLI_TEST_TIMEOUT_MS, cliEnv, tend, tendJson } from './run-cli';

/**
 * SPEC 8 and 9: `tend contacts show` says whom a contact introduced the user to, as the Contact
 * page does (the same use case, shared/use-cases/contact-details.ts), in text and in `--json`.
 */

const ME = 'me@cli-intros.example';
const JORDAN = 'jordan@lee.example';

interface ShownJson {
  email: string;
  introducedBy: string | null;
  introduced: Array<{ email: string; name: string | null; at: string }>;
}

let h: Harness;
let env: Record<string, string>;
let me: User;

function intro(introduced: string, id: string): string {
  return forwardedIntro({
    user: ME,
    introducer: `Jordan Lee <${JORDAN}>`,
    introduced,
    messageId: `<${id}@cli-intros.example>`,
  });
}

beforeAll(async () => {
  h = await createHarness('cli-contacts-introduced', '2026-11-24T20:10:00Z');
  env = cliEnv(h.ctx.env, { TEND_NOW: '2026-11-26T12:00:00Z' });
  me = await h.register(ME, 'Europe/London');
  expect(await h.deliver(intro('Chris Park <chris@acme.example>', 'a'))).toEqual({
    outcome: 'logged',
    contacts: 2,
  });
  // Introduced with an address alone: Tend knows no name for them.
  expect((await h.deliver(intro('dana@wu.example', 'b'))).outcome).toBe('logged');
});

describe('contacts show: whom they introduced you to', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('prints them, by name and address where Tend knows the name', async () => {
    const shown = await tend(env, ['contacts', 'show', JORDAN]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(
      '  introduced you to Chris Park <chris@acme.example>, dana@wu.example\n',
    );
    // The other side of it, already shown before.
    const chris = await tend(env, ['contacts', 'show', 'chris@acme.example']);
    expect(chris.stdout).toContain('  introduced by Jordan Lee <jordan@lee.example>');
    expect(chris.stdout).not.toContain('introduced you to');
  });

  it('lists them in --json as `introduced`, next to `introducedBy`', async () => {
    const jordan = await tendJson<ShownJson>(env, ['contacts', 'show', JORDAN]);
    expect(jordan.introducedBy).toBeNull();
    expect(jordan.introduced).toEqual([
      { email: 'chris@acme.example', name: 'Chris Park', at: expect.any(String) },
      { email: 'dana@wu.example', name: null, at: expect.any(String) },
    ]);
    const chris = await tendJson<ShownJson>(env, ['contacts', 'show', 'chris@acme.example']);
    expect(chris).toMatchObject({ introducedBy: JORDAN, introduced: [] });
  });

  it(`lists every one of them, where the Contact page stops at ${INTRODUCED_SHOWN}`, async () => {
    for (let i = 0; i < INTRODUCED_SHOWN; i++)
      await h.deliver(intro(`Person ${i} <p${String(i).padStart(2, '0')}@many.example>`, `m${i}`));
    const jordan = await tendJson<ShownJson>(env, ['contacts', 'show', JORDAN]);
    expect(jordan.introduced).toHaveLength(INTRODUCED_SHOWN + 2);
    const page = await contactDetails(h.app, me, JORDAN, { limit: 20, before: null });
    expect(page.introduced).toHaveLength(INTRODUCED_SHOWN);
    expect(page.moreIntroduced).toBe(true);
  });
});

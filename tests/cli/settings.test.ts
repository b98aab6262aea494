import { beforeAll, describe, expect, it } from 'vitest';
import { nextWeeklySlot } from '../../shared/domain/time';
import type { User } from '../../shared/domain/types';
import { applySetting, parseSetting } from '../../shared/use-cases/settings';
import { UserInputError } from '../../shared/use-cases/users';
import { createHarness, type Harness } from '../support/tend-harness';
import { cliEnv, tend, tendJson } from './run-cli';

const NOW = '2026-11-26T12:00:00Z';
const now = new Date(NOW);

describe('settings: reading KEY VALUE', () => {
  it.each([
    ['timezone', 'Europe/London', { key: 'timezone', timezone: 'Europe/London' }],
    ['timezone', 'america/new_york', { key: 'timezone', timezone: 'America/New_York' }],
    ['digest', 'off', { key: 'digest', digest: null }],
    ['digest', 'on', { key: 'digest', digest: 'on' }],
    ['digest', 'monday 8', { key: 'digest', digest: { day: 'monday', hour: 8 } }],
    ['digest', 'Friday 9am', { key: 'digest', digest: { day: 'friday', hour: 9 } }],
    ['digest', 'sun 18:00', { key: 'digest', digest: { day: 'sunday', hour: 18 } }],
    ['cadence', '30', { key: 'cadence', days: 30 }],
    ['cadence', '2w', { key: 'cadence', days: 14 }],
    ['cadence', 'quarterly', { key: 'cadence', days: 90 }],
    ['cadence', '2 months', { key: 'cadence', days: 60 }],
    ['Digest-Items', '5', { key: 'digest-items', items: 5 }],
    ['thanks-delay-hours', '0', { key: 'thanks-delay-hours', hours: 0 }],
    ['thanks-delay-hours', '48', { key: 'thanks-delay-hours', hours: 48 }],
    ['tag-cadence.mentor', '14', { key: 'tag-cadence', tag: 'mentor', days: 14 }],
    [
      'tag-cadence.investor-relations',
      'monthly',
      { key: 'tag-cadence', tag: 'investor-relations', days: 30 },
    ],
    ['tag-cadence.mentor', 'off', { key: 'tag-cadence', tag: 'mentor', days: null }],
  ])('reads %s %j', (key, value, expected) => {
    expect(parseSetting(key, value, now, 'UTC')).toEqual(expected);
  });

  it.each([
    ['timezone', 'CEST', /timezone must be an IANA zone.*not 'CEST'/],
    ['timezone', 'Mars/Base', /timezone must be an IANA zone/],
    ['digest', 'someday', /digest must be 'off', 'on' or a day and hour/],
    ['digest', 'monday 25', /digest must be/],
    ['digest', 'monday 9:30', /digest must be/],
    ['digest', '', /digest must be.*\(the value is empty\)/],
    ['cadence', '0', /cadence must be a number of days/],
    ['cadence', '-3', /cadence must be/],
    ['cadence', 'soon', /cadence must be/],
    ['cadence', '100000', /cadence must be/],
    ['digest-items', '0', /digest-items must be a whole number from 1 to 50/],
    ['digest-items', '7.5', /digest-items must be/],
    [
      'thanks-delay-hours',
      '1000',
      /thanks-delay-hours must be a whole number of hours from 0 to 720/,
    ],
    ['tag-cadence.mentor', 'often', /tag-cadence.TAG must be/],
    ['tag-cadence.', '14', /'' is not a tag/],
    ['tag-cadence.two words', '14', /'two words' is not a tag/],
    ['colour', 'blue', /there is no setting 'colour': the settings are timezone, digest, cadence/],
  ])('refuses %s %j', (key, value, message) => {
    expect(() => parseSetting(key, value, now, 'UTC')).toThrow(UserInputError);
    expect(() => parseSetting(key, value, now, 'UTC')).toThrow(message);
  });
});

describe('settings set (CLI)', () => {
  let h: Harness;
  let env: Record<string, string>;
  let me: User;
  const user = async () => (await h.app.users.get(me.id))!;
  const digestDue = async () => (await h.app.digests.getSchedule(me.id))?.dueAt ?? null;

  beforeAll(async () => {
    h = await createHarness('cli-settings', NOW);
    env = cliEnv(h.ctx.env, { TEND_NOW: NOW });
    me = await h.register('me@example.com', 'America/New_York');
  });

  it('changes the timezone and moves the digest to the same local hour there', async () => {
    const out = await tendJson<{ timezone: string }>(env, [
      'settings',
      'set',
      'timezone',
      'Europe/London',
    ]);
    expect(out.timezone).toBe('Europe/London');
    expect((await user()).timezone).toBe('Europe/London');
    expect(await digestDue()).toBe(nextWeeklySlot(now, 'monday', 8, 'Europe/London').toISOString());
    expect(await digestDue()).toBe('2026-11-30T08:00:00.000Z');
  });

  it('sets the digest day and hour (several words), then turns it off', async () => {
    const set = await tend(env, ['settings', 'set', 'digest', 'friday', '9am']);
    expect(set.code).toBe(0);
    expect(set.stdout).toBe(
      'the digest now comes on Fridays at 09:00 (Europe/London); next digest 2026-11-27T09:00:00.000Z\n',
    );
    expect((await user()).digest).toEqual({ day: 'friday', hour: 9 });
    expect(await digestDue()).toBe('2026-11-27T09:00:00.000Z');

    const off = await tend(env, ['settings', 'set', 'digest', 'off']);
    expect(off).toMatchObject({ code: 0, stdout: 'digest off\n' });
    expect((await user()).digest).toBeNull();
    expect(await digestDue()).toBeNull();
  });

  it('sets the default cadence and a tag cadence', async () => {
    await tendJson(env, ['settings', 'set', 'cadence', '30']);
    await tendJson(env, ['settings', 'set', 'tag-cadence.mentor', '2w']);
    expect(await user()).toMatchObject({ defaultCadenceDays: 30, tagCadences: { mentor: 14 } });
  });

  it('says what was wrong with a bad value or an unknown key, and changes nothing', async () => {
    const before = await user();
    const [badZone, badKey] = await Promise.all([
      tend(env, ['settings', 'set', 'timezone', 'Mars/Base']),
      tend(env, ['settings', 'set', 'colour', 'blue']),
    ]);
    expect(badZone.code).toBe(1);
    expect(badZone.stderr).toBe(
      "tend: timezone must be an IANA zone, like Europe/London or America/New_York, not 'Mars/Base'\n",
    );
    expect(badKey.code).toBe(1);
    expect(badKey.stderr).toMatch(
      /^tend: there is no setting 'colour': the settings are timezone, digest, cadence, digest-items, thanks-delay-hours, tag-cadence.TAG\n$/,
    );
    expect(await user()).toEqual(before);
  });

  it('shows the settings', async () => {
    expect(await tendJson(env, ['settings', 'show'])).toEqual({
      timezone: 'Europe/London',
      digest: null,
      cadence: 30,
      digestItems: 7,
      thanksDelayHours: 24,
      tagCadences: { mentor: 14 },
    });
  });

  it('applies the remaining settings (in-process: same use case as the CLI)', async () => {
    let u = await user();
    for (const [key, value] of [
      ['digest-items', '5'],
      ['thanks-delay-hours', '48'],
      ['tag-cadence.mentor', 'off'],
      ['digest', 'on'],
    ] as const) {
      u = (await applySetting(h.app, u, parseSetting(key, value, now, u.timezone), now)).user;
    }
    expect(await user()).toMatchObject({
      digestMaxItems: 5,
      thanksDelayHours: 48,
      tagCadences: {},
      digest: { day: 'monday', hour: 8 },
    });
    expect(await digestDue()).toBe('2026-11-30T08:00:00.000Z');
  });
});

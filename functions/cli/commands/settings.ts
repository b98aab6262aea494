import { count } from '../../../shared/domain/count';
import type { Command } from 'commander';
import { SETTING_KEYS } from '../../../shared/domain/settings-keys';
import { resolveUser } from '../../../shared/use-cases/users';
import { userOption, type Cli } from '../output';

export function registerSettingsCommands(program: Command, cli: Cli): void {
  const settings = program.command('settings').description('your schedule and cadences');
  settings
    .command('set <key> <value...>')
    .description(
      `change a setting: ${SETTING_KEYS.join(', ')} (e.g. \`settings set digest friday 9am\`)`,
    )
    .option('--json', 'JSON output')
    .addOption(userOption())
    .action(async (key: string, value: string[], opts: { json?: boolean; user?: string }) => {
      const a = await cli.app();
      const user = await resolveUser(a.users, opts.user);
      const now = a.clock.now();
      const { applySetting, parseSetting, settingsOf } =
        await import('../../../shared/use-cases/settings');
      const change = parseSetting(key, value.join(' '), now, user.timezone);
      const result = await applySetting(a, user, change, now);
      cli.print(Boolean(opts.json), settingsOf(result.user), () => result.message);
    });
  settings
    .command('show')
    .option('--json', 'JSON output')
    .addOption(userOption())
    .action(async (opts: { json?: boolean; user?: string }) => {
      const user = await resolveUser((await cli.app()).users, opts.user);
      const { settingsOf } = await import('../../../shared/use-cases/settings');
      const s = settingsOf(user);
      cli.print(Boolean(opts.json), s, () =>
        [
          `timezone            ${s.timezone}`,
          `digest              ${s.digest ? `${s.digest.day} ${s.digest.hour}:00` : 'off'}`,
          `cadence             ${count(s.cadence, 'day')}`,
          `digest-items        ${s.digestItems}`,
          `thanks-delay-hours  ${s.thanksDelayHours}`,
          ...Object.entries(s.tagCadences).map(
            ([tag, days]) => `tag-cadence.${tag}`.padEnd(20) + count(days, 'day'),
          ),
        ].join('\n'),
      );
    });
}

import { Hono } from 'hono';
import { html } from 'hono/html';
import { HTTPException } from 'hono/http-exception';
import type { App } from '../../../shared/app';
import { isUserCommand, parseCommandLine } from '../../../shared/domain/commands';
import type { User } from '../../../shared/domain/types';
import { pendingClaims } from '../../../shared/use-cases/claim-address';
import { applySetting, parseSetting, type SettingChange } from '../../../shared/use-cases/settings';
import { applyUserCommand } from '../../../shared/use-cases/user-commands';
import { UserInputError } from '../../../shared/use-cases/users';
import { SNOOZE_CHOICES } from '../contact-actions';
import { setFlash, takeFlash } from '../cookies';
import { sessionForm, signedIn } from '../guards';
import { shortDate } from '../views/format';
import { textField } from '../views/fields';
import { csrfField, page } from '../views/layout';
import { addressSections, settingsAddressRoutes } from './settings-addresses';
import { settingsImportRoutes } from './settings-import';
import { importExportSections } from './settings-import-page';
import type { WebEnv } from '../web-env';

/** The settings the form edits, each read by `tend settings set KEY VALUE`'s rules. */
const FIELDS = ['timezone', 'digest', 'cadence', 'digest-items'] as const;
type Field = (typeof FIELDS)[number];

/** Each setting as the form shows it (and as `settings set` reads it back). */
function shown(user: User): Record<Field, string> {
  return {
    timezone: user.timezone,
    digest: user.digest ? `${user.digest.day} ${user.digest.hour}` : 'off',
    cadence: `${user.defaultCadenceDays}d`,
    'digest-items': String(user.digestMaxItems),
  };
}

/**
 * SPEC 8, Settings: timezone, digest day and hour or off, default cadence, digest size (the rules
 * of `tend settings set`), pause and resume (the reply commands); the addresses and the never-log
 * list (settings-addresses.ts); import and export (settings-import.ts).
 */
export function settingsRoutes(app: App): Hono<WebEnv> {
  const routes = new Hono<WebEnv>();

  routes.get('/settings', signedIn, async (c) => {
    const session = c.var.session!;
    const { user } = session;
    const now = app.clock.now();
    const claims = await pendingClaims(app, user.id, now);
    const values = shown(user);
    const paused = user.pausedUntil !== null && user.pausedUntil > now.toISOString();
    const body = html`<h1>Settings</h1>
      <h2>Schedule and defaults</h2>
      <form method="post" action="/settings">
        ${csrfField(session)}
        ${textField({
          name: 'timezone',
          label: 'Timezone',
          value: values.timezone,
          hint: 'An IANA zone, like Europe/London or America/New_York',
        })}
        ${textField({
          name: 'digest',
          label: 'Weekly digest',
          value: values.digest,
          hint: 'A day and hour, like monday 8 or friday 9am; or off',
        })}
        ${textField({
          name: 'cadence',
          label: 'Reconnect with people every',
          value: values.cadence,
          hint: 'Unless a contact or tag has its own, like 90d, 2m or quarterly',
        })}
        ${textField({
          name: 'digest-items',
          label: 'People in a digest, at most',
          value: values['digest-items'],
          inputMode: 'numeric',
        })}
        <button type="submit">Save settings</button>
      </form>

      <h2>Pause</h2>
      ${
        paused
          ? html`<p>
                Prompts and digests are paused until ${shortDate(user.pausedUntil, user.timezone)}.
              </p>
              <form method="post" action="/settings/pause">
                ${csrfField(session)}
                <button type="submit" name="action" value="resume">Resume now</button>
              </form>`
          : html`<form method="post" action="/settings/pause" class="actions">
              ${csrfField(session)}
              <label for="pause-for">Pause every prompt and digest for</label>
              <select id="pause-for" name="for">
                ${SNOOZE_CHOICES.map((s) => html`<option value="${s.value}">${s.label}</option>`)}
              </select>
              <button type="submit" name="action" value="pause">Pause</button>
            </form>`
      }
      ${addressSections(app, session, claims)} ${importExportSections(session)}`;
    c.header('Cache-Control', 'no-store');
    return c.html(
      page({ title: 'Settings', session, flash: takeFlash(c), section: 'settings', body }),
    );
  });

  routes.post('/settings', async (c) => {
    const { session, form } = await sessionForm(c);
    let user = session.user;
    const now = app.clock.now();
    const before = shown(user);
    // Every changed field is read first: one bad value changes nothing.
    const changes: SettingChange[] = [];
    const problems: string[] = [];
    for (const field of FIELDS) {
      const value = (form[field] ?? '').trim();
      if (value === '' || value === before[field]) continue;
      try {
        changes.push(parseSetting(field, value, now, user.timezone));
      } catch (error) {
        if (!(error instanceof UserInputError)) throw error;
        problems.push(error.message);
      }
    }
    if (problems.length > 0) {
      setFlash(c, { kind: 'error', text: `Nothing changed: ${problems.join('; ')}` });
      return c.redirect('/settings', 303);
    }
    const messages: string[] = [];
    for (const change of changes) {
      const applied = await applySetting(app, user, change, now);
      user = applied.user;
      messages.push(applied.message);
    }
    setFlash(c, {
      kind: 'ok',
      text: messages.length ? `Saved: ${messages.join('; ')}.` : 'Nothing to change.',
    });
    return c.redirect('/settings', 303);
  });

  routes.post('/settings/pause', async (c) => {
    const { session, form } = await sessionForm(c);
    const user = session.user;
    const now = app.clock.now();
    const choice = SNOOZE_CHOICES.find((s) => s.value === form.for)?.value;
    const line = form.action === 'resume' ? 'resume' : choice ? `pause ${choice}` : null;
    if (!line) throw new HTTPException(400);
    // The reply commands `pause 2w` and `resume`, read and applied as a reply's are.
    const parsed = parseCommandLine(line, { now, timezone: user.timezone });
    if ('error' in parsed || !isUserCommand(parsed.command)) throw new HTTPException(400);
    const applied = await applyUserCommand(app, user, parsed.command, now);
    setFlash(c, { kind: 'ok', text: `${applied.message}.` });
    return c.redirect('/settings', 303);
  });

  routes.route('/', settingsAddressRoutes(app));
  routes.route('/', settingsImportRoutes(app));
  return routes;
}

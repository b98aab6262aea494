import { Hono } from 'hono';
import { html } from 'hono/html';
import { HTTPException } from 'hono/http-exception';
import type { App } from '../../../shared/app';
import type { User } from '../../../shared/domain/types';
import type { CurrentSession } from '../../../shared/use-cases/sessions';
import { addNeverLog, removeNeverLog } from '../../../shared/use-cases/never-log';
import { removeUserAddress } from '../../../shared/use-cases/user-addresses';
import { UserInputError } from '../../../shared/use-cases/users';
import { setFlash } from '../cookies';
import { sessionForm } from '../guards';
import { textField } from '../views/fields';
import { csrfField, type Html } from '../views/layout';
import type { WebEnv } from '../web-env';

export const ADDRESSES_PATH = '/settings/addresses';
export const NEVER_LOG_PATH = '/settings/never-log';
/** The never-log form's field (its own id: Settings has an address field already). */
const NEVER_LOG_FIELD = 'never-log-address';
/**
 * SPEC 8 Settings: the user's sending addresses (listed, and removed with the use case of `tend
 * users address remove`) and the never-log list (`forget` fills it; shared/use-cases/never-log.ts).
 * Each form posts `action` and the address; the outcome is a flash on Settings.
 *
 * Adding a sending address stays with `tend users address add`: nothing on the web proves the
 * address is the user's, and mail from an address is logged to whoever holds it, so a claim
 * made here could catch another person's mail (and keep them from registering it).
 */
export function settingsAddressRoutes(app: App): Hono<WebEnv> {
  const routes = new Hono<WebEnv>();

  routes.post(ADDRESSES_PATH, async (c) => {
    const { session, form } = await sessionForm(c);
    const address = (form.address ?? '').trim();
    if (form.action !== 'remove') throw new HTTPException(400);
    try {
      const user = await removeUserAddress(app.users, session.user, address);
      setFlash(c, { kind: 'ok', text: `Removed ${address.toLowerCase()}. ${sendsFrom(user)}` });
    } catch (error) {
      if (!(error instanceof UserInputError)) throw error;
      setFlash(c, { kind: 'error', text: `Nothing changed: ${error.message}.` });
    }
    return c.redirect('/settings', 303);
  });

  routes.post(NEVER_LOG_PATH, async (c) => {
    const { session, form } = await sessionForm(c);
    const address = form[NEVER_LOG_FIELD] ?? '';
    const action = form.action;
    if (action !== 'add' && action !== 'remove') throw new HTTPException(400);
    try {
      const done =
        action === 'add'
          ? await addNeverLog(app.users, session.user, address)
          : await removeNeverLog(app.users, session.user, address);
      setFlash(c, { kind: 'ok', text: `${done.message}.` });
    } catch (error) {
      if (!(error instanceof UserInputError)) throw error;
      setFlash(c, { kind: 'error', text: `Nothing changed: ${error.message}.` });
    }
    return c.redirect('/settings', 303);
  });

  return routes;
}

function sendsFrom(user: User): string {
  return `Tend logs email you send from ${user.addresses.join(', ')}.`;
}

/** One "Remove" button per listed address, its address read out with it. */
function removeButton(path: string, field: string, address: string, session: CurrentSession): Html {
  return html`<form method="post" action="${path}" class="inline">
    ${csrfField(session)}
    <input type="hidden" name="${field}" value="${address}" />
    <button type="submit" name="action" value="remove" class="secondary">
      Remove<span class="vh"> ${address}</span>
    </button>
  </form>`;
}

/** The Settings sections of both lists. */
export function addressSections(session: CurrentSession): Html {
  const { user } = session;
  return html`<h2 id="addresses">Your addresses</h2>
    <p>Tend logs email you send from these, and writes only to the first.</p>
    <ul class="items">
      ${user.addresses.map(
        (a) =>
          html`<li>
            ${a}
            ${
              a === user.email
                ? html`<span class="meta">(Tend writes here)</span>`
                : removeButton(ADDRESSES_PATH, 'address', a, session)
            }
          </li>`,
      )}
    </ul>
    <p>
      To add an address you send from, ask whoever runs your Tend to run
      <code>tend users address add</code>: the web app cannot yet check that an address is yours,
      and mail from an address is logged for whoever holds it.
    </p>

    <h2 id="never-log">Never logged</h2>
    ${
      user.neverLog.length
        ? html`<ul class="items">
            ${user.neverLog.map((a) => html`<li>${a} ${removeButton(NEVER_LOG_PATH, NEVER_LOG_FIELD, a, session)}</li>`)}
          </ul>`
        : html`<p>Nobody yet: addresses you forget are listed here.</p>`
    }
    <form method="post" action="${NEVER_LOG_PATH}">
      ${csrfField(session)}
      ${textField({
        name: NEVER_LOG_FIELD,
        label: 'Never log this address',
        value: '',
        hint: 'Email with them is not logged from now on; to delete what is logged, forget the contact',
      })}
      <button type="submit" name="action" value="add">Add to the list</button>
    </form>`;
}

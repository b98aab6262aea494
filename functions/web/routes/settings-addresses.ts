import { Hono } from 'hono';
import { html } from 'hono/html';
import { HTTPException } from 'hono/http-exception';
import type { App } from '../../../shared/app';
import { mailtoUri } from '../../../shared/domain/render/mailto';
import { formatDateTime } from '../../../shared/domain/time';
import type { User } from '../../../shared/domain/types';
import type { AddressClaim } from '../../../shared/ports/address-claim-store';
import { CLAIM_HOURS, cancelClaim, claimAddress } from '../../../shared/use-cases/claim-address';
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
/** The add-an-address form's field (the Remove buttons post `address` as a hidden field). */
const CLAIM_FIELD = 'new-address';
/**
 * SPEC 8 Settings: the user's sending addresses (listed, and removed with the use case of `tend
 * users address remove`) and the never-log list (`forget` fills it; shared/use-cases/never-log.ts).
 * Each form posts `action` and the address; the outcome is a flash on Settings.
 *
 * Adding an address needs proof, since mail from an address is logged for whoever holds it: the
 * form only claims it, and an email from it to login@ with the claim's code adds it
 * (shared/use-cases/claim-address.ts). Tend never writes to the claimed address.
 */
export function settingsAddressRoutes(app: App): Hono<WebEnv> {
  const routes = new Hono<WebEnv>();

  routes.post(ADDRESSES_PATH, async (c) => {
    const { session, form } = await sessionForm(c);
    const action = form.action;
    if (action !== 'add' && action !== 'cancel' && action !== 'remove')
      throw new HTTPException(400);
    const now = app.clock.now();
    try {
      if (action === 'add') {
        const { claim, fresh } = await claimAddress(
          app,
          session.user,
          form[CLAIM_FIELD] ?? '',
          now,
        );
        const todo = `send any email from ${claim.address} to ${loginAddress(app)} with ${claim.code} in the subject`;
        setFlash(c, {
          kind: 'ok',
          text: fresh
            ? `Almost there: ${todo}, within ${CLAIM_HOURS} hours.`
            : `${claim.address} is already waiting: ${todo}.`,
        });
      } else if (action === 'cancel') {
        const address = (form.address ?? '').trim().toLowerCase();
        await cancelClaim(app, session.user, address, now);
        setFlash(c, { kind: 'ok', text: `Cancelled: ${address} will not be added.` });
      } else {
        const address = (form.address ?? '').trim();
        const user = await removeUserAddress(app.users, session.user, address);
        setFlash(c, { kind: 'ok', text: `Removed ${address.toLowerCase()}. ${sendsFrom(user)}` });
      }
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

/** Where a claim's proving email goes. */
function loginAddress(app: App): string {
  return `login@${app.config.TEND_INBOUND_DOMAIN}`;
}

/** One "Remove" (or "Cancel") button per listed address, its address read out with it. */
function removeButton(
  path: string,
  field: string,
  address: string,
  session: CurrentSession,
  action: 'remove' | 'cancel' = 'remove',
): Html {
  return html`<form method="post" action="${path}" class="inline">
    ${csrfField(session)}
    <input type="hidden" name="${field}" value="${address}" />
    <button type="submit" name="action" value="${action}" class="secondary">
      ${action === 'remove' ? 'Remove' : 'Cancel'}<span class="vh"> ${address}</span>
    </button>
  </form>`;
}

/** A claimed address and what proves it: one email from it to login@ with the code. */
function pendingClaim(app: App, claim: AddressClaim, session: CurrentSession): Html {
  const login = loginAddress(app);
  const mailto = mailtoUri({ to: login, subject: `Tend ${claim.code}`, body: '' });
  const until = formatDateTime(new Date(claim.validUntil), session.user.timezone);
  return html`<li>
    <p>
      <strong>${claim.address}</strong>: send any email from it to
      <a href="${mailto}">${login}</a> with <strong>${claim.code}</strong> in the subject, within
      ${CLAIM_HOURS} hours (by ${until}).
    </p>
    ${removeButton(ADDRESSES_PATH, 'address', claim.address, session, 'cancel')}
  </li>`;
}

/** The Settings sections of both lists, with the addresses waiting for their email. */
export function addressSections(app: App, session: CurrentSession, claims: AddressClaim[]): Html {
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
    ${
      claims.length
        ? html`<h3 id="waiting">Waiting for an email</h3>
            <ul class="items">
              ${claims.map((c) => pendingClaim(app, c, session))}
            </ul>`
        : ''
    }
    <form method="post" action="${ADDRESSES_PATH}">
      ${csrfField(session)}
      ${textField({
        name: CLAIM_FIELD,
        label: 'Add an address you send from',
        value: '',
        hint: 'Tend then asks for one email from it, to be sure it is yours; it never writes to it',
      })}
      <button type="submit" name="action" value="add">Add address</button>
    </form>

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

import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import type { App } from '../../../shared/app';
import { UNSUBSCRIBE_LINK_TTL_DAYS } from '../../../shared/domain/limits';
import {
  ONE_CLICK_KEY,
  ONE_CLICK_VALUE,
  UNSUBSCRIBE_LINK_PATH,
} from '../../../shared/domain/unsubscribe-link';
import {
  readUnsubscribeLink,
  unsubscribeByLink,
  type UnsubscribeCheck,
} from '../../../shared/use-cases/one-click-unsubscribe';
import { page, type Html } from '../views/layout';
import type { WebEnv } from '../web-env';

/**
 * SPEC 7, RFC 8058: `/unsubscribe/TOKEN`, the https URI of every email's List-Unsubscribe header.
 *
 * - POST with the body `List-Unsubscribe=One-Click` (RFC 8058 section 3.1; form-urlencoded or
 *   multipart/form-data) unsubscribes the link's user through the `unsubscribe` reply command's
 *   use case, once (shared/use-cases/one-click-unsubscribe.ts), and answers 200 at once.
 * - GET shows one Unsubscribe button, a form that posts that same body, and changes nothing: mail
 *   scanners and link previews fetch every link they see.
 *
 * Why no session, no CSRF token and no Origin check (app.ts exempts this path from its csrf()):
 * the mail provider posts on the user's behalf from its own servers, and RFC 8058 section 3.2 has
 * it send no cookie, no credential and nothing else that could identify the user, so there is no
 * Origin or token a browser form would carry. The signed token is the capability: it names one
 * user, under an HMAC only Tend can make, and arrived in that user's mailbox; it can do only one
 * thing, stop Tend's email, once. A cross-site form could at most post a link its author already
 * holds. These routes sit before the session is read (app.ts): they never read or set a cookie.
 *
 * A link that does not verify answers 4xx with a short page that shows nothing of anyone.
 */

/** The content types RFC 8058 section 3.1 allows for the POST. */
const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;

export function unsubscribeRoutes(app: App): Hono<WebEnv> {
  const routes = new Hono<WebEnv>();
  const path = `${UNSUBSCRIBE_LINK_PATH}/:token`;

  routes.get(path, async (c) => {
    c.header('Cache-Control', 'no-store');
    const token = c.req.param('token');
    const check = await readUnsubscribeLink(app, token, app.clock.now());
    if (check.outcome !== 'ready') return refused(c, check);
    if (check.unsubscribed) return done(c, 'You are unsubscribed', check.user.email);
    return c.html(
      page({
        title: 'Unsubscribe from Tend',
        session: null,
        body: html`<h1>Unsubscribe from Tend?</h1>
          <p>Tend will stop sending you every email: prompts, digests and notices.</p>
          <dl class="facts">
            <dt>Your Tend account</dt>
            <dd>${check.user.email}</dd>
          </dl>
          <p>Nothing has changed yet: press the button to unsubscribe.</p>
          <form method="post" action="${UNSUBSCRIBE_LINK_PATH}/${encodeURIComponent(token)}">
            <input type="hidden" name="${ONE_CLICK_KEY}" value="${ONE_CLICK_VALUE}" />
            <button type="submit">Unsubscribe</button>
          </form>`,
      }),
    );
  });

  routes.post(path, async (c) => {
    c.header('Cache-Control', 'no-store');
    if (!FORM_TYPES.test(c.req.header('content-type') ?? ''))
      return problem(c, 415, 'Not a one-click unsubscribe', 'Use the Unsubscribe button.');
    let body: Record<string, unknown>;
    try {
      body = await c.req.parseBody();
    } catch {
      return problem(c, 400, 'Not a one-click unsubscribe', 'Use the Unsubscribe button.');
    }
    if (body[ONE_CLICK_KEY] !== ONE_CLICK_VALUE)
      return problem(c, 400, 'Not a one-click unsubscribe', 'Use the Unsubscribe button.');
    const result = await unsubscribeByLink(app, c.req.param('token'), app.clock.now());
    switch (result.outcome) {
      case 'invalid':
      case 'gone':
        return refused(c, result);
      case 'already':
      case 'applied':
        return done(c, 'You are unsubscribed', result.user.email);
    }
  });

  return routes;
}

/** Unsubscribed (now, or before: the same answer, 200). */
function done(c: Context<WebEnv>, title: string, email: string) {
  return c.html(
    page({
      title,
      session: null,
      body: html`<h1>${title}</h1>
        <p>Tend sends no more email to ${email}. Nothing else changed: your contacts are kept.</p>
        <p>Changed your mind? Reply <strong>subscribe</strong> to any email from Tend.</p>`,
    }),
  );
}

/** A link that does not work: nothing changed, nothing of anyone shown. */
function refused(c: Context<WebEnv>, check: Exclude<UnsubscribeCheck, { outcome: 'ready' }>) {
  if (check.outcome === 'gone')
    // Genuine, for an account erased since: there is nobody left to email, which is the point.
    return c.html(
      page({
        title: 'Nothing to unsubscribe',
        session: null,
        body: html`<h1>Nothing to unsubscribe</h1>
          <p>This Tend account no longer exists, so Tend sends it nothing.</p>`,
      }),
    );
  return check.reason === 'expired'
    ? problem(
        c,
        410,
        'This link has expired',
        `Unsubscribe links work for ${UNSUBSCRIBE_LINK_TTL_DAYS} days. Nothing changed: use the link in a newer email from Tend, or reply "unsubscribe" to it.`,
      )
    : problem(
        c,
        404,
        'This link does not work',
        'It is not a link Tend made, or it was cut short when it was copied. Nothing changed.',
      );
}

function problem(c: Context<WebEnv>, status: 400 | 404 | 410 | 415, title: string, text: string) {
  c.status(status);
  const body: Html = html`<h1>${title}</h1>
    <p>${text}</p>`;
  return c.html(page({ title, session: null, body }));
}

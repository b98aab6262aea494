import { Hono } from 'hono';
import { html } from 'hono/html';
import type { App } from '../../../shared/app';
import { LOGIN_LINK_MINUTES, LOGIN_PATH } from '../../../shared/domain/web-sign-in';
import { logger } from '../../../shared/logger';
import { signIn, signOut, signOutEverywhere } from '../../../shared/use-cases/sessions';
import {
  clearSessionCookie,
  sessionCookie,
  setFlash,
  setSessionCookie,
  takeFlash,
} from '../cookies';
import { plainForm, sessionForm } from '../guards';
import { page } from '../views/layout';
import type { WebEnv } from '../web-env';

/** The field of the sign-in form holding the link's token. */
const TOKEN_FIELD = 'token';

/**
 * SPEC 8, signing in by email: the link's GET only shows a button (mail scanners fetch links),
 * its POST takes the link (once) and starts a session; signing out ends this session or all.
 */
export function signInRoutes(app: App): Hono<WebEnv> {
  const routes = new Hono<WebEnv>();

  routes.get('/signin', (c) => {
    if (c.var.session) return c.redirect('/today', 303);
    return c.html(
      page({
        title: 'Sign in',
        session: null,
        flash: takeFlash(c),
        body: html`<h1>Sign in to Tend</h1>
          <p>Tend has no passwords: it signs you in with a one-time link.</p>
          <p>
            On the machine that runs Tend, run <code>npx tend login-link</code> and open the link it
            prints. A link works once, within ${LOGIN_LINK_MINUTES} minutes.
          </p>`,
      }),
    );
  });

  routes.get(`${LOGIN_PATH}/:token`, (c) => {
    c.header('Cache-Control', 'no-store');
    return c.html(
      page({
        title: 'Sign in',
        session: null,
        body: html`<h1>Sign in to Tend</h1>
          <p>Press the button to sign in on this device.</p>
          <form method="post" action="${LOGIN_PATH}">
            <input type="hidden" name="${TOKEN_FIELD}" value="${c.req.param('token')}" />
            <button type="submit">Sign in</button>
          </form>`,
      }),
    );
  });

  routes.post(LOGIN_PATH, async (c) => {
    const form = await plainForm(c);
    const now = app.clock.now();
    const session = await signIn(app, form[TOKEN_FIELD] ?? '', now);
    if (!session) {
      logger.info('sign-in refused');
      c.status(400);
      return c.html(
        page({
          title: 'Link expired',
          session: null,
          body: html`<h1>This sign-in link does not work</h1>
            <p>
              It was used already, or it is more than ${LOGIN_LINK_MINUTES} minutes old. Ask for a
              new one: <code>npx tend login-link</code>.
            </p>`,
        }),
      );
    }
    // A browser signed in before (maybe as someone else) drops that session first.
    const previous = sessionCookie(c);
    if (previous) await signOut(app, previous);
    logger.info('signed in', { userId: session.user.id });
    setSessionCookie(c, session.cookie);
    return c.redirect('/today', 303);
  });

  routes.post('/signout', async (c) => {
    await sessionForm(c);
    const cookie = sessionCookie(c);
    if (cookie) await signOut(app, cookie);
    clearSessionCookie(c);
    setFlash(c, { kind: 'ok', text: 'You are signed out.' });
    return c.redirect('/signin', 303);
  });

  routes.post('/signout-everywhere', async (c) => {
    const { session } = await sessionForm(c);
    const ended = await signOutEverywhere(app, session.user);
    logger.info('signed out everywhere', { userId: session.user.id, sessions: ended });
    clearSessionCookie(c);
    setFlash(c, { kind: 'ok', text: 'You are signed out on every device.' });
    return c.redirect('/signin', 303);
  });

  return routes;
}

import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { html } from 'hono/html';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import type { App } from '../../shared/app';
import { isUnsubscribeLinkPath } from '../../shared/domain/unsubscribe-link';
import { logger } from '../../shared/logger';
import { loadSession } from './guards';
import { actionRoutes } from './routes/action';
import { contactRoutes } from './routes/contact';
import { contactsRoutes } from './routes/contacts';
import { networkRoutes } from './routes/network';
import { settingsRoutes } from './routes/settings';
import { IMPORT_PATH } from './routes/settings-import';
import { signInRoutes } from './routes/sign-in';
import { todayRoutes } from './routes/today';
import { unsubscribeRoutes } from './routes/unsubscribe';
import { page } from './views/layout';
import { STYLESHEET, STYLESHEET_PATH } from './views/styles';
import type { WebEnv } from './web-env';

/** The largest form accepted: the longest field is a 500-character note (MAX_NOTE_CHARS). */
const MAX_FORM_BYTES = 16 * 1024;

/** What each refusal tells the browser (never whose data it was, nor whether it exists). */
const PROBLEMS: Record<number, { title: string; text: string }> = {
  400: { title: 'Bad request', text: 'The form could not be used. Go back and try again.' },
  403: {
    title: 'Not allowed',
    text: 'This form has expired or you are signed out. Reload the page and try again.',
  },
  404: { title: 'Not found', text: 'There is nothing here.' },
  413: { title: 'Too long', text: 'That was more than Tend accepts in one form. Shorten it.' },
  500: { title: 'Something went wrong', text: 'Tend could not do that just now. Try again.' },
};

/**
 * The web app (SPEC 8): server-rendered pages over the same use cases as the reply commands.
 * The same app runs under Node (`npm start`, local/stack.ts) and on Lambda (handler.ts).
 */
export function createWebApp(app: App): Hono<WebEnv> {
  const web = new Hono<WebEnv>();

  web.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
      },
      // Sign-in links carry their token in the path: no page ever sends it on as a Referer.
      referrerPolicy: 'no-referrer',
    }),
  );
  // Cross-site form posts are refused outright (Origin / Sec-Fetch-Site), before any session
  // is read; the per-session token of every form (guards.ts) is the second lock. Behind a custom
  // domain (CloudFront, infra/constructs/web-domain.ts) the request arrives for the function
  // URL's host while the browser's Origin is the domain's: both are this app's own.
  // One path is exempt by design: the one-click unsubscribe link (RFC 8058), which mail providers
  // post from their servers with no cookie and no Origin; its signed token is the capability
  // (routes/unsubscribe.ts says why that is safe).
  const publicOrigin = app.config.TEND_WEB_URL ? new URL(app.config.TEND_WEB_URL).origin : null;
  const sameOrigin = csrf({
    origin: (origin, c) => origin === new URL(c.req.url).origin || origin === publicOrigin,
  });
  web.use((c, next) => (isUnsubscribeLinkPath(c.req.path) ? next() : sameOrigin(c, next)));
  // The import upload has its own, larger limit and says so on its page (settings-import.ts).
  const formLimit = bodyLimit({ maxSize: MAX_FORM_BYTES, onError: (c) => problem(c, 413) });
  web.use((c, next) => (c.req.path === IMPORT_PATH ? next() : formLimit(c, next)));

  // Before the session is read: the stylesheet costs no database read.
  web.get(STYLESHEET_PATH, (c) => {
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(STYLESHEET, 200, { 'Content-Type': 'text/css; charset=utf-8' });
  });
  // Before the session too: a mail provider's one-click POST carries no cookie, and is answered
  // without a session read.
  web.route('/', unsubscribeRoutes(app));
  web.use(loadSession(app));
  web.get('/', (c) => c.redirect(c.var.session ? '/today' : '/signin', 303));

  web.route('/', signInRoutes(app));
  web.route('/', todayRoutes(app));
  web.route('/', contactsRoutes(app));
  web.route('/', contactRoutes(app));
  web.route('/', networkRoutes(app));
  web.route('/', settingsRoutes(app));
  web.route('/', actionRoutes(app));

  web.notFound((c) => problem(c, 404));
  web.onError((error, c) => {
    if (error instanceof HTTPException && PROBLEMS[error.status]) return problem(c, error.status);
    logger.error('web request failed', { path: c.req.routePath, error });
    return problem(c, 500);
  });
  return web;
}

function problem(c: Context<WebEnv>, status: number) {
  const p = PROBLEMS[status] ?? PROBLEMS[500]!;
  c.status(status as 400 | 403 | 404 | 413 | 500);
  c.header('Cache-Control', 'no-store');
  const session = c.get('session') ?? null;
  return c.html(
    page({
      title: p.title,
      session,
      body: html`<h1>${p.title}</h1>
        <p>${p.text}</p>
        <p>
          <a href="${session ? '/today' : '/signin'}">${session ? 'Go to Today' : 'Sign in'}</a>
        </p>`,
    }),
  );
}

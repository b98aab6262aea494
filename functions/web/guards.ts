import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { App } from '../../shared/app';
import { sameToken } from '../../shared/domain/web-sign-in';
import { currentSession, type CurrentSession } from '../../shared/use-cases/sessions';
import { sessionCookie } from './cookies';
import type { WebEnv } from './web-env';

/** The name of every form's CSRF field. */
export const CSRF_FIELD = 'csrf';

/** Reads the session cookie on every request: `c.var.session` is the user, or null. */
export function loadSession(app: App): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    c.set('session', await currentSession(app, sessionCookie(c), app.clock.now()));
    await next();
  };
}

/** Pages need a session: without one, to the sign-in page (nothing of anyone is shown). */
export const signedIn: MiddlewareHandler<WebEnv> = async (c, next) => {
  if (!c.var.session) return c.redirect('/signin', 303);
  await next();
};

export type Form = Record<string, string>;

/**
 * A form POST of a signed-in user: the session and the form's fields, once its CSRF token is
 * the session's. Anything else is refused with 403, before any use case runs.
 */
export async function sessionForm(
  c: Context<WebEnv>,
): Promise<{ session: CurrentSession; form: Form }> {
  const session = c.var.session;
  if (!session) throw new HTTPException(403, { message: 'not signed in' });
  const form = await plainForm(c);
  if (!sameToken(form[CSRF_FIELD] ?? '', session.csrfToken))
    throw new HTTPException(403, { message: 'the form is out of date: reload the page' });
  return { session, form };
}

/** The text fields of a urlencoded or multipart form (files are not taken here). */
export async function plainForm(c: Context): Promise<Form> {
  const body = await c.req.parseBody();
  const form: Form = {};
  for (const [key, value] of Object.entries(body)) if (typeof value === 'string') form[key] = value;
  return form;
}

import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import type { App } from '../../../shared/app';
import { ACTION_LINK_PATH } from '../../../shared/domain/action-links';
import { ACTION_LINK_TTL_DAYS } from '../../../shared/domain/limits';
import {
  actOnLink,
  readActionLink,
  type LinkCheck,
  type ResolvedLink,
} from '../../../shared/use-cases/act-on-link';
import { contactPath, displayName } from '../views/format';
import { page } from '../views/layout';
import type { WebEnv } from '../web-env';

/**
 * SPEC 8, action links in emails: `/a/TOKEN` is the Done, Snooze 2 weeks or Open link of one item
 * of a prompt or digest. Its GET only shows what the button will do, and to whom (mail scanners
 * and link previews fetch links: a GET never changes anything); the POST does that one thing,
 * once (shared/use-cases/act-on-link.ts). An Open link goes straight to the contact's page,
 * which needs a session like every page.
 *
 * Why the POST needs no session and no CSRF token: the signed token is the capability. It names
 * one user, one item and one action, under an HMAC only Tend can make, and it arrived in that
 * user's mailbox; the POST can do nothing but what the token says, exactly once. A cross-site
 * form (CSRF) could at most make a browser send a token its author already holds, and whoever
 * holds it can press the button themselves: nothing is gained, no session is read or started,
 * and nobody's cookie is involved (so SameSite, which guards cookies, has nothing to guard here).
 * The app's csrf() middleware refuses cross-site form posts anyway, and the page is served with
 * no-referrer (app.ts), so the token is not passed on as a Referer.
 */
export function actionRoutes(app: App): Hono<WebEnv> {
  const routes = new Hono<WebEnv>();
  const path = `${ACTION_LINK_PATH}/:token`;

  routes.get(path, async (c) => {
    c.header('Cache-Control', 'no-store');
    const token = c.req.param('token');
    const check = await readActionLink(app, token, app.clock.now());
    if (check.outcome !== 'ready') return refused(c, check);
    const { link } = check;
    if (link.claims.action === 'open') return open(c, link);
    if (check.done) return already(c, link);
    const what = describe(link);
    return c.html(
      page({
        title: what.title,
        session: c.var.session,
        body: html`<h1>${what.title}?</h1>
          <p>${what.effect}</p>
          <dl class="facts">
            <dt>Contact</dt>
            <dd>${who(link)}</dd>
            <dt>Your Tend account</dt>
            <dd>${link.user.email}</dd>
          </dl>
          <p>Nothing has changed yet: press the button to do it.</p>
          <form method="post" action="${ACTION_LINK_PATH}/${encodeURIComponent(token)}">
            <button type="submit">${what.button}</button>
          </form>`,
      }),
    );
  });

  routes.post(path, async (c) => {
    c.header('Cache-Control', 'no-store');
    const result = await actOnLink(app, c.req.param('token'), app.clock.now());
    switch (result.outcome) {
      case 'invalid':
      case 'gone':
        return refused(c, result);
      case 'open':
        return open(c, result.link);
      case 'already':
        return already(c, result.link);
      case 'applied':
        return c.html(
          page({
            title: 'Done',
            session: c.var.session,
            body: html`<h1>${describe(result.link).past}</h1>
              <p>${result.message}</p>
              ${next(c)}`,
          }),
        );
    }
  });

  return routes;
}

/** What the button does, in words: the page's title, the effect, the button, the outcome. */
function describe(link: ResolvedLink): {
  title: string;
  effect: string;
  button: string;
  past: string;
} {
  const name = displayName(link.contact);
  const prompt = link.claims.target.kind === 'thanks';
  if (link.claims.action === 'snooze2w')
    return {
      title: `Snooze ${name} for 2 weeks`,
      effect: prompt
        ? 'Tend will remind you about this thank-you again in 2 weeks.'
        : `Tend will leave ${name} out of your reminders for 2 weeks.`,
      button: 'Snooze 2 weeks',
      past: `Snoozed ${name} for 2 weeks`,
    };
  return {
    title: prompt ? `Mark the thank-you to ${name} done` : `Mark ${name} done`,
    effect: prompt
      ? 'Tend will log that you wrote to them today, close this thank-you prompt and restart their reconnect clock.'
      : 'Tend will log that you got in touch today and restart their reconnect clock.',
    button: 'Mark done',
    past: `Marked ${name} done`,
  };
}

function who(link: ResolvedLink) {
  return link.contact.name
    ? html`${link.contact.name} (${link.contact.email})`
    : html`${link.contact.email}`;
}

/** Where to go from here: Today when signed in, else the sign-in page. */
function next(c: Context<WebEnv>) {
  return c.var.session
    ? html`<p><a href="/today">Go to Today</a></p>`
    : html`<p><a href="/signin">Sign in to see your network</a></p>`;
}

/** Open: the contact's page for a signed-in browser (whose page it shows is that page's business:
 * another user's contact is a 404 there); without a session, to sign in. */
function open(c: Context<WebEnv>, link: ResolvedLink) {
  return c.redirect(c.var.session ? contactPath(link.contact.email) : '/signin', 303);
}

function already(c: Context<WebEnv>, link: ResolvedLink) {
  return c.html(
    page({
      title: 'Already done',
      session: c.var.session,
      body: html`<h1>Already done</h1>
        <p>
          This link was used already (${describe(link).past.toLowerCase()}). Nothing changed this
          time.
        </p>
        ${next(c)}`,
    }),
  );
}

/** A link that does not work: a clear page, nothing changed, nothing of anyone shown. */
function refused(c: Context<WebEnv>, check: Exclude<LinkCheck, { outcome: 'ready' }>) {
  const expired = check.outcome === 'invalid' && check.reason === 'expired';
  const p =
    check.outcome === 'gone'
      ? {
          status: 410 as const,
          title: 'No longer in Tend',
          text: 'What this link was about is no longer in Tend (forgotten, or the email is too old). Nothing changed.',
        }
      : expired
        ? {
            status: 410 as const,
            title: 'This link has expired',
            text: `Links in Tend’s emails work for ${ACTION_LINK_TTL_DAYS} days. Nothing changed: reply to a newer email instead.`,
          }
        : {
            status: 404 as const,
            title: 'This link does not work',
            text: 'It is not a link Tend made, or it was cut short when it was copied. Nothing changed.',
          };
  c.status(p.status);
  return c.html(
    page({
      title: p.title,
      session: c.var.session,
      body: html`<h1>${p.title}</h1>
        <p>${p.text}</p>
        ${next(c)}`,
    }),
  );
}

import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { CurrentSession } from '../../../shared/use-cases/sessions';
import type { Flash } from '../cookies';
import { CSRF_FIELD } from '../guards';
import { STYLESHEET_PATH } from './styles';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export type Section = 'today' | 'contacts' | 'network' | 'settings';

export interface PageParts {
  title: string;
  session: CurrentSession | null;
  flash?: Flash | null;
  section?: Section;
  /** A page inside the section (one contact): its nav link is marked, but not as this page. */
  subpage?: boolean;
  body: Html;
}

/** The hidden field every form of a signed-in page carries (SPEC 8: CSRF tokens). */
export function csrfField(session: CurrentSession): Html {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${session.csrfToken}" />`;
}

function navLink(href: string, label: string, section: Section, p: PageParts): Html {
  if (section !== p.section) return html`<li><a href="${href}">${label}</a></li>`;
  return p.subpage
    ? html`<li><a href="${href}" class="current">${label}</a></li>`
    : html`<li><a href="${href}" aria-current="page" class="current">${label}</a></li>`;
}

/** Every page: a skip link, the site header with navigation, one main, the account footer. */
export function page(p: PageParts): Html {
  const s = p.session;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${p.title} · Tend</title>
        <link rel="stylesheet" href="${STYLESHEET_PATH}" />
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="site">
          <div class="bar">
            <a class="brand" href="/">Tend</a>
            ${
              s
                ? html`<nav aria-label="Main">
                    <ul>
                      ${navLink('/today', 'Today', 'today', p)}
                      ${navLink('/contacts', 'Contacts', 'contacts', p)}
                      ${navLink('/network', 'Network', 'network', p)}
                      ${navLink('/settings', 'Settings', 'settings', p)}
                    </ul>
                  </nav>`
                : ''
            }
          </div>
        </header>
        <main id="main" tabindex="-1">
          ${
            p.flash
              ? html`<p
                  class="flash ${p.flash.kind}"
                  role="${p.flash.kind === 'error' ? 'alert' : 'status'}"
                >
                  ${p.flash.text}
                </p>`
              : ''
          }
          ${p.body}
        </main>
        ${
          s
            ? html`<footer class="site">
                <p>Signed in as ${s.user.email}.</p>
                <form method="post" action="/signout" class="inline">
                  ${csrfField(s)}
                  <button type="submit" class="secondary">Sign out</button>
                </form>
                <form method="post" action="/signout-everywhere" class="inline">
                  ${csrfField(s)}
                  <button type="submit" class="link">Sign out everywhere</button>
                </form>
              </footer>`
            : ''
        }
      </body>
    </html>`;
}

import { Hono } from 'hono';
import { html } from 'hono/html';
import type { App } from '../../../shared/app';
import {
  CONTACT_SORTS,
  type ContactPage,
  type ContactQuery,
  type ContactSort,
} from '../../../shared/domain/contact-search';
import { nextDueAt } from '../../../shared/domain/reconnect';
import { readTag } from '../../../shared/domain/vocabulary';
import { findContacts } from '../../../shared/use-cases/search-contacts';
import { takeFlash } from '../cookies';
import { signedIn } from '../guards';
import { ago, contactPath, displayName, shortDate } from '../views/format';
import { page } from '../views/layout';
import type { WebEnv } from '../web-env';

/** The query string of the Contacts page, read leniently: anything unreadable is left out. */
export function readContactQuery(params: Record<string, string>): ContactQuery {
  const rawTag = params.tag?.trim() ?? '';
  const pageNumber = Number(params.page);
  return {
    text: params.q?.slice(0, 200) ?? '',
    // A word that is no tag matches no contact, rather than every one.
    tag: rawTag === '' ? null : (readTag(rawTag) ?? rawTag.toLowerCase()),
    status: params.status === 'active' || params.status === 'muted' ? params.status : null,
    dueOnly: params.due === 'yes',
    sort: CONTACT_SORTS.includes(params.sort as ContactSort)
      ? (params.sort as ContactSort)
      : 'last',
    page: Number.isInteger(pageNumber) && pageNumber > 0 ? pageNumber : 1,
  };
}

function queryString(q: ContactQuery, page: number): string {
  const params = new URLSearchParams();
  if (q.text) params.set('q', q.text);
  if (q.tag) params.set('tag', q.tag);
  if (q.status) params.set('status', q.status);
  if (q.dueOnly) params.set('due', 'yes');
  if (q.sort !== 'last') params.set('sort', q.sort);
  if (page > 1) params.set('page', String(page));
  const s = params.toString();
  return s ? `?${s}` : '';
}

const selected = (on: boolean) => (on ? 'selected' : '');

/** "34 contacts · page 1 of 2" when the whole list was read; otherwise what was found so far
 * ("At least 100 contacts · page 1"): the page reads only as far as it shows, and one more. */
function resultsHeading(result: ContactPage): string {
  const noun = result.total === 1 ? 'contact' : 'contacts';
  if (!result.exact) return `At least ${result.total} ${noun} · page ${result.page}`;
  return `${result.total} ${noun}${result.pages > 1 ? ` · page ${result.page} of ${result.pages}` : ''}`;
}

/** SPEC 8, Contacts: search, filters, sort and pages, all on the server (no script needed). */
export function contactsRoutes(app: App): Hono<WebEnv> {
  const routes = new Hono<WebEnv>();
  routes.get('/contacts', signedIn, async (c) => {
    const session = c.var.session!;
    const { user } = session;
    const now = app.clock.now();
    const q = readContactQuery(c.req.query());
    const result = await findContacts(app.contacts, user, q, now);
    const body = html`<h1>Contacts</h1>
      <form
        method="get"
        action="/contacts"
        class="filters"
        role="search"
        aria-label="Find contacts"
      >
        <div class="field">
          <label for="q">Search</label>
          <input id="q" name="q" type="search" value="${q.text}" />
          <span class="hint">Name, address, company domain or tag</span>
        </div>
        <div class="field">
          <label for="tag">Tag</label>
          <input id="tag" name="tag" value="${q.tag ?? ''}" />
        </div>
        <div class="field">
          <label for="status">Status</label>
          <select id="status" name="status">
            <option value="" ${selected(q.status === null)}>Any</option>
            <option value="active" ${selected(q.status === 'active')}>Active</option>
            <option value="muted" ${selected(q.status === 'muted')}>Muted</option>
          </select>
        </div>
        <div class="field">
          <label for="sort">Sort by</label>
          <select id="sort" name="sort">
            <option value="last" ${selected(q.sort === 'last')}>Last contact</option>
            <option value="due" ${selected(q.sort === 'due')}>Next due</option>
          </select>
        </div>
        <div class="field">
          <span class="inline">
            <input id="due" name="due" type="checkbox" value="yes" ${q.dueOnly ? 'checked' : ''} />
            <label for="due">Due now only</label>
          </span>
        </div>
        <div class="field"><button type="submit">Show contacts</button></div>
      </form>
      <h2 id="results-heading">${resultsHeading(result)}</h2>
      ${
        result.contacts.length === 0
          ? html`<p>No contacts match.</p>`
          : html`<ul class="items" aria-labelledby="results-heading">
              ${result.contacts.map((ct) => {
                const due = nextDueAt(ct, user);
                return html`<li>
                  <h3><a href="${contactPath(ct.email)}">${displayName(ct)}</a></h3>
                  <p class="meta">
                    ${ct.name ? html`${ct.email} · ` : ''}last contact
                    ${ago(ct.lastInteractionAt, now)} ·
                    ${
                      ct.status === 'muted'
                        ? 'muted'
                        : due
                          ? `next due ${shortDate(due, user.timezone)}`
                          : 'not due'
                    }
                  </p>
                  ${
                    ct.tags.length
                      ? html`<p class="meta">
                          ${ct.tags.map((t) => html`<span class="tag">${t}</span>`)}
                        </p>`
                      : ''
                  }
                </li>`;
              })}
            </ul>`
      }
      ${
        result.pages > 1
          ? html`<nav aria-label="Pages" class="pages">
              ${
                result.page > 1
                  ? html`<a href="/contacts${queryString(q, result.page - 1)}" rel="prev"
                      >Previous page</a
                    >`
                  : ''
              }
              ${
                result.page < result.pages
                  ? html`<a href="/contacts${queryString(q, result.page + 1)}" rel="next"
                      >Next page</a
                    >`
                  : ''
              }
            </nav>`
          : ''
      }`;
    c.header('Cache-Control', 'no-store');
    return c.html(
      page({ title: 'Contacts', session, flash: takeFlash(c), section: 'contacts', body }),
    );
  });
  return routes;
}

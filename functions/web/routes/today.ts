import { Hono } from 'hono';
import { html } from 'hono/html';
import type { App } from '../../../shared/app';
import { isoDay } from '../../../shared/domain/date-window';
import { closeLoopAsk } from '../../../shared/domain/render/close-loop-prompt';
import { DATES_HEADING, dateLine } from '../../../shared/domain/render/upcoming-dates';
import type { ThanksPrompt } from '../../../shared/domain/types';
import type { ContactDate } from '../../../shared/domain/upcoming-dates';
import type { CurrentSession } from '../../../shared/use-cases/sessions';
import { todayView } from '../../../shared/use-cases/today';
import { takeFlash } from '../cookies';
import { signedIn } from '../guards';
import { actionsForm } from '../views/actions';
import { ago, contactPath, displayName } from '../views/format';
import { page } from '../views/layout';
import type { WebEnv } from '../web-env';

/** SPEC 8, Today: who is due (most overdue first), the thank-yous still open and the next two
 * weeks' birthdays and anniversaries, each with its actions. */
export function todayRoutes(app: App): Hono<WebEnv> {
  const routes = new Hono<WebEnv>();
  routes.get('/today', signedIn, async (c) => {
    const session = c.var.session!;
    const { user } = session;
    const now = app.clock.now();
    const { due, thanks, loops, dates } = await todayView(app, user, now);
    const dueCount = `${due.due}${due.dueAtLeast ? '+' : ''}`;
    const body = html`<h1>Today</h1>
      <section aria-labelledby="thanks-heading">
        <h2 id="thanks-heading">Thank-yous to send (${thanks.length})</h2>
        ${
          thanks.length === 0
            ? html`<p>No thank-yous waiting.</p>`
            : html`<ul class="items">
                ${thanks.map((p) => {
                  const who = {
                    email: p.contactEmail,
                    name: p.contactName,
                    status: 'active' as const,
                  };
                  return html`<li>
                    <h3><a href="${contactPath(p.contactEmail)}">${displayName(who)}</a></h3>
                    <p class="meta">
                      ${p.about?.subject ?? '(no subject)'} · ${ago(p.interactionAt, now)}
                    </p>
                    ${actionsForm({ session, contact: who, back: '/today', now, promptId: p.id, mute: false })}
                  </li>`;
                })}
              </ul>`
        }
      </section>
      ${loops.length === 0 ? '' : loopsSection(loops, session, now)}
      <section aria-labelledby="due-heading">
        <h2 id="due-heading">Due to reconnect (${dueCount})</h2>
        ${
          due.contacts.length === 0
            ? html`<p>Nobody is due. Your network is well tended.</p>`
            : html`<ul class="items">
                ${due.contacts.map(
                  (ct) =>
                    html`<li>
                      <h3><a href="${contactPath(ct.email)}">${displayName(ct)}</a></h3>
                      <p class="meta">
                        ${ct.name ? html`${ct.email} · ` : ''}last in touch
                        ${ago(ct.lastInteractionAt, now)}${ct.lastSubject ? html` · ${ct.lastSubject}` : ''}
                      </p>
                      ${
                        ct.tags.length
                          ? html`<p class="meta">
                              ${ct.tags.map((t) => html`<span class="tag">${t}</span>`)}
                            </p>`
                          : ''
                      }
                      ${ct.latestNote ? html`<p class="meta">Note: ${ct.latestNote}</p>` : ''}
                      ${actionsForm({ session, contact: ct, back: '/today', now })}
                    </li>`,
                )}
              </ul>`
        }
      </section>
      <section aria-labelledby="dates-heading">
        <h2 id="dates-heading">${DATES_HEADING} (${dates.dates.length}${dates.more ? '+' : ''})</h2>
        <p class="meta">In the next two weeks.</p>
        ${
          dates.dates.length === 0
            ? html`<p>No birthdays or anniversaries in the next two weeks.</p>`
            : html`<ul class="items">
                ${dates.dates.map(
                  (d) =>
                    html`<li>
                      <h3>
                        <a href="${contactPath(d.contact.email)}">${displayName(d.contact)}</a>
                      </h3>
                      <p class="meta">${dateText(d)}</p>
                      ${actionsForm({ session, contact: d.contact, back: '/today', now })}
                    </li>`,
                )}
              </ul>`
        }
        ${dates.more ? html`<p class="meta">More dates fall in these two weeks than fit here.</p>` : ''}
      </section>`;
    c.header('Cache-Control', 'no-store');
    return c.html(page({ title: 'Today', session, flash: takeFlash(c), section: 'today', body }));
  });
  return routes;
}

/** "Birthday tomorrow (turns 40)", as the digest words it. */
function dateText({ contact, upcoming: u }: ContactDate): string {
  const line = dateLine({
    n: 0,
    name: contact.name,
    email: contact.email,
    kind: u.date.kind,
    on: isoDay(u.on),
    inDays: u.inDays,
    years: u.years,
  });
  return line.charAt(0).toUpperCase() + line.slice(1);
}

/** SPEC 9: the close-the-loop prompts still open, each acting on its introducer, as a reply does. */
function loopsSection(loops: ThanksPrompt[], session: CurrentSession, now: Date) {
  return html`<section aria-labelledby="loops-heading">
    <h2 id="loops-heading">Loops to close (${loops.length})</h2>
    <ul class="items">
      ${loops.map((p) => {
        const introducer = {
          email: p.contactEmail,
          name: p.contactName,
          status: 'active' as const,
        };
        const introduced = p.introduced ?? { email: '', name: null };
        return html`<li>
          <h3><a href="${contactPath(p.contactEmail)}">${displayName(introducer)}</a></h3>
          <p class="meta">
            ${closeLoopAsk(introducer, introduced)} · first in touch ${ago(p.interactionAt, now)}
          </p>
          ${actionsForm({ session, contact: introducer, back: '/today', now, promptId: p.id, mute: false })}
        </li>`;
      })}
    </ul>
  </section>`;
}

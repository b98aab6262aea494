import { Hono } from 'hono';
import { html } from 'hono/html';
import type { App } from '../../../shared/app';
import { networkView } from '../../../shared/use-cases/network';
import { signedIn } from '../guards';
import { page } from '../views/layout';
import {
  activityChart,
  activitySummary,
  activityTable,
  freshnessChart,
  freshnessKey,
} from '../views/network-charts';
import type { WebEnv } from '../web-env';

/** SPEC 8, Network: pictures, not tables: how many contacts are fresh, due and overdue per tag,
 * and interactions per week over the last year. */
export function networkRoutes(app: App): Hono<WebEnv> {
  const routes = new Hono<WebEnv>();
  routes.get('/network', signedIn, async (c) => {
    const session = c.var.session!;
    const { user } = session;
    const { freshness: f, weeks } = await networkView(app.contacts, user, app.clock.now());
    const apart = [
      f.awaitingFirstContact > 0
        ? `${f.awaitingFirstContact} never contacted (imported, no reconnect clock yet)`
        : null,
      f.muted > 0 ? `${f.muted} muted` : null,
    ].filter((s): s is string => s !== null);
    const body = html`<h1>Network</h1>
      <section aria-labelledby="fresh-heading">
        <h2 id="fresh-heading">Fresh, due and overdue, by tag</h2>
        <p>
          Where each contact stands against its cadence today. A contact with several tags counts
          under each.
        </p>
        ${freshnessKey()} ${freshnessChart(f)}
        ${
          f.moreTags > 0
            ? html`<p class="meta">
                ${f.moreTags} more ${f.moreTags === 1 ? 'tag' : 'tags'} with fewer contacts not
                drawn.
              </p>`
            : ''
        }
        ${apart.length > 0 ? html`<p class="meta">Not counted: ${apart.join('; ')}.</p>` : ''}
      </section>
      <section aria-labelledby="activity-heading">
        <h2 id="activity-heading">Interactions per week</h2>
        <p>${activitySummary(weeks)}</p>
        ${activityChart(weeks)} ${activityTable(weeks)}
      </section>`;
    c.header('Cache-Control', 'no-store');
    return c.html(page({ title: 'Network', session, section: 'network', body }));
  });
  return routes;
}

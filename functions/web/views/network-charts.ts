import { html } from 'hono/html';
import { DateTime } from 'luxon';
import {
  FRESHNESS,
  FRESHNESS_MEANING,
  type Freshness,
  type FreshnessCounts,
  type NetworkFreshness,
  totalOf,
  type WeekCount,
} from '../../../shared/domain/network';
import { count } from '../../../shared/domain/count';
import type { Html } from './layout';

/**
 * The Network page's pictures as inline SVG (SPEC 8: "pictures, not tables"), drawn on the
 * server: no script, no charting library. Each SVG is sized in percentages of its width (no
 * viewBox), so it fits any screen from 320 px without stretching its text or patterns; each has
 * role="img" and a name with its numbers, and the numbers are on the page as text too.
 *
 * Colours: each at least 5:1 against the white page (WCAG 1.4.11 asks 3:1), and never alone:
 * fresh is solid, due striped, overdue dotted, segments are parted by white, and every bar says
 * its counts in words.
 */

const LABEL: Record<Freshness, string> = { fresh: 'Fresh', due: 'Due', overdue: 'Overdue' };

/** The fill of each state: a colour for fresh, patterns (defined once, in the key) for the rest. */
const FILL: Record<Freshness, string> = {
  fresh: '#2e7d32',
  due: 'url(#net-due)',
  overdue: 'url(#net-overdue)',
};
const DUE_COLOUR = '#b45309';
const OVERDUE_COLOUR = '#a4161a';
const ACTIVITY_COLOUR = '#163a2b';
const AXIS_COLOUR = '#4a4a4a';

const BAR_HEIGHT = 24;
const CHART_HEIGHT = 150;
/** Room above the bars for the top value, below them for the first and last week's dates. */
const CHART_TOP = 20;
const CHART_BOTTOM = 128;
const LABEL_FONT_SIZE = 13;

/** Month names are English whatever the runtime's locale (as the emails write them). */
const LOCALE = 'en-US';

/** "2 Dec 2025". */
export function dayLabel(day: string): string {
  const d = DateTime.fromISO(day, { zone: 'utc' }).setLocale(LOCALE);
  return d.isValid ? d.toFormat('d LLL yyyy') : day;
}

const pct = (n: number) => `${Math.round(n * 1000) / 1000}%`;

/** "3 fresh, 1 due, 2 overdue". */
export function countsText(c: FreshnessCounts): string {
  return FRESHNESS.map((s) => `${c[s]} ${s}`).join(', ');
}

/** The key: a swatch of each state (with the patterns the bars use) and what it means. */
export function freshnessKey(): Html {
  return html`<dl class="facts">
    ${FRESHNESS.map(
      (s, i) =>
        html`<dt>
            <svg width="32" height="16" aria-hidden="true" focusable="false">
              ${
                i === 0
                  ? html`<defs>
                      <pattern
                        id="net-due"
                        width="6"
                        height="6"
                        patternUnits="userSpaceOnUse"
                        patternTransform="rotate(45)"
                      >
                        <rect width="6" height="6" fill="${DUE_COLOUR}" />
                        <rect width="2" height="6" fill="#fff" />
                      </pattern>
                      <pattern id="net-overdue" width="6" height="6" patternUnits="userSpaceOnUse">
                        <rect width="6" height="6" fill="${OVERDUE_COLOUR}" />
                        <circle cx="3" cy="3" r="1.3" fill="#fff" />
                      </pattern>
                    </defs>`
                  : ''
              }
              <rect width="32" height="16" fill="${FILL[s]}" />
            </svg>
            ${LABEL[s]}
          </dt>
          <dd>${FRESHNESS_MEANING[s]}</dd>`,
    )}
  </dl>`;
}

/** One stacked bar: fresh, due, overdue left to right, as long as its total against `scale`. */
export function freshnessBar(name: string, counts: FreshnessCounts, scale: number): Html {
  let x = 0;
  const segments = FRESHNESS.filter((s) => counts[s] > 0).map((s) => {
    const width = (counts[s] / scale) * 100;
    const rect = html`<rect
      x="${pct(x)}"
      y="0"
      width="${pct(width)}"
      height="${BAR_HEIGHT}"
      fill="${FILL[s]}"
      stroke="#fff"
      stroke-width="2"
    />`;
    x += width;
    return rect;
  });
  return html`<svg
    role="img"
    aria-label="${name}: ${countsText(counts)}"
    width="100%"
    height="${BAR_HEIGHT}"
    focusable="false"
  >
    ${segments}
  </svg>`;
}

/** Every contact with a clock, then each tag, then the untagged; bars share one scale. */
export function freshnessChart(f: NetworkFreshness): Html {
  const scale = Math.max(1, totalOf(f.all), ...f.tags.map((t) => totalOf(t.counts)));
  const rows = [
    { name: 'All contacts', counts: f.all },
    ...f.tags.map((t) => ({ name: t.tag ?? 'untagged', counts: t.counts })),
  ];
  return html`${rows.map(
    (r) =>
      html`<div>
        <p class="meta">${r.name}: ${countsText(r.counts)} (${totalOf(r.counts)} in all)</p>
        ${freshnessBar(r.name, r.counts, scale)}
      </div>`,
  )}`;
}

/** What the year chart says in words: its name and its summary line. */
export function activitySummary(weeks: readonly WeekCount[]): string {
  const total = weeks.reduce((n, w) => n + w.logged, 0);
  const busiest = weeks.reduce<WeekCount | null>(
    (best, w) => (w.logged > (best?.logged ?? 0) ? w : best),
    null,
  );
  const quiet = weeks.filter((w) => w.logged === 0).length;
  if (!busiest) return `Nothing logged in the last ${weeks.length} weeks.`;
  return (
    `${count(total, 'interaction')} in the last ${weeks.length} weeks; ` +
    `most in one week: ${busiest.logged}, the week of ${dayLabel(busiest.from)}; ` +
    `${count(quiet, 'week')} with none.`
  );
}

/** Interactions per week, oldest left: one bar a week, the highest at the top of the chart. */
export function activityChart(weeks: readonly WeekCount[]): Html {
  const max = Math.max(0, ...weeks.map((w) => w.logged));
  const slot = 100 / Math.max(1, weeks.length);
  const plot = CHART_BOTTOM - CHART_TOP;
  const first = weeks[0];
  const last = weeks[weeks.length - 1];
  const bars = weeks.map((w, i) => {
    if (w.logged === 0 || max === 0) return '';
    const h = Math.max(1, (w.logged / max) * plot);
    return html`<rect
      x="${pct(i * slot + slot * 0.1)}"
      y="${CHART_BOTTOM - h}"
      width="${pct(slot * 0.8)}"
      height="${h}"
      fill="${ACTIVITY_COLOUR}"
    />`;
  });
  return html`<svg
    role="img"
    aria-label="Interactions per week. ${activitySummary(weeks)}"
    width="100%"
    height="${CHART_HEIGHT}"
    focusable="false"
  >
    <line
      x1="0"
      y1="${CHART_TOP}"
      x2="100%"
      y2="${CHART_TOP}"
      stroke="${AXIS_COLOUR}"
      stroke-dasharray="2 4"
    />
    <text x="0" y="${CHART_TOP - 6}" font-size="${LABEL_FONT_SIZE}" fill="${AXIS_COLOUR}">
      ${max} a week
    </text>
    ${bars}
    <line
      x1="0"
      y1="${CHART_BOTTOM}"
      x2="100%"
      y2="${CHART_BOTTOM}"
      stroke="${AXIS_COLOUR}"
      stroke-width="1"
    />
    ${
      first && last
        ? html`<text
              x="0"
              y="${CHART_HEIGHT - 4}"
              font-size="${LABEL_FONT_SIZE}"
              fill="${AXIS_COLOUR}"
            >
              ${dayLabel(first.from)}
            </text>
            <text
              x="100%"
              y="${CHART_HEIGHT - 4}"
              font-size="${LABEL_FONT_SIZE}"
              fill="${AXIS_COLOUR}"
              text-anchor="end"
            >
              ${dayLabel(last.to)}
            </text>`
        : ''
    }
  </svg>`;
}

/** Each week's figure as a table, folded away: the chart's numbers for those who want them. */
export function activityTable(weeks: readonly WeekCount[]): Html {
  return html`<details>
    <summary>Interactions per week, as a table</summary>
    <table>
      <thead>
        <tr>
          <th scope="col">Week</th>
          <th scope="col">Interactions</th>
        </tr>
      </thead>
      <tbody>
        ${weeks.map(
          (w) =>
            html`<tr>
              <th scope="row">${dayLabel(w.from)} to ${dayLabel(w.to)}</th>
              <td>${w.logged}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </details>`;
}

import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import { HTTPException } from 'hono/http-exception';
import type { App } from '../../../shared/app';
import { MAX_NAME_CHARS, MAX_NOTE_CHARS } from '../../../shared/domain/commands';
import { normalizedName } from '../../../shared/domain/merge';
import { cadenceOf, nextDueAt } from '../../../shared/domain/reconnect';
import type { ThanksPrompt } from '../../../shared/domain/types';
import { contactDetails } from '../../../shared/use-cases/contact-details';
import { likelyDuplicatesOf, mergeContacts } from '../../../shared/use-cases/merge-contacts';
import { UserInputError } from '../../../shared/use-cases/users';
import {
  cadenceText,
  dateText,
  editLines,
  FORM_ID_FIELD,
  formIdOf,
  newFormId,
  oneLine,
  quickActionLine,
  runContactCommands,
} from '../contact-actions';
import { setFlash, takeFlash } from '../cookies';
import { type Form, sessionForm, signedIn } from '../guards';
import { actionsForm } from '../views/actions';
import { contactPath, dateInYear, displayName, safeBack, shortDate } from '../views/format';
import { textField } from '../views/fields';
import { csrfField, page } from '../views/layout';
import type { WebEnv } from '../web-env';

/** The timeline shows this many interactions a page, newest first: a long history is paged on
 * the server ("Older"), so the page reads and weighs what it shows (SPEC 8 budgets). */
export const TIMELINE_PAGE = 50;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

const DIRECTION_LABEL: Record<string, string> = {
  inbound: 'They wrote',
  outbound: 'You wrote',
  manual: 'Marked done',
  meeting: 'Meeting',
};

/** A prompt's status as its reader would say it. */
const PROMPT_STATUS: Record<ThanksPrompt['status'], string> = {
  pending: 'to be sent',
  claimed: 'being sent',
  sent: 'sent, not done yet',
  cancelled: 'cancelled',
  failed: 'could not be sent',
  done: 'done',
};

/** What a prompt asks: a thank-you for an email, or to close the loop on an introduction. */
function promptWhat(p: ThanksPrompt): string {
  if (p.kind === 'loop')
    return `Tell them how it went with ${p.introduced?.name ?? p.introduced?.email ?? 'the person they introduced'}`;
  return p.about?.subject ? `Thank-you for “${p.about.subject}”` : 'Thank-you';
}

/** SPEC 8, Contact: facts, actions, edits, notes, prompts and the timeline of one contact. */
export function contactRoutes(app: App): Hono<WebEnv> {
  const routes = new Hono<WebEnv>();

  routes.get('/contacts/:email', signedIn, async (c) => {
    const session = c.var.session!;
    const { user } = session;
    const now = app.clock.now();
    const email = c.req.param('email');
    const before = c.req.query('before') ?? null;
    if (before !== null && !ISO_TIME.test(before)) throw new HTTPException(400);
    const timeline = { limit: TIMELINE_PAGE, before };
    const details = await contactDetails(app, user, email, timeline).catch((error: unknown) => {
      // Not this user's contact (or nobody's): the same 404 either way, so nothing leaks.
      if (error instanceof UserInputError) throw new HTTPException(404);
      throw error;
    });
    const { contact: ct, notes, prompts } = details;
    const { interactions } = details;
    // SPEC 9: contacts of the same name at another address, suggested; merging stays the user's
    // click. Finding them reads every contact (no index by name), so the page looks only when
    // asked (`?duplicates`, or a suggestion's Merge link): its usual reads stay what it shows.
    const mergeAsked = c.req.query('merge')?.trim().toLowerCase() ?? '';
    const looked = c.req.query('duplicates') !== undefined || mergeAsked !== '';
    const nameless = normalizedName(ct.name) === null;
    const duplicates = looked && !nameless ? await likelyDuplicatesOf(app, user, ct) : [];
    const mergeOther = duplicates.some((d) => d.email === mergeAsked) ? mergeAsked : '';
    const oldest = interactions.at(-1);
    const tz = user.timezone;
    const path = contactPath(ct.email);
    const due = nextDueAt(ct, user);
    const body = html`<h1>${displayName(ct)}</h1>
      ${ct.name ? html`<p>${ct.email}</p>` : ''}
      <dl class="facts">
        <dt>Status</dt>
        <dd>
          ${ct.status}${
            ct.snoozedUntil && ct.snoozedUntil > now.toISOString()
              ? `, snoozed until ${shortDate(ct.snoozedUntil, tz)}`
              : ''
          }
        </dd>
        <dt>Tags</dt>
        <dd>
          ${ct.tags.length ? ct.tags.map((t) => html`<span class="tag">${t}</span>`) : 'none'}
        </dd>
        <dt>Cadence</dt>
        <dd>
          every ${cadenceOf(ct, user)}
          days${ct.cadenceDays !== null ? '' : ct.tags.length ? ' (from its tags)' : ' (default)'}
        </dd>
        <dt>Next due</dt>
        <dd>
          ${due ? shortDate(due, tz) : ct.status === 'muted' ? 'muted' : 'nothing logged yet'}
        </dd>
        <dt>Last contact</dt>
        <dd>${shortDate(ct.lastInteractionAt, tz)}</dd>
        ${
          ct.aliases.length
            ? html`<dt>Also writes from</dt>
                <dd>${ct.aliases.join(', ')}</dd>`
            : ''
        }
        ${
          nameless
            ? ''
            : html`<dt id="duplicates">Likely the same person</dt>
                ${
                  !looked
                    ? html`<dd>
                        <a href="${path}?duplicates#duplicates"
                          >Look for contacts named ${ct.name}</a
                        >
                      </dd>`
                    : duplicates.length === 0
                      ? html`<dd>Nobody else is named ${ct.name}</dd>`
                      : duplicates.map(
                          (d) =>
                            html`<dd>
                              <a href="${contactPath(d.email)}">${displayName(d)} (${d.email})</a>
                              ·
                              <a href="${path}?merge=${encodeURIComponent(d.email)}#merge"
                                >Merge into this contact…</a
                              >
                            </dd>`,
                        )
                }`
        }
        <dt>First seen</dt>
        <dd>${dateInYear(ct.firstSeenAt, now, tz)}</dd>
        ${
          ct.introducedBy
            ? html`<dt>Introduced by</dt>
                <dd>
                  <a href="${contactPath(ct.introducedBy)}"
                    >${details.introducer ?? ct.introducedBy}</a
                  >
                </dd>`
            : ''
        }
        ${
          details.introduced.length
            ? html`<dt>Introduced you to</dt>
                <dd class="introduced">
                  ${details.introduced.map(
                    (p, i) =>
                      html`${i > 0 ? ', ' : ''}<a href="${contactPath(p.email)}"
                          >${displayName(p)}</a
                        >`,
                  )}${details.moreIntroduced ? ' and more' : ''}
                </dd>`
            : ''
        }
        <dt>Interactions</dt>
        <dd>${ct.interactionCount}</dd>
        <dt>Birthday</dt>
        <dd>${dateText(ct, 'birthday') || 'not set'}</dd>
        <dt>Anniversary</dt>
        <dd>${dateText(ct, 'anniversary') || 'not set'}</dd>
      </dl>
      ${actionsForm({ session, contact: ct, back: path, now })}

      <h2>Edit</h2>
      <form method="post" action="${path}/edit">
        ${csrfField(session)}
        <input type="hidden" name="${FORM_ID_FIELD}" value="${newFormId(now)}" />
        ${textField({ name: 'name', label: 'Name', value: ct.name ?? '', maxLength: MAX_NAME_CHARS })}
        ${textField({
          name: 'tags',
          label: 'Tags',
          value: ct.tags.join(' '),
          hint: 'Words separated by spaces, like mentor advisor',
        })}
        ${textField({
          name: 'every',
          label: 'Reconnect every',
          value: cadenceText(ct),
          hint: `Like 2w, 30d, 3 months or quarterly; blank keeps the ${
            ct.cadenceDays === null ? 'default' : 'current one'
          }`,
        })}
        ${textField({
          name: 'birthday',
          label: 'Birthday',
          value: dateText(ct, 'birthday'),
          hint: 'Like May 4 or 4 May 1990; blank clears it',
        })}
        ${textField({
          name: 'anniversary',
          label: 'Anniversary',
          value: dateText(ct, 'anniversary'),
          hint: 'Like 12 June 2015; blank clears it',
        })}
        <button type="submit">Save changes</button>
      </form>

      <h2>Notes</h2>
      <form method="post" action="${path}/notes">
        ${csrfField(session)}
        <input type="hidden" name="${FORM_ID_FIELD}" value="${newFormId(now)}" />
        <div class="field">
          <label for="note">New note</label>
          <textarea id="note" name="note" maxlength="${MAX_NOTE_CHARS}" required></textarea>
        </div>
        <button type="submit">Add note</button>
      </form>
      ${
        notes.length
          ? html`<ul>
              ${notes.map((n) => html`<li>${shortDate(n.at, tz)}: ${n.text}</li>`)}
            </ul>`
          : html`<p>No notes yet.</p>`
      }

      <h2>Prompts</h2>
      ${
        prompts.length
          ? html`<ul>
              ${prompts.map(
                (p) =>
                  html`<li>
                    ${promptWhat(p)} · ${PROMPT_STATUS[p.status]}
                    ${p.sentAt ? `(sent ${dateInYear(p.sentAt, now, tz)})` : ''}
                    ${p.status === 'pending' ? `(due ${dateInYear(p.dueAt, now, tz)})` : ''}
                  </li>`,
              )}
            </ul>`
          : html`<p>None.</p>`
      }

      <h2>Timeline</h2>
      ${
        interactions.length
          ? html`<ol class="timeline">
              ${interactions.map(
                (i) =>
                  html`<li>
                    <p class="meta">
                      <time datetime="${i.at}">${dateInYear(i.at, now, tz)}</time> ·
                      ${DIRECTION_LABEL[i.direction] ?? i.direction}
                    </p>
                    <h3>${i.subject ?? '(no subject)'}</h3>
                    ${i.snippet ? html`<p>${i.snippet}</p>` : ''}
                  </li>`,
              )}
            </ol>`
          : html`<p>${before ? 'Nothing older.' : 'Nothing logged yet.'}</p>`
      }
      ${
        details.moreInteractions || before
          ? html`<nav class="pages" aria-label="Timeline pages">
              ${before ? html`<a href="${path}">Newest</a>` : ''}
              ${
                details.moreInteractions && oldest
                  ? html`<a href="${path}?before=${encodeURIComponent(oldest.at)}">Older</a>`
                  : ''
              }
            </nav>`
          : ''
      }

      <h2 id="merge">Merge</h2>
      <form method="post" action="${path}/merge">
        ${csrfField(session)}
        ${textField({
          name: 'other',
          label: 'Another address of this person',
          value: mergeOther,
          hint: `Its history, notes and tags join ${displayName(ct)}; later mail to either address logs here`,
        })}
        <button type="submit">Merge into ${displayName(ct)}</button>
      </form>

      <h2>Forget</h2>
      <p>
        <a href="${path}/forget">Forget ${displayName(ct)}</a>: delete their history and never log
        their address again.
      </p>`;
    c.header('Cache-Control', 'no-store');
    return c.html(
      page({
        title: displayName(ct),
        session,
        flash: takeFlash(c),
        section: 'contacts',
        subpage: true,
        body,
      }),
    );
  });

  // `forget` deletes a history: its button is on a page of its own that says so.
  routes.get('/contacts/:email/forget', signedIn, async (c) => {
    const session = c.var.session!;
    const email = c.req.param('email').trim().toLowerCase();
    const stored = await app.contacts.get(session.user.id, email);
    if (!stored) throw new HTTPException(404);
    const ct = stored.contact;
    const path = contactPath(ct.email);
    const count = ct.interactionCount;
    c.header('Cache-Control', 'no-store');
    return c.html(
      page({
        title: `Forget ${displayName(ct)}`,
        session,
        section: 'contacts',
        subpage: true,
        body: html`<h1>Forget ${displayName(ct)}?</h1>
          <p>
            This deletes ${displayName(ct)} and everything Tend holds about them (${count}
            ${count === 1 ? 'interaction' : 'interactions'}, notes and prompts), and Tend will never
            log ${ct.email} again. It cannot be undone.
          </p>
          <form method="post" action="${path}/forget" class="actions">
            ${csrfField(session)}
            <button type="submit">Forget ${displayName(ct)}</button>
            <a href="${path}">Keep them</a>
          </form>`,
      }),
    );
  });

  routes.post('/contacts/:email/forget', async (c) => {
    const { session, form } = await sessionForm(c);
    return act(c, session.user, ['forget'], { ...form, back: '/contacts' });
  });

  routes.post('/contacts/:email/actions', async (c) => {
    const { session, form } = await sessionForm(c);
    const line = quickActionLine(form.action, form.snooze);
    if (!line) throw new HTTPException(400, { message: 'unknown action' });
    return act(c, session.user, [line], form, form.prompt);
  });

  routes.post('/contacts/:email/edit', async (c) => {
    const { session, form } = await sessionForm(c);
    const email = c.req.param('email');
    const stored = await app.contacts.get(session.user.id, email.trim().toLowerCase());
    if (!stored) throw new HTTPException(404);
    const lines = editLines(stored.contact, form);
    if (lines.length === 0) {
      setFlash(c, { kind: 'ok', text: 'Nothing to change.' });
      return c.redirect(contactPath(stored.contact.email), 303);
    }
    return act(c, session.user, lines, form);
  });

  /** SPEC 9: the same use case as `tend contacts merge` and the `merge OTHER` reply. */
  routes.post('/contacts/:email/merge', async (c) => {
    const { session, form } = await sessionForm(c);
    const email = c.req.param('email').trim().toLowerCase();
    const stored = await app.contacts.get(session.user.id, email);
    if (!stored) throw new HTTPException(404);
    const other = oneLine(form.other ?? '');
    if (other === '') {
      setFlash(c, { kind: 'error', text: 'Nothing changed: give the other address' });
      return c.redirect(contactPath(email), 303);
    }
    try {
      const result = await mergeContacts(app, session.user, email, other);
      setFlash(c, { kind: 'ok', text: result.message });
    } catch (error) {
      if (!(error instanceof UserInputError)) throw error;
      setFlash(c, { kind: 'error', text: `Nothing changed: ${error.message}` });
    }
    return c.redirect(contactPath(email), 303);
  });

  routes.post('/contacts/:email/notes', async (c) => {
    const { session, form } = await sessionForm(c);
    const text = oneLine(form.note ?? '');
    return act(c, session.user, [`note ${text}`], form);
  });

  /** Runs the reply commands, says what they did on the page it goes back to. */
  async function act(
    c: Context<WebEnv>,
    user: Parameters<typeof runContactCommands>[1],
    lines: string[],
    form: Form,
    promptId?: string,
  ) {
    const email = c.req.param('email') ?? '';
    const now = app.clock.now();
    const outcome = await runContactCommands(app, user, email, lines, {
      formId: formIdOf(form[FORM_ID_FIELD], now),
      promptId,
    });
    if (outcome.kind === 'not-found') throw new HTTPException(404);
    setFlash(
      c,
      outcome.kind === 'done'
        ? { kind: 'ok', text: outcome.messages.join('. ') || 'Done.' }
        : { kind: 'error', text: `Nothing changed: ${outcome.messages.join('; ')}` },
    );
    return c.redirect(safeBack(form.back, contactPath(email.trim().toLowerCase())), 303);
  }

  return routes;
}

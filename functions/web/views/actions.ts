import { html } from 'hono/html';
import type { Contact } from '../../../shared/domain/types';
import type { CurrentSession } from '../../../shared/use-cases/sessions';
import { DEFAULT_SNOOZE, FORM_ID_FIELD, newFormId, SNOOZE_CHOICES } from '../contact-actions';
import { contactPath, displayName } from './format';
import { csrfField, type Html } from './layout';

export interface ActionsParts {
  session: CurrentSession;
  contact: Pick<Contact, 'email' | 'name' | 'status'>;
  /** The page to come back to. */
  back: string;
  now: Date;
  /** The thank-you prompt these actions answer. */
  promptId?: string;
  /** `skip` on a thank-you closes it; on a due contact it restarts the clock. */
  mute?: boolean;
}

/**
 * Done / snooze / skip / mute for one contact (or one thank-you): one form, one button per reply
 * command. Each button's name says whom it is about, for screen readers.
 */
export function actionsForm(p: ActionsParts): Html {
  const who = displayName(p.contact);
  const id = `snooze-${newFormId(p.now)}`;
  const muteAction = p.contact.status === 'muted' ? 'unmute' : 'mute';
  return html`<form method="post" action="${contactPath(p.contact.email)}/actions" class="actions">
    ${csrfField(p.session)}
    <input type="hidden" name="back" value="${p.back}" />
    <input type="hidden" name="${FORM_ID_FIELD}" value="${newFormId(p.now)}" />
    ${p.promptId ? html`<input type="hidden" name="prompt" value="${p.promptId}" />` : ''}
    <button type="submit" name="action" value="done">Done<span class="vh">: ${who}</span></button>
    <span class="inline">
      <label for="${id}" class="vh">Snooze ${who} for</label>
      <select id="${id}" name="snooze">
        ${SNOOZE_CHOICES.map(
          (s) =>
            html`<option value="${s.value}" ${s.value === DEFAULT_SNOOZE ? 'selected' : ''}>
              ${s.label}
            </option>`,
        )}
      </select>
      <button type="submit" name="action" value="snooze" class="secondary">
        Snooze<span class="vh"> ${who}</span>
      </button>
    </span>
    <button type="submit" name="action" value="skip" class="secondary">
      Skip<span class="vh">: ${who}</span>
    </button>
    ${
      p.mute === false
        ? ''
        : html`<button type="submit" name="action" value="${muteAction}" class="secondary">
            ${muteAction === 'mute' ? 'Mute' : 'Unmute'}<span class="vh"> ${who}</span>
          </button>`
    }
  </form>`;
}

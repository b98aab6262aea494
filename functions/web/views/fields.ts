import { html } from 'hono/html';
import type { Html } from './layout';

export interface TextFieldParts {
  /** The input's id and form name. */
  name: string;
  label: string;
  value: string;
  /** Shown under the input and announced with it (aria-describedby). */
  hint?: string;
  maxLength?: number;
  inputMode?: 'numeric';
}

/**
 * One labelled text input of an edit form, as every form of the app writes it: label, input,
 * optional hint tied to the input for screen readers; no autocomplete (these are Tend's
 * settings and contacts, not the person's own details).
 */
export function textField(p: TextFieldParts): Html {
  const hintId = `${p.name}-hint`;
  return html`<div class="field">
    <label for="${p.name}">${p.label}</label>
    <input
      id="${p.name}"
      name="${p.name}"
      value="${p.value}"
      ${p.hint === undefined ? '' : html`aria-describedby="${hintId}"`}
      ${p.maxLength === undefined ? '' : html`maxlength="${p.maxLength}"`}
      ${p.inputMode === undefined ? '' : html`inputmode="${p.inputMode}"`}
      autocomplete="off"
    />
    ${p.hint === undefined ? '' : html`<span class="hint" id="${hintId}">${p.hint}</span>`}
  </div>`;
}

import { escapeHtml } from './escape';

/** HTML that is already safe to emit: markup we wrote, or user data that went through escapeHtml. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type Interpolation =
  string | number | SafeHtml | null | undefined | false | readonly Interpolation[];

function toHtml(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (typeof value === 'string' || typeof value === 'number') return escapeHtml(String(value));
  return value.map(toHtml).join('');
}

/**
 * Template tag for the HTML parts: every interpolated string is escaped unless it is a
 * SafeHtml, so user data can not reach the markup unescaped by forgetting a call.
 */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += toHtml(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** Markup written by us (style constants): emitted as is. Never pass user data here. */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** Only http(s) links are rendered as links: a `javascript:` profile URL stays plain text. */
export function isWebUrl(url: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(url);
}

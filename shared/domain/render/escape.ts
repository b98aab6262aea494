/**
 * Escapes the five characters that are special in HTML text and in quoted attribute
 * values. Every piece of user data (names, subjects, snippets, notes, tags, addresses)
 * goes through this before it is placed in an email's HTML part.
 */
const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

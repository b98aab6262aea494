import escape from 'escape-html';

/**
 * Escapes the characters that are special in HTML text and in quoted attribute values
 * (escape-html: & < > " '). Every piece of user data (names, subjects, snippets, notes, tags,
 * addresses) goes through this before it is placed in an email's HTML part.
 */
export function escapeHtml(value: string): string {
  return escape(value);
}

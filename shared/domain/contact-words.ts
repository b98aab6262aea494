import type { Contact } from './types';

/**
 * The words a contact is found by on the Contacts page (SPEC 8): the search box's rule and the
 * word index's keys (docs/data-model.md), defined here once so the two cannot drift.
 */

/** Words kept per contact: each is one small item next to the contact, written with it, so a
 * contact's writes stay bounded (a name, an address and its domain, a few tags fit easily). */
export const MAX_CONTACT_WORDS = 24;
/** Characters kept of a word: longer ones are cut (a query word too, so it still matches). */
export const MAX_WORD_LENGTH = 40;
/** Shorter contact words are dropped (an initial, the `j` of `j.doe`): a one-letter query word
 * still finds the longer words it starts. */
const MIN_CONTACT_WORD_LENGTH = 2;
/** Scripts in which one character is a word (李 in "李 小龙"), kept whatever their length. */
const ONE_CHARACTER_WORDS =
  /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]$/u;

/** Lowercased, accents and other marks folded (NFKD, marks stripped), split at every character
 * that is neither a letter nor a digit, each cut to MAX_WORD_LENGTH. */
function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((w) => w.slice(0, MAX_WORD_LENGTH));
}

/**
 * What a contact is found by: the words of its name, its address (`jane.doe@acme.example`:
 * jane, doe, acme, example), its tags and its other addresses (aliases), in that order of
 * importance when there are more than MAX_CONTACT_WORDS; deduplicated and sorted. One-letter
 * words are left out, but not a Han, kana or Hangul character, which is a word on its own.
 */
export function contactWords(
  contact: Pick<Contact, 'name' | 'email' | 'tags' | 'aliases'>,
): string[] {
  const kept = new Set<string>();
  for (const text of [contact.name ?? '', contact.email, ...contact.tags, ...contact.aliases])
    for (const word of wordsOf(text)) {
      if (kept.size >= MAX_CONTACT_WORDS) break;
      if (word.length >= MIN_CONTACT_WORD_LENGTH || ONE_CHARACTER_WORDS.test(word)) kept.add(word);
    }
  return [...kept].sort();
}

/** The words of a search, split as a contact's are; deduplicated, in the order typed. */
export function queryWords(text: string): string[] {
  return [...new Set(wordsOf(text))];
}

/** The search rule: every query word starts one of the contact's words ("ac" finds Acme,
 * "jane@acme" finds jane.doe@acme.example). No query words: everyone matches. */
export function matchesWords(words: readonly string[], query: readonly string[]): boolean {
  return query.every((q) => words.some((w) => w.startsWith(q)));
}

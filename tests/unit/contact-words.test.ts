import { describe, expect, it } from 'vitest';
import {
  contactWords,
  MAX_CONTACT_WORDS,
  MAX_WORD_LENGTH,
  matchesWords,
  queryWords,
} from '../../shared/domain/contact-words';

const contact = (
  email: string,
  over: { name?: string | null; tags?: string[]; aliases?: string[] } = {},
) => ({ email, name: over.name ?? null, tags: over.tags ?? [], aliases: over.aliases ?? [] });

describe('the words a contact is found by (contactWords)', () => {
  it.each<[string, ReturnType<typeof contact>, string[]]>([
    [
      'an address, split at every mark',
      contact('jane.doe@acme.example'),
      ['acme', 'doe', 'example', 'jane'],
    ],
    [
      'a name and an address, each word once',
      contact('jane@acme.example', { name: 'Jane Doe' }),
      ['acme', 'doe', 'example', 'jane'],
    ],
    [
      'accents folded, lowercased',
      contact('z@nordic.example', { name: 'Zoë ÅNGSTRÖM-Øre' }),
      ['angstrom', 'example', 'nordic', 'zoe', 'øre'],
    ],
    [
      'compatibility forms folded (ﬁ, full-width)',
      contact('x@ｆｉｎ.example', { name: 'ﬁona' }),
      ['example', 'fin', 'fiona'],
    ],
    [
      'tags and other addresses',
      contact('o@globex.example', { tags: ['board-member'], aliases: ['omar.h@initech.example'] }),
      ['board', 'example', 'globex', 'initech', 'member', 'omar'],
    ],
    [
      'one-character words dropped',
      contact('j.k.rowling@x.example', { name: 'J K' }),
      ['example', 'rowling'],
    ],
    [
      // й folds to и, as it does in a query.
      'letters of any script, digits',
      contact('li:123', { name: 'Ли Вэй' }),
      ['123', 'li', 'вэи', 'ли'],
    ],
    [
      // A one-character Han, kana or Hangul word is a word (a surname), unlike a Latin initial
      // (Hangul is kept as NFKD leaves it, its jamo, as a query's is).
      'one-character words of scripts where a character is a word',
      contact('li@x.example', { name: '李 小龙 · 김 · ア · Z' }),
      ['example', 'li', '김'.normalize('NFKD'), 'ア', '小龙', '李'],
    ],
    ['no name', contact('a@b.c'), []],
  ])('%s', (_, c, expected) => {
    expect(contactWords(c)).toEqual(expected);
  });

  it('keeps at most MAX_CONTACT_WORDS, the name and address before tags and aliases', () => {
    const tags = Array.from({ length: 40 }, (_, i) => `tag${String(i).padStart(2, '0')}`);
    const words = contactWords(contact('zed@zulu.example', { name: 'Zed Zulu', tags }));
    expect(words).toHaveLength(MAX_CONTACT_WORDS);
    expect(words).toEqual(expect.arrayContaining(['zed', 'zulu', 'example']));
    expect(words).not.toContain('tag39');
    expect(words).toEqual([...words].sort());
  });

  it('cuts a long word to MAX_WORD_LENGTH, and a query cut the same still finds it', () => {
    const long = 'a'.repeat(MAX_WORD_LENGTH + 10);
    const words = contactWords(contact(`${long}@x.example`));
    expect(words).toContain('a'.repeat(MAX_WORD_LENGTH));
    expect(matchesWords(words, queryWords(`${long}b`))).toBe(true);
  });
});

describe('the words of a search (queryWords)', () => {
  it.each<[string, string[]]>([
    ['Jane  DOE', ['jane', 'doe']],
    ['jane@acme', ['jane', 'acme']],
    ['  ', []],
    ['@@ -- ..', []],
    ['Zoë zoe', ['zoe']],
    ['j', ['j']],
  ])('%j → %j', (text, expected) => {
    expect(queryWords(text)).toEqual(expected);
  });
});

describe('the search rule (matchesWords): every query word starts a word of the contact', () => {
  const words = contactWords(
    contact('jane.doe@acme.example', { name: 'Jane Doe', tags: ['climber'] }),
  );
  it.each<[string, boolean]>([
    ['ac', true],
    ['jane@acme', true],
    ['jane.doe@acme.example', true],
    ['j', true],
    ['CLIMB', true],
    ['cme', false],
    ['jane globex', false],
    ['janet', false],
    ['', true],
  ])('%j: %s', (text, matches) => {
    expect(matchesWords(words, queryWords(text))).toBe(matches);
  });
});

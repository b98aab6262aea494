import { keys } from '../../../keys';
import { type Item, type Query, startingWith, type Table, type TransactItem } from '../table';

/**
 * The word index (SPEC 8, the Contacts page's search): each word a contact is found by
 * (`contactWords`) is one small item in the user's partition, `WORD#<word>#<email>`, holding
 * nothing else of the contact. The contact item keeps the list (`words`) it was indexed with, so
 * each write knows which items to add and which to delete; both change in the contact's own
 * transaction.
 */

export function wordItem(userId: string, word: string, email: string): Item {
  return { ...keys.word(userId, word, email), type: 'word' };
}

/** The writes that keep a contact's word items in step: a Put for each word it gained, a Delete
 * for each it lost; none when its words are unchanged. */
export function wordWrites(
  t: Table,
  userId: string,
  email: string,
  before: readonly string[],
  after: readonly string[],
): TransactItem[] {
  const [had, has] = [new Set(before), new Set(after)];
  return [
    ...after.filter((w) => !had.has(w)).map((w) => t.putItem(wordItem(userId, w, email))),
    ...before.filter((w) => !has.has(w)).map((w) => t.deleteItem(keys.word(userId, w, email))),
  ];
}

/** The keys of a contact's word items (`forget` deletes them with the contact). */
export function wordKeys(userId: string, email: string, words: readonly string[]) {
  return words.map((w) => keys.word(userId, w, email));
}

/** Keys only, in word order: the word items of the words starting with `start`. */
export function wordRangeQuery(userId: string, start: string): Query {
  return {
    ...startingWith(keys.userPartition(userId), keys.wordPrefix(start)),
    ProjectionExpression: 'sk',
  };
}

/** The contact a word item files (its key is `WORD#<word>#<email>`; a word holds no `#`). */
export function emailOfWordItem(item: Item): string {
  const sk = String(item.sk);
  return sk.slice(sk.indexOf('#', keys.wordPrefix('').length) + 1);
}

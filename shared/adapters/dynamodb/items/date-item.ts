import * as z from 'zod/mini';
import { monthDay, type MonthDayRange } from '../../../domain/date-window';
import { DATE_KINDS, datesNotIn, type ImportantDate } from '../../../domain/important-dates';
import { AFTER, keys } from '../../../keys';
import type { DatedContact } from '../../../ports/contact-store';
import type { Item, Query, Table, TransactItem } from '../table';
import { orElse, lazySchema } from './fields';

/**
 * The date index: each birthday or anniversary of a contact is also one small item in the
 * user's partition, sorted by month-day (`DATE#MM-DD#<email>#<kind>`). The digest reads the next
 * two weeks' dates as a range of sort keys (two across New Year), so what it reads grows with
 * the dates it shows, never with the number of contacts. The contact item keeps the dates too
 * (what `contacts show` and the commands read); these copies change in the same transaction.
 */

function dateKey(userId: string, email: string, date: ImportantDate) {
  return keys.importantDate(userId, monthDay(date.month, date.day), email, date.kind);
}

export function dateIndexItem(userId: string, email: string, date: ImportantDate): Item {
  return {
    ...dateKey(userId, email, date),
    type: 'importantDate',
    email: email.toLowerCase(),
    kind: date.kind,
    month: date.month,
    day: date.day,
    year: date.year,
  };
}

const dateItemSchema = lazySchema(() =>
  z.object({
    email: z.string(),
    kind: z.enum(DATE_KINDS),
    month: z.number(),
    day: z.number(),
    year: orElse(z.number(), null),
  }),
);

export function parseDateIndexItem(item: Item): DatedContact {
  const { email, ...date } = dateItemSchema().parse(item);
  return { email, date };
}

/** The writes that keep a contact's index items in step with its dates: a Put for each date
 * it gained or changed, a Delete for each key it no longer has. */
export function dateIndexWrites(
  t: Table,
  userId: string,
  email: string,
  before: readonly ImportantDate[],
  after: readonly ImportantDate[],
): TransactItem[] {
  const puts = datesNotIn(after, before).map((d) => dateIndexItem(userId, email, d));
  const putKeys = new Set(puts.map((p) => p.sk));
  const deletes = datesNotIn(before, after)
    .map((d) => dateKey(userId, email, d))
    .filter((k) => !putKeys.has(k.sk));
  return [...puts.map((p) => t.putItem(p)), ...deletes.map((k) => t.deleteItem(k))];
}

/** The keys of a contact's index items (`forget` deletes them with the contact). */
export function dateIndexKeys(userId: string, email: string, dates: readonly ImportantDate[]) {
  return dates.map((d) => dateKey(userId, email, d));
}

/** One month-day range of the user's date index, in calendar order. */
export function dateRangeQuery(userId: string, range: MonthDayRange): Query {
  return {
    KeyConditionExpression: 'pk = :p AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':p': keys.userPartition(userId),
      ':from': `${keys.importantDatePrefix}${range.from}#`,
      ':to': `${keys.importantDatePrefix}${range.to}#${AFTER}`,
    },
  };
}

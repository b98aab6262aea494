import { z } from 'zod';

/** Field schemas shared by the item parsers. Items written by earlier versions may lack
 * newer attributes: those default, so old data reads back whole. */
export const nullableString = z
  .string()
  .nullish()
  .transform((v) => v ?? null);
/** Lists are written as lists; string sets (older items) read back as Set. */
export const stringList = z
  .union([z.array(z.string()), z.set(z.string())])
  .nullish()
  .transform((v) => (v ? [...v] : []));
export const count = z
  .number()
  .nullish()
  .transform((v) => v ?? 0);
export const version = count;

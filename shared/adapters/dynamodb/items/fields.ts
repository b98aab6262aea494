import * as z from 'zod/mini';

/**
 * Field schemas shared by the item parsers. Items written by earlier versions may lack
 * newer attributes: those default, so old data reads back whole. zod/mini, as every schema a
 * function loads at start: the full zod build was about a fifth of the ingest function's import
 * time (issue 9).
 */

/** An attribute that may be missing or null, read as `fallback` then. */
export function orElse<T extends z.ZodMiniType, F>(schema: T, fallback: F) {
  return z.pipe(
    z.nullish(schema),
    z.transform((v: z.output<T> | null | undefined) => v ?? fallback),
  );
}

export const nullableString = orElse(z.string(), null);
/** Lists are written as lists; string sets (older items) read back as Set. */
export const stringList = z.pipe(
  z.nullish(z.union([z.array(z.string()), z.set(z.string())])),
  z.transform((v: string[] | Set<string> | null | undefined) => (v ? [...v] : [])),
);
export const count = orElse(z.number(), 0);
export const version = count;
/** A flag written only when set. */
export const flag = orElse(z.boolean(), false);

/**
 * An item schema, built on its first use: a function's cold start builds none, and a function
 * builds only the schemas of the items it reads (issue 9: zod/mini's object schemas cost a few
 * milliseconds each start).
 */
export function lazySchema<T>(build: () => T): () => T {
  let schema: T | undefined;
  return () => (schema ??= build());
}

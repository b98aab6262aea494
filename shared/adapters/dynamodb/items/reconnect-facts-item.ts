import * as z from 'zod/mini';
import type { ReconnectFacts } from '../../../domain/reconnect';
import type { Item } from '../table';
import { isLegacyImport } from './contact-item';
import { count, nullableString, orElse, stringList, lazySchema } from './fields';

/**
 * The attributes of a contact item the reconnect rule reads (ReconnectFacts), and the two that
 * tell a legacy import (contact-item.ts: `isLegacyImport`) so it reads as never contacted here
 * too. `status` is a DynamoDB reserved word: every name goes through a placeholder.
 */
const PROJECTED = [
  'status',
  'tags',
  'cadenceDays',
  'lastInteractionAt',
  'clockResetAt',
  'snoozedUntil',
  'interactionCount',
  'connectedAt',
] as const;

export const reconnectFactsProjection: {
  ProjectionExpression: string;
  ExpressionAttributeNames: Record<string, string>;
} = {
  ProjectionExpression: PROJECTED.map((_, i) => `#f${i}`).join(', '),
  ExpressionAttributeNames: Object.fromEntries(PROJECTED.map((name, i) => [`#f${i}`, name])),
};

const factsSchema = lazySchema(() =>
  z.object({
    status: z.catch(z.enum(['active', 'muted']), 'active'),
    tags: stringList,
    cadenceDays: orElse(z.number(), null),
    lastInteractionAt: nullableString,
    clockResetAt: nullableString,
    snoozedUntil: nullableString,
    interactionCount: count,
  }),
);

export function parseReconnectFacts(item: Item): ReconnectFacts {
  const { interactionCount, ...facts } = factsSchema().parse(item);
  return isLegacyImport(item, { interactionCount, lastInteractionAt: facts.lastInteractionAt })
    ? { ...facts, lastInteractionAt: null }
    : facts;
}

import * as z from 'zod/mini';
import { DUE_SHARDS } from '../keys';

/**
 * What the dispatch schedule sends: one target per due-work shard, each with the constant input
 * `{ "shard": N }` (infra/stateless-stack.ts), so a tick is DUE_SHARDS runs at once. Anything
 * else (an EventBridge event of its own, a manual invoke with `{}`) drains every shard.
 */
export const dispatchEventSchema = z.object({
  shard: z.optional(z.int().check(z.gte(0), z.lt(DUE_SHARDS))),
});

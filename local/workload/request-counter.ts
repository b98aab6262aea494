import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

/** What one client sent to DynamoDB, counted on the wire by SDK middleware. */
export interface RequestCounts {
  /** Requests by operation (GetItem, Query, TransactWriteItems…), retries included. */
  byKind: Record<string, number>;
  total: number;
  /** Items DynamoDB read: returned by GetItem and BatchGetItem, scanned by Query. */
  itemsRead: number;
  /** Read capacity units DynamoDB reported (ReturnConsumedCapacity is set on every read). */
  readUnits: number;
}

export interface CountingClient {
  client: DynamoDBClient;
  counts: RequestCounts;
  reset(): void;
  /** The counts of what `run` sent, alone. */
  measure<T>(run: () => Promise<T>): Promise<{ result: T; counts: RequestCounts }>;
}

const READS = new Set(['GetItemCommand', 'BatchGetItemCommand', 'QueryCommand', 'ScanCommand']);

function empty(): RequestCounts {
  return { byKind: {}, total: 0, itemsRead: 0, readUnits: 0 };
}

/**
 * A DynamoDB client whose every request is counted, for tests and benchmarks: the production
 * code is unchanged, the count sits in the client's middleware stack (as fault injection does).
 */
export function countingDynamoDbClient(config: DynamoDBClientConfig = {}): CountingClient {
  const client = new DynamoDBClient(config);
  const state = { counts: empty() };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? 'unknown';
      const input = args.input as Record<string, unknown>;
      if (READS.has(name)) input.ReturnConsumedCapacity = 'TOTAL';
      // Counted whether it succeeds or not: a refused transaction is a request too.
      const kind = name.replace(/Command$/, '');
      const c = state.counts;
      c.byKind[kind] = (c.byKind[kind] ?? 0) + 1;
      c.total += 1;
      const out = await next(args);
      const o = out.output as unknown as Record<string, unknown>;
      if (name === 'GetItemCommand') c.itemsRead += o.Item ? 1 : 0;
      if (name === 'QueryCommand' || name === 'ScanCommand')
        c.itemsRead += Number(o.ScannedCount ?? 0);
      if (name === 'BatchGetItemCommand')
        for (const items of Object.values((o.Responses ?? {}) as Record<string, unknown[]>))
          c.itemsRead += items.length;
      const capacity = o.ConsumedCapacity as
        { CapacityUnits?: number } | Array<{ CapacityUnits?: number }> | undefined;
      for (const cc of Array.isArray(capacity) ? capacity : capacity ? [capacity] : [])
        c.readUnits += READS.has(name) ? Number(cc.CapacityUnits ?? 0) : 0;
      return out;
    },
    { step: 'initialize', name: 'countRequests' },
  );
  const counter: CountingClient = {
    client,
    get counts() {
      return state.counts;
    },
    reset() {
      state.counts = empty();
    },
    async measure(run) {
      const before = state.counts;
      state.counts = empty();
      try {
        const result = await run();
        return { result, counts: state.counts };
      } finally {
        const during = state.counts;
        state.counts = merge(before, during);
      }
    },
  };
  return counter;
}

function merge(a: RequestCounts, b: RequestCounts): RequestCounts {
  const byKind = { ...a.byKind };
  for (const [k, n] of Object.entries(b.byKind)) byKind[k] = (byKind[k] ?? 0) + n;
  return {
    byKind,
    total: a.total + b.total,
    itemsRead: a.itemsRead + b.itemsRead,
    readUnits: a.readUnits + b.readUnits,
  };
}

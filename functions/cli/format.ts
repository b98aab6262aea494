import { nextDueAt } from '../../shared/domain/reconnect';
import type { Contact, User } from '../../shared/domain/types';

/** The `contacts list --json` shape (SPEC 5); extra fields after the contract's. */
export function contactJson(c: Contact, user: User) {
  return {
    email: c.email,
    name: c.name,
    tags: c.tags,
    cadenceDays: c.cadenceDays,
    status: c.status,
    snoozedUntil: c.snoozedUntil,
    firstSeenAt: c.firstSeenAt,
    lastInteractionAt: c.lastInteractionAt,
    lastInboundAt: c.lastInboundAt,
    lastOutboundAt: c.lastOutboundAt,
    interactionCount: c.interactionCount,
    nextDueAt: nextDueAt(c, user),
    source: c.source,
    linkedinUrl: c.linkedinUrl,
    latestNote: c.latestNote,
  };
}

/** The columns of `export csv`: the `contacts list --json` fields, in that order. */
export const CONTACT_COLUMNS = [
  'email',
  'name',
  'tags',
  'cadenceDays',
  'status',
  'snoozedUntil',
  'firstSeenAt',
  'lastInteractionAt',
  'lastInboundAt',
  'lastOutboundAt',
  'interactionCount',
  'nextDueAt',
  'source',
  'linkedinUrl',
  'latestNote',
] as const satisfies ReadonlyArray<keyof ReturnType<typeof contactJson>>;

/** A plain aligned table for people reading a terminal. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) =>
    Math.min(40, Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length))),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) =>
        c.length > (widths[i] ?? 0)
          ? `${c.slice(0, (widths[i] ?? 1) - 1)}…`
          : c.padEnd(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

import type { QuarantineRecord, User } from '../domain/types';
import type { QuarantineStore } from '../ports/quarantine-store';
import type { UserStore } from '../ports/user-store';
import { resolveUser } from './users';

export interface ListedQuarantine extends QuarantineRecord {
  /** The user the mail was for, or null for mail from a sender Tend does not know. */
  user: string | null;
  /** The zone to show its time in: its user's; a stranger's mail, the zone of the user asked
   * about (or the only user), else UTC. */
  timezone: string;
}

/**
 * What is in quarantine (SPEC 5 `quarantine list`): USER's records, else every user's, plus mail
 * from senders Tend does not know; newest first, each record once.
 */
export async function listQuarantine(
  stores: { users: UserStore; quarantine: QuarantineStore },
  userEmail: string | undefined,
): Promise<ListedQuarantine[]> {
  const users = await stores.users.list();
  const scope = userEmail ? [await resolveUser(stores.users, userEmail)] : users;
  const lists =
    scope.length > 0
      ? await Promise.all(scope.map((u) => stores.quarantine.list(u.id)))
      : [await stores.quarantine.list(null)];
  const byId = new Map<string, User>(users.map((u) => [u.id, u]));
  const fallbackZone = scope.length === 1 ? (scope[0]?.timezone ?? 'UTC') : 'UTC';
  const seen = new Set<string>();
  const records: ListedQuarantine[] = [];
  for (const r of lists.flat()) {
    const key = `${r.userId ?? ''}#${r.receivedAt}#${r.s3Key}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const owner = r.userId ? byId.get(r.userId) : undefined;
    records.push({ ...r, user: owner?.email ?? null, timezone: owner?.timezone ?? fallbackZone });
  }
  return records.sort((x, y) => y.receivedAt.localeCompare(x.receivedAt));
}

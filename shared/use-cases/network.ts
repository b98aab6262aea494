import {
  activityYear,
  type NetworkFreshness,
  networkFreshness,
  type WeekCount,
  weeklyActivity,
} from '../domain/network';
import type { User } from '../domain/types';
import type { ContactStore } from '../ports/contact-store';

export interface NetworkView {
  freshness: NetworkFreshness;
  /** The last 52 weeks, oldest first. */
  weeks: WeekCount[];
}

/**
 * The web's Network page (SPEC 8). Two reads, side by side: the reconnect facts of every
 * contact (one Query per MB of contact items, projected to the attributes the rule reads) and
 * the year's day-stats items (one Query range, at most 366 small items); never a history.
 */
export async function networkView(
  contacts: Pick<ContactStore, 'reconnectFacts' | 'dailyActivity'>,
  user: User,
  now: Date,
): Promise<NetworkView> {
  const year = activityYear(now);
  const [facts, days] = await Promise.all([
    contacts.reconnectFacts(user.id),
    contacts.dailyActivity(user.id, year.fromDay, year.toDay),
  ]);
  return { freshness: networkFreshness(facts, user, now), weeks: weeklyActivity(now, days) };
}

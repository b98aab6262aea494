import * as z from 'zod/mini';
import type { NewsChecklist } from '../../../domain/news';
import { keys } from '../../../keys';
import type { Item } from '../table';
import { nullableString, orElse, lazySchema } from './fields';

const checklistSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    sentAt: z.string(),
    news: orElse(z.string(), ''),
    items: orElse(
      z.array(z.object({ n: z.number(), contactEmail: z.string(), name: nullableString })),
      [],
    ),
  }),
);

/** A news checklist as sent: its numbered people and the news (TTL: as long as its token). */
export function newsChecklistItem(userId: string, c: NewsChecklist, expiresAt: number): Item {
  return {
    ...keys.newsChecklist(userId, c.id),
    type: 'newsChecklist',
    userId,
    expiresAt,
    ...c,
  };
}

export function parseNewsChecklist(item: Item): NewsChecklist {
  return checklistSchema().parse(item);
}

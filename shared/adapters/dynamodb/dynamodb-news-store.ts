import type { NewsChecklist } from '../../domain/news';
import { keys } from '../../keys';
import type { NewsStore } from '../../ports/news-store';
import { newsChecklistItem, parseNewsChecklist } from './items/news-item';
import type { Table } from './table';

export class DynamoNewsStore implements NewsStore {
  constructor(private readonly table: Table) {}

  async get(userId: string, checklistId: string): Promise<NewsChecklist | null> {
    const item = await this.table.get(keys.newsChecklist(userId, checklistId));
    return item ? parseNewsChecklist(item) : null;
  }

  async put(userId: string, checklist: NewsChecklist, expiresAt: number): Promise<void> {
    await this.table.put(newsChecklistItem(userId, checklist, expiresAt));
  }
}

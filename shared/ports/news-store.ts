import type { NewsChecklist } from '../domain/news';

/** The news checklists Tend sent (SPEC 9), kept as long as a reply to one can be valid. */
export interface NewsStore {
  get(userId: string, checklistId: string): Promise<NewsChecklist | null>;
  /** Records a checklist before it is sent, so a reply to it always finds it. */
  put(userId: string, checklist: NewsChecklist, expiresAt: number): Promise<void>;
}

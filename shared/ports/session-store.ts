/** A signed-in browser (SPEC 8), as stored: by the hash of its cookie's secret. */
export interface Session {
  userId: string;
  secretHash: string;
  createdAt: string;
  validUntil: string;
}

export interface SessionStore {
  put(session: Session): Promise<void>;
  get(userId: string, secretHash: string): Promise<Session | null>;
  /** Signs one browser out. */
  delete(userId: string, secretHash: string): Promise<void>;
  /** Signs every browser of the user out; returns how many sessions there were. */
  deleteAll(userId: string): Promise<number>;
}

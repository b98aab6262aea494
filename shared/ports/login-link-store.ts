/** A one-time sign-in link to the web app (SPEC 8), as stored: by the hash of its token. */
export interface LoginLink {
  tokenHash: string;
  userId: string;
  createdAt: string;
  /** The link works until this time, once. */
  validUntil: string;
}

export interface LoginLinkStore {
  put(link: LoginLink): Promise<void>;
  /** Removes the link and returns it when it exists and is still valid at `now`, in one
   * conditional write: of two requests with the same link, one gets it. */
  take(tokenHash: string, now: Date): Promise<LoginLink | null>;
}

import type { CurrentSession } from '../../shared/use-cases/sessions';

/** What each request carries through the web app's middleware (hono's typed context). */
export interface WebEnv {
  Variables: {
    /** The signed-in user and their CSRF token; null when the request has no valid session. */
    session: CurrentSession | null;
  };
}

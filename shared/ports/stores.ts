import type { AddressClaimStore } from './address-claim-store';
import type { ContactStore } from './contact-store';
import type { DigestStore } from './digest-store';
import type { DueWork } from './due-work';
import type { IngestLedger } from './ingest-ledger';
import type { MeetingStore } from './meeting-store';
import type { NewsStore } from './news-store';
import type { LoginLinkStore } from './login-link-store';
import type { PromptStore } from './prompt-store';
import type { QuarantineStore } from './quarantine-store';
import type { SessionStore } from './session-store';
import type { UserStore } from './user-store';

/** Everything Tend keeps, one port per entity (shared/app.ts wires the DynamoDB adapters). */
export interface Stores {
  users: UserStore;
  contacts: ContactStore;
  prompts: PromptStore;
  digests: DigestStore;
  dueWork: DueWork;
  ledger: IngestLedger;
  quarantine: QuarantineStore;
  /** Future meetings (SPEC 9). */
  meetings: MeetingStore;
  /** Web app sign-in (SPEC 8). */
  loginLinks: LoginLinkStore;
  sessions: SessionStore;
  /** Sending addresses claimed in Settings, waiting for an email from them (SPEC 8). */
  addressClaims: AddressClaimStore;
  /** News checklists sent (SPEC 9). */
  news: NewsStore;
}

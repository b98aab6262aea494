/**
 * A sending address a user claimed in Settings (SPEC 8), waiting for the proof: an email from
 * that address to login@ with the claim's code in its subject (shared/use-cases/claim-address.ts).
 */
export interface AddressClaim {
  userId: string;
  /** Lower-cased, as addresses are kept. */
  address: string;
  /** What the proving email's subject carries. */
  code: string;
  createdAt: string;
  /** The claim can be proven until this time. */
  validUntil: string;
}

/** A user's claims, and the version of that set they were read at. */
export interface UserClaims {
  claims: AddressClaim[];
  /** Bumped by every claim stored (0 before the first). */
  version: number;
}

export interface AddressClaimStore {
  /**
   * Stores the claim, replacing the user's earlier claim of the same address, unless another
   * claim of theirs was stored since `readAt` (UserClaims.version) was read: then it stores
   * nothing and throws ConcurrentUpdateError, so a rule over the whole set (the cap on pending
   * claims) holds when two claims are made at once.
   */
  put(claim: AddressClaim, readAt: number): Promise<void>;
  /** The user's claims, expired ones included until the TTL removes them. */
  listByUser(userId: string): Promise<AddressClaim[]>;
  /** The same, with the version to give `put`: one more read, for deciding a new claim. */
  listForPut(userId: string): Promise<UserClaims>;
  /** Every user's claims of one address (an eventually consistent index read). */
  listByAddress(address: string): Promise<AddressClaim[]>;
  delete(userId: string, address: string): Promise<void>;
}

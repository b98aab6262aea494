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

export interface AddressClaimStore {
  /** Stores the claim, replacing the user's earlier claim of the same address. */
  put(claim: AddressClaim): Promise<void>;
  /** The user's claims, expired ones included until the TTL removes them. */
  listByUser(userId: string): Promise<AddressClaim[]>;
  /** Every user's claims of one address (an eventually consistent index read). */
  listByAddress(address: string): Promise<AddressClaim[]>;
  delete(userId: string, address: string): Promise<void>;
}

/** Errors the store ports speak; adapters translate their engine's errors into these. */

/** An address is already registered to a Tend user (each address belongs to one user). */
export class AddressTakenError extends Error {
  override name = 'AddressTakenError';
}

/** Someone else changed what this write read: read again, decide again, write again. */
export class ConcurrentUpdateError extends Error {
  override name = 'ConcurrentUpdateError';
}

export class RawMailMissingError extends Error {
  override name = 'RawMailMissingError';
}

/** Where SES put the raw MIME (S3 when deployed, s3rver locally). */
export interface RawMailStore {
  /** Throws RawMailMissingError when the object does not exist. */
  get(key: string): Promise<Buffer>;
  /** Keys under the inbound prefix, for reprocessing. */
  list(prefix: string): Promise<string[]>;
  /** Deletes these objects (a key already gone is not an error): `users remove` (SPEC 5). */
  delete(keys: string[]): Promise<void>;
}

import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  type ListObjectVersionsCommandOutput,
  NoSuchKey,
  type ObjectIdentifier,
  S3Client,
} from '@aws-sdk/client-s3';
import { RawMailMissingError, type RawMailStore } from '../../ports/raw-mail-store';

/** S3's limit of keys per DeleteObjects request. */
const DELETE_OBJECTS_MAX = 1000;
/** Keys whose versions are listed at once: quick for a user's mail, gentle on request rates. */
const LIST_VERSIONS_CONCURRENCY = 8;
/** How a store without object versions (s3rver) answers ListObjectVersions. */
const NO_VERSIONS = new Set(['MethodNotAllowed', 'NotImplemented']);

/** Some raw mail could not be deleted (DeleteObjects listed it in its Errors). */
export class RawMailDeleteError extends Error {
  override name = 'RawMailDeleteError';
}

/**
 * The store on a client of its own. Path-style addressing works against S3 and s3rver alike; the
 * ingest function only reads, so checksums are computed only where S3 requires them (s3rver
 * predates the default ones).
 */
export function s3RawMailStore(bucket: string): S3RawMailStore {
  return new S3RawMailStore(rawMailS3Client(), bucket);
}

/** The client s3RawMailStore builds, for a caller that wraps it first (the tests' IAM tier). */
export function rawMailS3Client(): S3Client {
  return new S3Client({
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export class S3RawMailStore implements RawMailStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async get(key: string): Promise<Buffer> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!out.Body) throw new RawMailMissingError(`no body for ${key}`);
      return Buffer.from(await out.Body.transformToByteArray());
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') {
        throw new RawMailMissingError(`no raw message at ${key}`, { cause: error });
      }
      throw error;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const out = await this.s3.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const o of out.Contents ?? []) if (o.Key) keys.push(o.Key);
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  /**
   * The deployed bucket is versioned (infra/stateful-stack.ts), where deleting a key only adds a
   * delete marker: erasing means deleting every version of it, and the markers. A store without
   * versions (s3rver) refuses to list them; there, deleting the key is erasing it.
   */
  async delete(keys: string[]): Promise<void> {
    const unique = [...new Set(keys)];
    if (unique.length === 0) return;
    const versions = await this.versionsOf(unique);
    await this.deleteObjects(versions ?? unique.map((Key) => ({ Key })));
  }

  /** Every version and delete marker of these keys; null when the store keeps no versions. */
  private async versionsOf(keys: string[]): Promise<ObjectIdentifier[] | null> {
    const found: ObjectIdentifier[] = [];
    for (let i = 0; i < keys.length; i += LIST_VERSIONS_CONCURRENCY) {
      const batch = keys.slice(i, i + LIST_VERSIONS_CONCURRENCY);
      const lists = await Promise.all(batch.map((key) => this.versionsOfKey(key)));
      for (const list of lists) {
        if (list === null) return null;
        found.push(...list);
      }
    }
    return found;
  }

  private async versionsOfKey(key: string): Promise<ObjectIdentifier[] | null> {
    const found: ObjectIdentifier[] = [];
    let keyMarker: string | undefined;
    let versionMarker: string | undefined;
    do {
      let out: ListObjectVersionsCommandOutput;
      try {
        out = await this.s3.send(
          new ListObjectVersionsCommand({
            Bucket: this.bucket,
            // A prefix also matches longer keys ("inbound/ab" and "inbound/abc"): only exact ones.
            Prefix: key,
            KeyMarker: keyMarker,
            VersionIdMarker: versionMarker,
          }),
        );
      } catch (error) {
        if (NO_VERSIONS.has((error as { name?: string }).name ?? '')) return null;
        throw error;
      }
      for (const v of [...(out.Versions ?? []), ...(out.DeleteMarkers ?? [])])
        if (v.Key === key && v.VersionId) found.push({ Key: key, VersionId: v.VersionId });
      keyMarker = out.IsTruncated ? out.NextKeyMarker : undefined;
      versionMarker = out.IsTruncated ? out.NextVersionIdMarker : undefined;
    } while (keyMarker);
    return found;
  }

  private async deleteObjects(objects: ObjectIdentifier[]): Promise<void> {
    for (let i = 0; i < objects.length; i += DELETE_OBJECTS_MAX) {
      const out = await this.s3.send(
        new DeleteObjectsCommand({
          Bucket: this.bucket,
          Delete: { Objects: objects.slice(i, i + DELETE_OBJECTS_MAX), Quiet: true },
        }),
      );
      // DeleteObjects answers 200 with the keys it could not delete listed in Errors. A key that
      // does not exist is not one of them (S3 counts it as deleted).
      const failed = out.Errors ?? [];
      if (failed.length > 0)
        throw new RawMailDeleteError(
          `could not delete ${failed.length} raw message(s), e.g. ${failed[0]?.Key}: ${failed[0]?.Code} ${failed[0]?.Message ?? ''}`.trim(),
        );
    }
  }
}

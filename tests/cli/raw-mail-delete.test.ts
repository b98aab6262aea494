import {
  DeleteObjectsCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RawMailDeleteError, S3RawMailStore } from '../../shared/adapters/s3/s3-raw-mail-store';
import { createTestContext, type TestContext } from '../support/test-context';

/**
 * What `users remove --yes` asks of the raw mail store (SPEC 5: the raw mail is erased too):
 * against s3rver, which keeps no versions, and against S3 as deployed, whose bucket is versioned
 * (infra/stateful-stack.ts), where only deleting every version erases a message. s3rver has no
 * versions, so that case is S3's documented answers played by aws-sdk-client-mock.
 */

describe('raw mail store: delete (s3rver)', () => {
  let ctx: TestContext;
  let store: S3RawMailStore;

  beforeAll(async () => {
    ctx = await createTestContext({ name: 'raw-mail-delete' });
    store = new S3RawMailStore(ctx.s3, ctx.bucket);
    for (const key of ['inbound/ab', 'inbound/abc', 'inbound/other'])
      await ctx.s3.send(new PutObjectCommand({ Bucket: ctx.bucket, Key: key, Body: 'mail' }));
  });

  it('deletes exactly the keys given; a key already gone is not an error', async () => {
    await store.delete(['inbound/ab', 'inbound/ab', 'inbound/never-stored']);
    expect((await store.list('inbound/')).sort()).toEqual(['inbound/abc', 'inbound/other']);
    await store.delete([]);
  });
});

describe('raw mail store: delete (a versioned S3 bucket)', () => {
  // One client instance mocked, not the class: the s3rver cases keep their real client.
  const client = new S3Client({ region: 'us-east-1' });
  const s3 = mockClient(client);
  const store = new S3RawMailStore(client, 'bucket');

  afterEach(() => s3.reset());

  it('deletes every version and delete marker of each key, and nothing of a longer key', async () => {
    s3.on(ListObjectVersionsCommand, { Prefix: 'inbound/ab' })
      .resolvesOnce({
        IsTruncated: true,
        NextKeyMarker: 'inbound/ab',
        NextVersionIdMarker: 'v2',
        Versions: [
          { Key: 'inbound/ab', VersionId: 'v1' },
          { Key: 'inbound/ab', VersionId: 'v2' },
        ],
      })
      .resolvesOnce({
        IsTruncated: false,
        Versions: [
          { Key: 'inbound/ab', VersionId: 'v3' },
          { Key: 'inbound/abc', VersionId: 'x1' },
        ],
        DeleteMarkers: [{ Key: 'inbound/ab', VersionId: 'm1' }],
      });
    s3.on(ListObjectVersionsCommand, { Prefix: 'inbound/zz' }).resolves({
      Versions: [{ Key: 'inbound/zz', VersionId: 'null' }],
    });
    s3.on(DeleteObjectsCommand).resolves({});

    await store.delete(['inbound/ab', 'inbound/zz']);

    const listed = s3
      .commandCalls(ListObjectVersionsCommand)
      .map((c) => c.args[0].input)
      .filter((input) => input.Prefix === 'inbound/ab');
    expect(listed.map((input) => [input.KeyMarker, input.VersionIdMarker])).toEqual([
      [undefined, undefined],
      ['inbound/ab', 'v2'],
    ]);
    const deletes = s3.commandCalls(DeleteObjectsCommand).map((c) => c.args[0].input);
    expect(deletes).toHaveLength(1);
    expect(deletes[0]?.Delete?.Objects).toEqual([
      { Key: 'inbound/ab', VersionId: 'v1' },
      { Key: 'inbound/ab', VersionId: 'v2' },
      { Key: 'inbound/ab', VersionId: 'v3' },
      { Key: 'inbound/ab', VersionId: 'm1' },
      { Key: 'inbound/zz', VersionId: 'null' },
    ]);
  });

  it('throws when S3 could not delete some of them (DeleteObjects answers 200 with Errors)', async () => {
    s3.on(ListObjectVersionsCommand).resolves({
      Versions: [{ Key: 'inbound/ab', VersionId: 'v1' }],
    });
    s3.on(DeleteObjectsCommand).resolves({
      Errors: [{ Key: 'inbound/ab', Code: 'AccessDenied', Message: 'Access Denied' }],
    });
    await expect(store.delete(['inbound/ab'])).rejects.toThrow(RawMailDeleteError);
    await expect(store.delete(['inbound/ab'])).rejects.toThrow(
      'could not delete 1 raw message(s), e.g. inbound/ab: AccessDenied Access Denied',
    );
  });
});

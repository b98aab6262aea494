import { readFile } from 'node:fs/promises';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { QuarantineRecord } from '../../shared/domain/types';
import {
  inboundRecipients,
  reprocessKey,
  reprocessQuarantined,
  sesVerdicts,
  type ReprocessResult,
} from '../../shared/use-cases/reprocess';
import { createHarness, mail, type Harness } from '../support/tend-harness';
import { cliEnv, tend, tendJson } from './run-cli';

const NOW = '2026-11-26T12:00:00Z';
/** A message as SES stores it: received by SES inbound (with the envelope recipient) and checked. */
const SES_SAMPLE = new URL(
  '../../../shared/corpus/events/awsdocs/sns-action-message.content.eml',
  import.meta.url,
);

let h: Harness;
let env: Record<string, string>;

beforeAll(async () => {
  h = await createHarness('cli-reprocess', NOW);
  env = cliEnv(h.ctx.env, { TEND_NOW: NOW });
  await h.register('me@example.com', 'UTC');
});

async function records(): Promise<QuarantineRecord[]> {
  const users = await h.app.users.list();
  const lists = await Promise.all(users.map((u) => h.app.quarantine.list(u.id)));
  return lists
    .flat()
    .filter(
      (r, i, all) => all.findIndex((x) => x.s3Key === r.s3Key && x.userId === r.userId) === i,
    );
}

/** Mail as SES would have stored it: its Received line names the envelope recipient, its verdicts are in a header. */
function sesStored(o: {
  from: string;
  to: string;
  recipient: string;
  dmarc: string;
  subject: string;
}): string {
  return [
    'Received: from mail.example.com (mail.example.com [203.0.113.5])',
    ' by inbound-smtp.us-east-1.amazonaws.com with SMTP id q1w2e3r4',
    ` for ${o.recipient};`,
    ' Thu, 26 Nov 2026 10:00:00 +0000 (UTC)',
    'Authentication-Results: amazonses.com;',
    ' spf=pass (spfCheck: domain of example.com designates 203.0.113.5 as permitted sender) client-ip=203.0.113.5;',
    ' dkim=pass header.i=@example.com;',
    ` dmarc=${o.dmarc} header.from=example.com;`,
    mail({ from: o.from, to: o.to, subject: o.subject, date: 'Thu, 26 Nov 2026 09:00:00 +0000' }),
  ].join('\r\n');
}

describe('reprocess (CLI)', () => {
  it('logs a quarantined message once its sender has registered, and clears the record', async () => {
    await h.deliver(mail({ from: 'newbie@example.com', to: 'Dana <dana@example.org>' }), {
      sesId: 'before-signup',
    });
    expect((await records()).map((r) => [r.s3Key, r.reason])).toEqual([
      ['inbound/before-signup', 'unknown-sender'],
    ]);
    await h.register('newbie@example.com', 'UTC');

    const r = await tend(env, ['reprocess', 'inbound/before-signup']);
    expect(r).toMatchObject({
      code: 0,
      stdout: 'inbound/before-signup: logged 1 contact; removed from quarantine\n',
    });
    const newbie = (await h.app.users.findByAddress('newbie@example.com'))!;
    expect(await h.app.contacts.get(newbie.id, 'dana@example.org')).not.toBeNull();
    expect(await records()).toEqual([]);
  });

  it('keeps mail that failed the sender checks, and says so; leaves what is still unusable', async () => {
    await h.deliver(mail({ from: 'me@example.com', to: 'victim@example.org' }), {
      sesId: 'spoofed',
      verdicts: { spf: 'FAIL', dkim: 'FAIL', dmarc: 'FAIL' },
    });
    await h.deliver(mail({ from: 'stranger@example.net', to: 'x@example.org' }), {
      sesId: 'stranger',
    });

    const results = await tendJson<ReprocessResult[]>(env, ['reprocess', '--all']);
    expect(results).toEqual(
      expect.arrayContaining([
        {
          s3Key: 'inbound/spoofed',
          outcome: 'kept',
          released: false,
          message:
            'kept in quarantine: it failed the sender checks (spf FAIL, dkim FAIL, dmarc FAIL), which cannot be re-checked now',
        },
        {
          s3Key: 'inbound/stranger',
          outcome: 'quarantined',
          released: false,
          message: 'still quarantined: unknown-sender',
        },
      ]),
    );
    expect(results).toHaveLength(2);
    expect((await records()).map((r) => r.s3Key).sort()).toEqual([
      'inbound/spoofed',
      'inbound/stranger',
    ]);
    const me = (await h.app.users.findByAddress('me@example.com'))!;
    expect(await h.app.contacts.get(me.id, 'victim@example.org')).toBeNull();
  });

  it('refuses without a key, and for a key that is nowhere', async () => {
    const [none, missing] = await Promise.all([
      tend(env, ['reprocess']),
      tend(env, ['reprocess', 'inbound/no-such-message']),
    ]);
    expect(none).toMatchObject({
      code: 1,
      stderr: 'tend: say which message: `tend reprocess S3KEY`, or `tend reprocess --all`\n',
    });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /^tend: no message has the S3 key inbound\/no-such-message: it is neither in quarantine nor in the bucket/,
    );
  });
});

describe('reprocess (use case)', () => {
  it('re-runs a record with the receipt SES gave when it arrived: +hints apply, a DMARC failure is quarantined', async () => {
    const unknown = async (sesId: string, dmarc: string, to: string) => {
      const raw = sesStored({
        from: 'late@example.com',
        to,
        recipient: `log+mentor@${h.ctx.domain}`,
        dmarc,
        subject: sesId,
      });
      const receipt = {
        sesId,
        recipients: [`log+mentor@${h.ctx.domain}`],
        verdicts: { dmarc: dmarc.toUpperCase() },
      };
      expect(await h.deliver(raw, receipt)).toEqual({
        outcome: 'quarantined',
        reason: 'unknown-sender',
      });
    };
    await unknown('late-pass', 'pass', 'Erin <erin@example.org>');
    await unknown('late-fail', 'fail', 'frank@example.org');
    const late = await h.register('late@example.com', 'UTC');
    const byKey = new Map((await records()).map((r) => [r.s3Key, r]));

    const pass = await reprocessQuarantined(h.app, byKey.get('inbound/late-pass')!);
    expect(pass).toMatchObject({ outcome: 'logged', released: true });
    expect(await h.app.contacts.get(late.id, 'erin@example.org')).toMatchObject({
      contact: { tags: ['mentor'], name: 'Erin' },
    });

    const fail = await reprocessQuarantined(h.app, byKey.get('inbound/late-fail')!);
    // Quarantined again, now under the user (the old, unscoped record is gone): and not logged.
    expect(fail).toMatchObject({
      outcome: 'quarantined',
      released: true,
      message: 'quarantined again, now as failed-authentication',
    });
    expect(
      (await h.app.quarantine.list(late.id)).filter((r) => r.s3Key === 'inbound/late-fail'),
    ).toEqual([expect.objectContaining({ reason: 'failed-authentication', userId: late.id })]);
    expect(await h.app.contacts.get(late.id, 'frank@example.org')).toBeNull();
  });

  it('reprocesses a key that is not in quarantine only when SES vouched for the sender', async () => {
    const put = (key: string, body: string) =>
      h.ctx.s3.send(new PutObjectCommand({ Bucket: h.ctx.bucket, Key: key, Body: body }));
    await put(
      'inbound/lost-checked',
      sesStored({
        from: 'me@example.com',
        to: 'gina@example.org',
        recipient: `log@${h.ctx.domain}`,
        dmarc: 'pass',
        subject: 'lost',
      }),
    );
    await put('inbound/lost-unchecked', mail({ from: 'me@example.com', to: 'hal@example.org' }));

    expect(await reprocessKey(h.app, 'inbound/lost-checked')).toMatchObject({
      outcome: 'logged',
      message: 'logged 1 contact',
    });
    expect(await reprocessKey(h.app, 'inbound/lost-checked')).toMatchObject({
      outcome: 'duplicate',
    });
    expect(await reprocessKey(h.app, 'inbound/lost-unchecked')).toMatchObject({
      outcome: 'kept',
      message: expect.stringMatching(/sender checks are unknown/),
    });
    expect(await reprocessKey(h.app, 'inbound/not-there')).toBeNull();
  });

  it('reads the envelope recipient and verdicts of a message SES stored', async () => {
    const raw = await readFile(SES_SAMPLE);
    expect(sesVerdicts(raw)).toEqual({ spf: 'PASS', dkim: 'PASS', dmarc: 'NONE' });
    expect(inboundRecipients(raw, 'example.com')).toEqual(['recipient@example.com']);
    expect(inboundRecipients(raw, 'in.tend.localhost')).toEqual(['log@in.tend.localhost']);
    expect(sesVerdicts(Buffer.from(mail({})))).toBeNull();
  });
});

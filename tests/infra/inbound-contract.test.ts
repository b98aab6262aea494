import { readFileSync } from 'node:fs';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { INBOUND_PREFIX } from '../../infra/stateful-stack';
import { parseConfig } from '../../shared/config';
import { receiptOf, sesEventSchema } from '../../shared/events/ses-event';
import { buildApp, logicalId, SYNTH_TIMEOUT_MS, sharedTemplates } from './support';

/**
 * AWS's documented sample of the event a receipt rule's Lambda action delivers (SES Developer
 * Guide, "Lambda action: event"), from the shared corpus: awsdocs/amazon-ses-developer-guide,
 * doc-source/receiving-email-action-lambda-event.md.
 */
const DOCUMENTED_EVENT = new URL(
  '../../../shared/corpus/events/awsdocs/lambda-action-event.json',
  import.meta.url,
);

/** The prefix ingest reads when TEND_INBOUND_PREFIX is not set (shared/config.ts's default). */
const configDefaultPrefix = () =>
  parseConfig({ TEND_TOKEN_SECRET: 'inbound-contract-test-secret' }).TEND_INBOUND_PREFIX;

describe('the inbound contract: what SES writes and sends is what ingest reads', () => {
  let stateless: Template;
  let ids: { rule: string; ingest: string };
  beforeAll(async () => {
    const built = buildApp();
    ids = {
      rule: logicalId(built.stateless.ruleSet.node.findChild('Tend')),
      ingest: logicalId(built.stateless.ingest.function),
    };
    stateless = (await sharedTemplates()).stateless;
  }, SYNTH_TIMEOUT_MS);

  it('AWS’s documented Lambda-action event parses with the schema ingest uses', () => {
    const event: unknown = JSON.parse(readFileSync(DOCUMENTED_EVENT, 'utf8'));
    const parsed = sesEventSchema.safeParse(event);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    const record = parsed.data?.Records[0];
    expect(record?.ses.receipt.action).toMatchObject({ type: 'Lambda', invocationType: 'Event' });
    expect(record && receiptOf(record, INBOUND_PREFIX)).toMatchObject({
      // SES's S3 action stores the message at its prefix + the message id.
      s3Key: 'inbound/EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000',
      recipients: ['recipient@example.com'],
      envelopeSender: 'prvs=144d0cba7=sender@example.com',
      verdicts: { spf: 'PASS', dkim: 'PASS', dmarc: 'GRAY' },
    });
  });

  it('the S3 action’s object key prefix is the one ingest reads, set and by default', () => {
    const rule = stateless.findResources('AWS::SES::ReceiptRule')[ids.rule];
    const actions = rule?.Properties.Rule.Actions as Array<{
      S3Action?: { ObjectKeyPrefix: string };
      LambdaAction?: { InvocationType: string };
    }>;
    const written = actions.find((a) => a.S3Action)?.S3Action?.ObjectKeyPrefix;
    const ingestEnv = stateless.findResources('AWS::Lambda::Function')[ids.ingest]?.Properties
      .Environment.Variables as Record<string, unknown>;
    expect(written).toBe(INBOUND_PREFIX);
    expect(ingestEnv.TEND_INBOUND_PREFIX).toBe(written);
    expect(configDefaultPrefix()).toBe(written);
    // The Lambda action comes after the S3 one and is asynchronous, as in the documented event.
    expect(actions.map((a) => Object.keys(a)[0])).toEqual(['S3Action', 'LambdaAction']);
    expect(actions[1]?.LambdaAction?.InvocationType).toBe('Event');
  });
});

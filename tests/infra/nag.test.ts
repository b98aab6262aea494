import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { CloudAssembly, SynthesisMessageLevel } from 'aws-cdk-lib/cx-api';
import { describe, expect, it } from 'vitest';
import { BASE_CONTEXT, buildApp, SYNTH_TIMEOUT_MS, sharedSynthDir } from './support';

/** Every acknowledged cdk-nag finding in the app: id → reasons (one per place it is acknowledged). */
function acknowledgements(built: ReturnType<typeof buildApp>): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const construct of built.app.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.set(id, [...(found.get(id) ?? []), reason]);
      }
    }
  }
  return found;
}

describe('validation plugins: the cdk-nag AwsSolutions pack and CloudFormation Guard', () => {
  it(
    'synthesizes with no unresolved finding and no error annotation',
    async () => {
      // The run's one CLI synth of the default context (support.ts): the app as deployed,
      // checked by CDK's CloudFormation validation, the nag pack and Guard (offline: the plugin
      // ships the cfn-guard binary and the Control Tower rules).
      const synthDir = await sharedSynthDir();
      const report = JSON.parse(
        readFileSync(path.join(synthDir, 'validation-report.json'), 'utf8'),
      ) as {
        pluginReports: Array<{ pluginName: string; violations?: unknown[] }>;
      };
      expect(report.pluginReports.map((p) => p.pluginName)).toEqual([
        'AwsSolutions',
        'cdk-validator-cfnguard',
      ]);
      for (const plugin of report.pluginReports) expect(plugin.violations ?? []).toEqual([]);
      // The stack artifacts' messages: what Annotations.fromStack reads after an in-process synth.
      const assembly = new CloudAssembly(synthDir);
      for (const stack of ['TendStateful', 'TendStateless']) {
        const messages = assembly.getStackArtifact(stack).messages;
        expect(messages.filter((m) => m.level === SynthesisMessageLevel.ERROR)).toEqual([]);
        expect(messages.filter((m) => m.level === SynthesisMessageLevel.WARNING)).toEqual([]);
      }
    },
    // Waits for the shared synth if no file before this one has (SYNTH_TIMEOUT_MS says why).
    SYNTH_TIMEOUT_MS,
  );

  it('is applied to this app: an unacknowledged finding fails the synth', () => {
    const built = buildApp();
    // A bucket without enforceSSL or access logs: AwsSolutions-S10 and S1.
    new s3.Bucket(built.stateless, 'CarelessBucket');
    expect(() => built.app.synth()).toThrow();
    const report = JSON.parse(
      readFileSync(path.join(built.app.outdir, 'validation-report.json'), 'utf8'),
    ) as { pluginReports: Array<{ pluginName: string; violations: Array<{ ruleName: string }> }> };
    const rules = report.pluginReports.flatMap((p) => p.violations.map((v) => v.ruleName));
    expect(rules.join(' ')).toMatch(/AwsSolutions-S10/);
  });

  it('applies Guard to this app: an unacknowledged finding fails the synth', () => {
    const built = buildApp(BASE_CONTEXT, { guard: true });
    // A queue that is no dead-letter queue and has none: Control Tower's CT.SQS.PR.1.
    new sqs.Queue(built.stateless, 'CarelessQueue', {
      enforceSSL: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
    });
    expect(() => built.app.synth()).toThrow();
    const report = JSON.parse(
      readFileSync(path.join(built.app.outdir, 'validation-report.json'), 'utf8'),
    ) as {
      pluginReports: Array<{
        pluginName: string;
        violations: Array<{ ruleName: string; violatingResources?: unknown[] }>;
      }>;
    };
    const guard = report.pluginReports.find((p) => p.pluginName === 'cdk-validator-cfnguard');
    expect(guard?.violations.map((v) => v.ruleName)).toEqual(['sqs_dlq_check']);
    expect(JSON.stringify(guard?.violations)).toContain('CarelessQueue');
  });

  it('every acknowledged finding has a written reason, and the list is the reviewed one', () => {
    const acks = acknowledgements(buildApp());
    for (const [id, reasons] of acks) {
      for (const reason of reasons) expect(reason.length, `reason for ${id}`).toBeGreaterThan(40);
    }
    expect([...acks.keys()].sort()).toEqual([
      'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      'AwsSolutions::AwsSolutions-IAM5[Resource::TendStateful:BucketArn/inbound/*]',
      'AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/*]',
      'AwsSolutions::AwsSolutions-L1',
      'AwsSolutions::AwsSolutions-S1',
      'AwsSolutions::AwsSolutions-SNS2',
      'AwsSolutions::AwsSolutions-SQS3',
      'cdk-validator-cfnguard::cloudwatch_log_group_encrypted_check',
      'cdk-validator-cfnguard::cloudwatch_log_group_retention_period_check',
      'cdk-validator-cfnguard::dynamodb_table_encrypted_kms_check',
      'cdk-validator-cfnguard::lambda_function_public_access_prohibited_check',
      'cdk-validator-cfnguard::lambda_function_url_auth_check',
      'cdk-validator-cfnguard::lambda_inside_vpc_check',
      'cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check',
      'cdk-validator-cfnguard::s3_bucket_logging_enabled_check',
      'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check',
      'cdk-validator-cfnguard::s3_event_notifications_enabled_check',
      'cdk-validator-cfnguard::sqs_dlq_check',
    ]);
  });
});

import type { Node } from 'constructs';
import { z } from 'zod';

/** Raw mail is kept this long by default: long enough to `tend reprocess` a quarter's mail. */
export const DEFAULT_RAW_MAIL_RETENTION_DAYS = 90;

/** A DNS name of at least two labels (`in.example.com`), lower-cased. */
const domainName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'must be a domain name such as in.example.com',
  );

/** Context values given with `-c key=value` arrive as strings; those from cdk.json may be typed. */
const booleanFlag = z.union([
  z.boolean(),
  z.enum(['true', 'false']).transform((v) => v === 'true'),
]);

/**
 * The deployment's settings, read from CDK context at synth time. A missing or bad value
 * stops the synth with a message naming it (see deployConfigFromContext).
 */
export const deployConfigSchema = z
  .object({
    /** The domain whose MX points at SES: `log@`, `log+tags@` and `reply+token@` live here. */
    inboundDomain: domainName,
    /** Tend's From address for prompts, digests and confirmations. */
    fromAddress: z
      .string()
      .trim()
      .toLowerCase()
      .email('must be an email address such as tend@example.com'),
    /** Where alarms are emailed (SNS asks for a confirmation click). No subscription when absent. */
    alarmEmail: z.string().trim().email('must be an email address').optional(),
    rawMailRetentionDays: z.coerce
      .number()
      .int()
      .min(1)
      .max(3650)
      .default(DEFAULT_RAW_MAIL_RETENTION_DAYS),
    /**
     * How SES is allowed to send as fromAddress: `domain` verifies its domain (DKIM records),
     * `address` verifies the address alone (SES emails a link), `existing` creates nothing
     * because the identity is already verified in this account and region.
     */
    fromIdentity: z.enum(['domain', 'address', 'existing']).default('domain'),
    /**
     * How SES may receive for inboundDomain: `domain` creates its identity (DKIM records),
     * `existing` creates nothing because the domain is already an identity in this account and
     * region (SES allows one identity per domain, so creating it again fails the deploy).
     */
    inboundIdentity: z.enum(['domain', 'existing']).default('domain'),
    /**
     * Reserved concurrency caps ingest at 5 and the dispatcher at 1 (protects the table and the
     * bill from a mail flood). Opt-in: Lambda keeps 100 of the account's concurrency unreserved,
     * so reserving 6 needs a quota of at least 106, and new accounts often have 10 or 50.
     */
    reservedConcurrency: booleanFlag.default(false),
    /**
     * SES has one active receipt rule set per region. When another one is active, the deploy stops
     * rather than replace it; `true` makes Tend's set the active one anyway (the other set is kept,
     * inactive, and can be reactivated by name).
     */
    replaceActiveRuleSet: booleanFlag.default(false),
    /**
     * How many of the Contacts page's indexes the table has (gsi2, gsi3). CloudFormation adds
     * one global secondary index per update of a deployed table: a table from before them is
     * deployed with `1` first, then as usual (docs/data-model.md, GSI2 and GSI3). A new table
     * gets both.
     */
    contactListIndexes: z.coerce.number().int().min(1).max(2).default(2),
    /**
     * A redeploy after `cdk destroy`: the names of the table and the raw-mail bucket the destroyed
     * stack retained (its TableName and BucketName outputs). Given, the template names them, so
     * `cdk deploy --import-existing-resources` adopts them (CloudFormation imports a retained
     * resource only by a static custom name: README, Remove). Never on a stack that exists and
     * was deployed without them: a new name replaces the resource.
     */
    tableName: z
      .string()
      .trim()
      .regex(
        /^[A-Za-z0-9_.-]{3,255}$/,
        'must be a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -)',
      )
      .optional(),
    bucketName: z
      .string()
      .trim()
      .regex(
        /^(?=.{3,63}$)[a-z0-9][a-z0-9.-]*[a-z0-9]$/,
        'must be an S3 bucket name (3-63 of a-z 0-9 . -)',
      )
      .optional(),
    /**
     * SPEC 7: CloudFormation Guard on synth (infra/guard.ts). Its plugin runs a cfn-guard binary
     * it ships for Linux and macOS on x64 and arm64 only, and throws anywhere else (native
     * Windows): `false` synthesizes and deploys without it, with a warning that its rules did not
     * run. WSL 2 is Linux: Guard runs there.
     */
    guard: booleanFlag.default(true),
    /**
     * SPEC 7: the web app on a domain of the user's own (`tend.example.com`), served by CloudFront
     * in front of the function URL. Needs webCertificateArn; without it the function URL serves.
     */
    webDomain: domainName.optional(),
    /** The ACM certificate for webDomain. CloudFront reads certificates in us-east-1 only. */
    webCertificateArn: z
      .string()
      .trim()
      .regex(
        /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/,
        'must be an ACM certificate ARN in us-east-1 (CloudFront reads certificates there only)',
      )
      .optional(),
  })
  .superRefine((c, ctx) => {
    // One without the other is a half-configured domain: say which half is missing.
    if (c.webDomain !== undefined && c.webCertificateArn === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['webCertificateArn'],
        message: 'webDomain needs webCertificateArn, an ACM certificate for it in us-east-1',
      });
    if (c.webCertificateArn !== undefined && c.webDomain === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['webDomain'],
        message: 'webCertificateArn is only used with webDomain, the domain it is for',
      });
  });

export type DeployConfig = z.infer<typeof deployConfigSchema>;

export const CONTEXT_KEYS = Object.keys(deployConfigSchema.shape) as Array<keyof DeployConfig>;

const EXAMPLE = '-c inboundDomain=in.example.com -c fromAddress=tend@example.com';

export class DeployConfigError extends Error {
  override name = 'DeployConfigError';
}

/** Validates raw context values; the error names every missing or invalid key. */
export function parseDeployConfig(raw: Record<string, unknown>): DeployConfig {
  const result = deployConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const missing: string[] = [];
  const invalid: string[] = [];
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? '');
    if (raw[key] === undefined) missing.push(key);
    else invalid.push(`${key} (${issue.message})`);
  }
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`missing CDK context: ${[...new Set(missing)].join(', ')}`);
  if (invalid.length > 0) parts.push(`invalid CDK context: ${invalid.join('; ')}`);
  throw new DeployConfigError(
    `${parts.join('; ')}. Pass them on the command line, e.g. npx cdk deploy --all ${EXAMPLE}`,
  );
}

/** Reads every known key from CDK context (`-c`, cdk.json or cdk.context.json). */
export function deployConfigFromContext(node: Node): DeployConfig {
  const raw: Record<string, unknown> = {};
  for (const key of CONTEXT_KEYS) {
    const value: unknown = node.tryGetContext(key);
    if (value !== undefined && value !== '') raw[key] = value;
  }
  return parseDeployConfig(raw);
}

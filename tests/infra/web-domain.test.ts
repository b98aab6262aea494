import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDeployConfig } from '../../infra/config';
import {
  BASE_CONTEXT,
  buildApp,
  type BuiltApp,
  logicalId,
  SYNTH_TIMEOUT_MS,
  templates,
} from './support';

/**
 * SPEC 7: the web app on a custom domain, by context. CloudFront answers for the domain with the
 * user's ACM certificate and passes every request to the function URL uncached; the links Tend
 * emails and the CSRF check use the domain.
 */

const CERTIFICATE =
  'arn:aws:acm:us-east-1:123456789012:certificate/0f2a6b8e-1c3d-4e5f-8a9b-0c1d2e3f4a5b';
const DOMAIN_CONTEXT = {
  ...BASE_CONTEXT,
  webDomain: 'Tend.Example.com',
  webCertificateArn: CERTIFICATE,
};
/** CloudFront's managed policies, by their documented ids. */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

describe('the web domain context (SPEC 7)', () => {
  it('reads both keys, the domain lower-cased', () => {
    expect(parseDeployConfig(DOMAIN_CONTEXT)).toMatchObject({
      webDomain: 'tend.example.com',
      webCertificateArn: CERTIFICATE,
    });
  });

  it('refuses a domain without its certificate, and a certificate without a domain', () => {
    expect(() => parseDeployConfig({ ...BASE_CONTEXT, webDomain: 'tend.example.com' })).toThrow(
      /missing CDK context: webCertificateArn/,
    );
    expect(() => parseDeployConfig({ ...BASE_CONTEXT, webCertificateArn: CERTIFICATE })).toThrow(
      /missing CDK context: webDomain/,
    );
  });

  it('refuses a certificate outside us-east-1, where CloudFront cannot read it', () => {
    expect(() =>
      parseDeployConfig({
        ...DOMAIN_CONTEXT,
        webCertificateArn: CERTIFICATE.replace('us-east-1', 'eu-west-1'),
      }),
    ).toThrow(
      /invalid CDK context: webCertificateArn \(must be an ACM certificate ARN in us-east-1/,
    );
  });
});

describe('the web app on a custom domain', () => {
  let built: BuiltApp;
  let template: Template;
  let urlId: string;

  beforeAll(() => {
    built = buildApp(DOMAIN_CONTEXT);
    template = templates(built).stateless;
    urlId = logicalId(built.stateless.webUrl);
  });

  const fn = (construct: Parameters<typeof logicalId>[0]) =>
    template.findResources('AWS::Lambda::Function')[logicalId(construct)];

  it('is one CloudFront distribution for the domain, in front of the function URL, caching nothing', () => {
    const distributions = Object.values(template.findResources('AWS::CloudFront::Distribution'));
    expect(distributions).toHaveLength(1);
    const config = distributions[0]!.Properties.DistributionConfig as Record<string, unknown>;
    expect(config).toMatchObject({
      Aliases: ['tend.example.com'],
      Enabled: true,
      HttpVersion: 'http2and3',
      PriceClass: 'PriceClass_100',
      ViewerCertificate: {
        AcmCertificateArn: CERTIFICATE,
        MinimumProtocolVersion: 'TLSv1.2_2021',
        SslSupportMethod: 'sni-only',
      },
    });
    expect(config.DefaultCacheBehavior).toMatchObject({
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      CachePolicyId: CACHING_DISABLED,
      OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
      ViewerProtocolPolicy: 'redirect-to-https',
    });
    expect(config.Origins).toEqual([
      expect.objectContaining({
        CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] },
        DomainName: {
          'Fn::Select': [2, { 'Fn::Split': ['/', { 'Fn::GetAtt': [urlId, 'FunctionUrl'] }] }],
        },
      }),
    ]);
  });

  it('signs no request for the origin: a plain HTML form cannot send the body hash OAC needs', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 0);
    expect(template.findResources('AWS::Lambda::Url')[urlId]?.Properties.AuthType).toBe('NONE');
  });

  it('links every email to the domain, and tells the web function its public origin', () => {
    const { ingest, dispatch, web } = built.stateless;
    for (const f of [ingest, dispatch, web])
      expect(fn(f.function)?.Properties.Environment.Variables.TEND_WEB_URL).toBe(
        'https://tend.example.com/',
      );
  });

  it('outputs the domain to open, the CNAME to add and the CLI command with the domain', () => {
    const outputs = template.findOutputs('*');
    expect(outputs.WebUrl?.Value).toBe('https://tend.example.com/');
    expect(outputs.WebDomainRecord?.Value).toEqual({
      'Fn::Join': [
        ' ',
        [
          'tend.example.com CNAME',
          {
            'Fn::GetAtt': [logicalId(built.stateless.webDomain!.distribution), 'DomainName'],
          },
        ],
      ],
    });
    expect(JSON.stringify(outputs.CliCommand?.Value)).toContain(
      ' TEND_WEB_URL=https://tend.example.com/',
    );
  });

  it(
    'passes the nag pack and CloudFormation Guard, with each acknowledgement reasoned',
    () => {
      const guarded = buildApp(DOMAIN_CONTEXT, { guard: true });
      guarded.app.synth();
      const report = JSON.parse(
        readFileSync(path.join(guarded.app.outdir, 'validation-report.json'), 'utf8'),
      ) as {
        pluginReports: Array<{
          violations: unknown[];
          suppressedViolations: Array<{ ruleName: string; reason: string }>;
        }>;
      };
      expect(report.pluginReports.flatMap((p) => p.violations)).toEqual([]);
      // The distribution's own findings, each acknowledged with a reason a reviewer can read.
      const acknowledged = report.pluginReports
        .flatMap((p) => p.suppressedViolations)
        .filter((v) => /CFR|cloudfront/.test(v.ruleName));
      expect([...new Set(acknowledged.map((v) => v.ruleName))].sort()).toEqual([
        'AwsSolutions-CFR1',
        'AwsSolutions-CFR2',
        'AwsSolutions-CFR3',
        'cloudfront_access_logs_enabled_check',
        'cloudfront_default_root_object_configured_check',
        'cloudfront_origin_failover_enabled_check',
      ]);
      for (const v of acknowledged) expect(v.reason.length, v.ruleName).toBeGreaterThan(40);
      // A cfn-guard process per template: slow on a busy machine.
    },
    SYNTH_TIMEOUT_MS,
  );
});

describe('without a web domain', () => {
  it('has no distribution and no domain output: the function URL is the address', () => {
    const built = buildApp();
    const template = templates(built).stateless;
    template.resourceCountIs('AWS::CloudFront::Distribution', 0);
    expect(Object.keys(template.findOutputs('*'))).not.toContain('WebDomainRecord');
    expect(built.stateless.webDomain).toBeUndefined();
  });
});

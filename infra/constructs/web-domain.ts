import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { acknowledgeGuard } from '../guard';
import { acknowledgeNag } from '../nag';

export interface WebDomainProps {
  /** The user's own name for the web app, e.g. tend.example.com. */
  readonly domainName: string;
  /** An ACM certificate for domainName, in us-east-1 (where CloudFront reads certificates). */
  readonly certificateArn: string;
  /** The web function's URL: the distribution's only origin. */
  readonly functionUrl: lambda.IFunctionUrl;
}

/**
 * SPEC 7: the web app on a custom domain. CloudFront answers for the domain and passes every
 * request on to the function URL, caching nothing (each page is one user's, behind a session):
 * every method, every query string, every viewer header but Host (the function URL answers only
 * to its own host), cookies both ways.
 *
 * No origin access control: with it, CloudFront signs requests for the function URL, and Lambda
 * then wants the body's SHA-256 in a header of every POST, which a plain HTML form cannot send.
 * The function URL stays public (AuthType NONE) as without a domain; the app's CSRF check knows
 * both origins (functions/web/app.ts reads TEND_WEB_URL).
 */
export class WebDomain extends Construct {
  readonly distribution: cloudfront.Distribution;
  /** https://domainName/: what the emails link to and the CSRF check accepts. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: WebDomainProps) {
    super(scope, id);
    this.url = `https://${props.domainName}/`;
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Tend web app on ${props.domainName}`,
      domainNames: [props.domainName],
      certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn),
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      // Browsers only; Tend's users are few and the pages small: the cheapest price class.
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      defaultBehavior: {
        origin: new origins.FunctionUrlOrigin(props.functionUrl),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        compress: true,
      },
    });
    const noLogs =
      'CloudFront access logs would hold every visitor’s IP and path (contact addresses are in page paths); the web function logs each failed request without them, and Tend keeps no access log elsewhere either.';
    acknowledgeNag(this.distribution, 'CFR3', noLogs);
    acknowledgeGuard(this.distribution, 'cloudfront_access_logs_enabled_check', noLogs);
    acknowledgeGuard(
      this.distribution,
      'cloudfront_default_root_object_configured_check',
      'The origin is the web app, not a bucket of files: it answers / itself (a redirect to Today or to Sign in), so no root object is needed or wanted.',
    );
    acknowledgeGuard(
      this.distribution,
      'cloudfront_origin_failover_enabled_check',
      'The one origin is the web function, the only copy of the app and of its table; a second origin would need a second deployment and data in another region.',
    );
    const noWaf =
      'A web ACL costs at least $5 a month plus requests; the app signs users in itself with one-time emailed links, and WebServerErrors alarms on a flood of failures.';
    acknowledgeNag(this.distribution, 'CFR2', noWaf);
    acknowledgeNag(
      this.distribution,
      'CFR1',
      'Tend’s users choose where they are; a geographic restriction would lock some of them out.',
    );
  }
}

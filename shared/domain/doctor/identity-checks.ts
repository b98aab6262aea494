import type { EmailIdentityFacts, Known } from './facts';
import { type Finding, unknownFinding } from './finding';

/**
 * SES receives mail only for a verified domain, and sends only from a verified address or
 * domain (https://docs.aws.amazon.com/ses/latest/dg/verify-addresses-and-domains.html); Easy DKIM
 * verifies a domain once its three CNAME records are visible
 * (https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_GetEmailIdentity.html).
 */

const DKIM_SUCCESS = 'SUCCESS';

/** The DKIM records SES looks for, as a DNS provider wants them. */
export function dkimRecords(domain: string, tokens: string[]): string {
  return tokens.map((t) => `${t}._domainkey.${domain} CNAME ${t}.dkim.amazonses.com`).join('; ');
}

function dkimFix(domain: string, identity: EmailIdentityFacts): string {
  const records =
    identity.dkimTokens.length > 0
      ? dkimRecords(domain, identity.dkimTokens)
      : 'the InboundDomainDkim / FromDomainDkim outputs of the stack';
  const failed =
    identity.dkimStatus === 'FAILED'
      ? ' SES gave up looking (FAILED): once the records are right, restart the check in the SES console, Identities → ' +
        domain
      : ' SES keeps looking for up to 72 hours';
  return `add these DNS records: ${records}.${failed}`;
}

/** The inbound domain: SES accepts mail for it only once it is verified. */
export function checkInboundIdentity(
  domain: string,
  fact: Known<EmailIdentityFacts | null>,
): Finding {
  const id = 'inbound-identity';
  if (!fact.known) return unknownFinding(id, fact);
  const identity = fact.value;
  if (!identity)
    return {
      id,
      status: 'fail',
      found: `${domain} is not an SES identity in this region: SES rejects mail for it`,
      fix: `deploy Tend (npx cdk deploy --all $TEND_CDK), which creates it; with -c inboundIdentity=existing create it yourself: aws sesv2 create-email-identity --email-identity ${domain}`,
    };
  return judgeDomain(id, domain, identity, 'SES rejects mail for it');
}

function judgeDomain(
  id: string,
  domain: string,
  identity: EmailIdentityFacts,
  consequence: string,
): Finding {
  const dkim = identity.dkimStatus ?? 'NOT_STARTED';
  if (!identity.verifiedForSending)
    return {
      id,
      status: 'fail',
      found: `${domain} is not verified (DKIM ${dkim}): ${consequence}`,
      fix: dkimFix(domain, identity),
    };
  if (dkim !== DKIM_SUCCESS)
    return {
      id,
      status: 'warn',
      found: `${domain} is verified but its DKIM is ${dkim}: SES may stop signing, and later unverify it`,
      fix: dkimFix(domain, identity),
    };
  return { id, status: 'ok', found: `${domain} is verified, DKIM ${dkim}`, fix: null };
}

/**
 * The From address: SES sends as it when the address itself or its domain is a verified
 * identity. FROM_DOMAIN is the domain's identity (the inbound one when they are the same).
 */
export function checkFromIdentity(
  fromAddress: string,
  fromDomain: Known<EmailIdentityFacts | null>,
  fromAddressIdentity: Known<EmailIdentityFacts | null>,
): Finding {
  const id = 'from-identity';
  const domain = fromAddress.slice(fromAddress.lastIndexOf('@') + 1);
  const consequence = `SES refuses to send as ${fromAddress}`;
  if (fromDomain.known && fromDomain.value?.verifiedForSending)
    return through(fromAddress, judgeDomain(id, domain, fromDomain.value, consequence));
  if (fromAddressIdentity.known && fromAddressIdentity.value?.verifiedForSending)
    return {
      id,
      status: 'ok',
      found: `${fromAddress} is verified as an address identity`,
      fix: null,
    };
  if (!fromDomain.known) return unknownFinding(id, fromDomain);
  if (!fromAddressIdentity.known) return unknownFinding(id, fromAddressIdentity);
  if (fromDomain.value)
    return through(fromAddress, judgeDomain(id, domain, fromDomain.value, consequence));
  if (fromAddressIdentity.value)
    return {
      id,
      status: 'fail',
      found: `${fromAddress} is not verified yet: ${consequence}`,
      fix: `click the link SES emailed to ${fromAddress} (SES console, Identities → ${fromAddress} sends it again)`,
    };
  return {
    id,
    status: 'fail',
    found: `neither ${fromAddress} nor ${domain} is an SES identity in this region: ${consequence}`,
    fix: 'deploy with -c fromIdentity=domain (DKIM records) or -c fromIdentity=address (a link by email): npx cdk deploy --all $TEND_CDK',
  };
}

/** A domain's finding told of the address sent through it. */
function through(fromAddress: string, finding: Finding): Finding {
  return { ...finding, found: `${fromAddress} through its domain: ${finding.found}` };
}

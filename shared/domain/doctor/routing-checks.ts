import type { Known, MxRecord } from './facts';
import { type Finding, unknownFinding } from './finding';

/**
 * SES receives a domain's mail when its MX record points at the region's inbound endpoint
 * (https://docs.aws.amazon.com/ses/latest/dg/receiving-email-mx-record.html).
 */
export function inboundEndpoint(region: string): string {
  return `inbound-smtp.${region}.amazonaws.com`;
}

/** The preference README step 5 uses; any works when SES's is the only record. */
const MX_PREFERENCE = 10;

const bare = (host: string) => host.toLowerCase().replace(/\.$/, '');

export function checkMx(domain: string, region: string, fact: Known<MxRecord[]>): Finding {
  const id = 'mx';
  if (!fact.known) return unknownFinding(id, fact);
  const expected = inboundEndpoint(region);
  const record = `${domain} MX ${MX_PREFERENCE} ${expected}`;
  const records = [...fact.value].sort((a, b) => a.priority - b.priority);
  if (records.length === 0)
    return {
      id,
      status: 'fail',
      found: `${domain} has no MX record: mail for it never reaches SES`,
      fix: `add this DNS record: ${record}`,
    };
  const listed = records.map((r) => `${r.priority} ${bare(r.exchange)}`).join(', ');
  const ours = records.filter((r) => bare(r.exchange) === expected);
  if (ours.length === 0)
    return {
      id,
      status: 'fail',
      found: `${domain} MX points at ${listed}, not at ${expected}: mail for it never reaches Tend`,
      fix: `replace the MX records of ${domain} with: ${record}`,
    };
  const best = Math.min(...ours.map((r) => r.priority));
  const before = records.filter((r) => bare(r.exchange) !== expected && r.priority <= best);
  if (before.length > 0)
    return {
      id,
      status: 'warn',
      found: `${domain} MX points at ${listed}: senders try ${before.map((r) => bare(r.exchange)).join(', ')} before SES (or as often)`,
      fix: `remove the other MX records of ${domain}, keeping: ${record}`,
    };
  return { id, status: 'ok', found: `${domain} MX points at ${listed}`, fix: null };
}

/**
 * SES applies one receipt rule set per region, the active one
 * (https://docs.aws.amazon.com/ses/latest/APIReference/API_DescribeActiveReceiptRuleSet.html).
 */
export function checkRuleSet(
  domain: string,
  tendRuleSet: string | null,
  fact: Known<string | null>,
): Finding {
  const id = 'rule-set';
  if (!fact.known) return unknownFinding(id, fact);
  const active = fact.value;
  if (tendRuleSet === null)
    return {
      id,
      status: 'fail',
      found: 'the stack has no SES receipt rule set: is it Tend’s stateless stack?',
      fix: 'name Tend’s stack with --stack (TendStateless unless you renamed it)',
    };
  if (active === tendRuleSet)
    return {
      id,
      status: 'ok',
      found: `Tend’s rule set ${tendRuleSet} is the active one`,
      fix: null,
    };
  if (active === null)
    return {
      id,
      status: 'fail',
      found: `no receipt rule set is active in this region: SES rejects mail for ${domain}`,
      fix: `aws ses set-active-receipt-rule-set --rule-set-name ${tendRuleSet}`,
    };
  return {
    id,
    status: 'fail',
    found: `the active receipt rule set is ${active}, not Tend’s ${tendRuleSet}: SES does not hand mail for ${domain} to Tend`,
    fix: `move ${active}'s rules into ${tendRuleSet} and make it active, or deploy with -c replaceActiveRuleSet=true (${active} is then kept, inactive: what it receives stops)`,
  };
}

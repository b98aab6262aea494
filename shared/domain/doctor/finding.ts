import type { Known } from './facts';

/**
 * One line of `tend doctor` (SPEC 7): ok, warn (Tend works, but something will bite), fail
 * (mail is lost or never sent), or unknown (the fact could not be read: the check did not run).
 */
export type FindingStatus = 'ok' | 'warn' | 'fail' | 'unknown';

export interface Finding {
  /** Stable, for `--json` readers: `inbound-identity`, `mx`, `rule-set`… */
  id: string;
  status: FindingStatus;
  /** What was found, in one sentence. */
  found: string;
  /** The exact fix (a command, a console page or a DNS record); null when there is nothing to do. */
  fix: string | null;
}

/** The finding of a check whose fact could not be read: which permission is missing, if that is why. */
export function unknownFinding(id: string, fact: Known<unknown> & { known: false }): Finding {
  return fact.missingPermission
    ? {
        id,
        status: 'unknown',
        found: `not checked: your AWS credentials may not call ${fact.missingPermission}`,
        fix: `allow ${fact.missingPermission} to the identity running tend (README, "What tend needs")`,
      }
    : { id, status: 'unknown', found: `not checked: ${fact.error}`, fix: null };
}

/** The exit status of a report: it fails when any check failed or could not run. */
export function reportFails(findings: Finding[]): boolean {
  return findings.some((f) => f.status === 'fail' || f.status === 'unknown');
}

/**
 * What the activation custom resource does to the region's one active receipt rule set (SES
 * allows one per region, and it may belong to something other than Tend). A pure decision, so
 * every case is a row in a test table (tests/infra/activate-rule-set.test.ts).
 */

export interface ActivationRequest {
  readonly requestType: 'Create' | 'Update' | 'Delete';
  /** Tend's rule set, as the template names it now. */
  readonly ruleSetName: string;
  /** Update only: Tend's rule set before this change (a replaced set has a new name). */
  readonly previousRuleSetName: string | null;
  /** `-c replaceActiveRuleSet=true`: the operator allowed replacing another active set. */
  readonly replaceActive: boolean;
  /** The region's active rule set now, or null when none is active. */
  readonly active: string | null;
}

export type ActivationStep =
  | { readonly kind: 'activate'; readonly replacing: string | null }
  | { readonly kind: 'deactivate' }
  | { readonly kind: 'nothing'; readonly why: string }
  | { readonly kind: 'refuse'; readonly message: string };

export function planActivation(request: ActivationRequest): ActivationStep {
  const { ruleSetName, previousRuleSetName, active } = request;
  const ours = active === ruleSetName || (active !== null && active === previousRuleSetName);

  if (request.requestType === 'Delete') {
    // Only Tend's own set is deactivated; another one stays as it is.
    return active === ruleSetName
      ? { kind: 'deactivate' }
      : { kind: 'nothing', why: active === null ? 'no active set' : 'another set is active' };
  }
  if (active === ruleSetName) return { kind: 'nothing', why: 'already active' };
  if (active === null || ours) return { kind: 'activate', replacing: active };
  if (request.replaceActive) return { kind: 'activate', replacing: active };
  if (request.requestType === 'Update')
    // Someone activated another set after Tend was deployed. Failing would fail the rollback
    // too (CloudFormation sends the previous properties back through this same check, and the
    // stack would be stuck in UPDATE_ROLLBACK_FAILED), so the update goes through and theirs
    // stays active.
    return {
      kind: 'nothing',
      why: `"${active}" is active, not Tend's set; -c replaceActiveRuleSet=true makes Tend's active`,
    };
  return {
    kind: 'refuse',
    message:
      `The SES receipt rule set "${active}" is active in this region, and SES allows one active ` +
      `set per region: Tend will not replace it. Either move its rules into Tend's set ` +
      `("${ruleSetName}") or deactivate it yourself, or deploy again with ` +
      `-c replaceActiveRuleSet=true to make Tend's set the active one ("${active}" is kept, ` +
      `inactive, and can be reactivated by name).`,
  };
}

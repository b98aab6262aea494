import {
  DescribeActiveReceiptRuleSetCommand,
  SESClient,
  SetActiveReceiptRuleSetCommand,
} from '@aws-sdk/client-ses';
import * as z from 'zod/mini';
import { customResourceEventSchema, respond } from '../../shared/events/custom-resource';
import { logger } from '../../shared/logger';
import { planActivation } from './plan-activation';

/**
 * CloudFormation custom resource (infra/constructs/active-receipt-rule-set.ts): makes Tend's
 * receipt rule set the region's active one, without ever replacing or deactivating a set that
 * is not Tend's (planActivation decides).
 *
 * The physical id never changes, so CloudFormation never replaces this resource: when the rule
 * set itself is replaced (a new name), the Update activates the new set, and no Delete follows
 * for the old one.
 */
export const PHYSICAL_ID = 'tend-active-receipt-rule-set';

const properties = z.object({
  RuleSetName: z.string().check(z.minLength(1)),
  /** CloudFormation passes every property as a string. */
  ReplaceActiveRuleSet: z._default(z.enum(['true', 'false']), 'false'),
});
const eventSchema = customResourceEventSchema(properties);

const ses = new SESClient({});

export async function handler(event: unknown): Promise<void> {
  const parsed = eventSchema.safeParse(event);
  if (!parsed.success) {
    // Without a ResponseURL there is no one to answer; CloudFormation times out on its own.
    logger.error('not a custom resource event', { issues: parsed.error.issues.slice(0, 5) });
    return;
  }
  const request = parsed.data;
  const { RuleSetName, ReplaceActiveRuleSet } = request.ResourceProperties;
  const previous = properties.safeParse(request.OldResourceProperties);
  try {
    const { Metadata } = await ses.send(new DescribeActiveReceiptRuleSetCommand({}));
    const step = planActivation({
      requestType: request.RequestType,
      ruleSetName: RuleSetName,
      previousRuleSetName: previous.success ? previous.data.RuleSetName : null,
      replaceActive: ReplaceActiveRuleSet === 'true',
      active: Metadata?.Name ?? null,
    });
    if (step.kind === 'nothing' && Metadata?.Name && Metadata.Name !== RuleSetName)
      logger.warn('another receipt rule set is active', { request: request.RequestType, step });
    else logger.info('receipt rule set activation', { request: request.RequestType, step });
    if (step.kind === 'refuse') {
      await respond(request, 'FAILED', PHYSICAL_ID, step.message);
      return;
    }
    if (step.kind === 'activate')
      await ses.send(new SetActiveReceiptRuleSetCommand({ RuleSetName }));
    // Without a name, SES deactivates whichever set is active: planActivation checked it is ours.
    if (step.kind === 'deactivate') await ses.send(new SetActiveReceiptRuleSetCommand({}));
    await respond(request, 'SUCCESS', PHYSICAL_ID);
  } catch (error) {
    logger.error('receipt rule set activation failed', { error: String(error) });
    await respond(request, 'FAILED', PHYSICAL_ID, String(error));
  }
}

import {
  type CloudFormationClient,
  DescribeStacksCommand,
  paginateListStackResources,
} from '@aws-sdk/client-cloudformation';
import type { DeployedStack } from '../../domain/doctor/facts';
import type { StackReader } from '../../ports/deployment-probes';
import { translated } from '../aws-errors';

/** The stateless stack's output that sets the CLI's variables (infra/stateless-stack.ts). */
const CLI_COMMAND_OUTPUT = 'CliCommand';
const RULE_SET_TYPE = 'AWS::SES::ReceiptRuleSet';

/**
 * Tend's deployment as its stateless stack describes it: the CliCommand output holds the
 * domain, the From address and the table (`KEY=VALUE` words, as a shell reads them), and the
 * rule set is the stack's one AWS::SES::ReceiptRuleSet resource. DescribeStacks answers a
 * ValidationError "Stack with id … does not exist" for a name it does not know
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStacks.html).
 */
export class CloudFormationStackReader implements StackReader {
  constructor(private readonly cloudFormation: CloudFormationClient) {}

  async describe(stackName: string): Promise<DeployedStack | null> {
    let outputs: Map<string, string>;
    try {
      const out = await this.cloudFormation.send(
        new DescribeStacksCommand({ StackName: stackName }),
      );
      const stack = out.Stacks?.[0];
      if (!stack) return null;
      outputs = new Map(
        (stack.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? ''] as const),
      );
    } catch (error) {
      if (/does not exist/.test(String((error as Error).message))) return null;
      throw translated(error, 'cloudformation:DescribeStacks');
    }
    const cli = assignments(outputs.get(CLI_COMMAND_OUTPUT) ?? '');
    const { TEND_INBOUND_DOMAIN, TEND_FROM, TEND_TABLE } = cli;
    if (!TEND_INBOUND_DOMAIN || !TEND_FROM || !TEND_TABLE)
      throw new Error(
        `the stack ${stackName} has no ${CLI_COMMAND_OUTPUT} output naming TEND_INBOUND_DOMAIN, TEND_FROM and TEND_TABLE: is it Tend's stateless stack?`,
      );
    return {
      stackName,
      inboundDomain: TEND_INBOUND_DOMAIN.toLowerCase(),
      fromAddress: TEND_FROM,
      tableName: TEND_TABLE,
      ruleSetName: await this.ruleSetName(stackName),
    };
  }

  private async ruleSetName(stackName: string): Promise<string | null> {
    try {
      for await (const page of paginateListStackResources(
        { client: this.cloudFormation },
        { StackName: stackName },
      )) {
        const set = page.StackResourceSummaries?.find((r) => r.ResourceType === RULE_SET_TYPE);
        if (set?.PhysicalResourceId) return set.PhysicalResourceId;
      }
      return null;
    } catch (error) {
      throw translated(error, 'cloudformation:ListStackResources');
    }
  }
}

/** `A=1 B=2 npx tend …` → { A: '1', B: '2' }: the leading assignments of a shell command. */
function assignments(command: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const word of command.trim().split(/\s+/)) {
    const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(word);
    if (!match) break;
    found[match[1] as string] = match[2] as string;
  }
  return found;
}

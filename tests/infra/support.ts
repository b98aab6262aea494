import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { REPO_ROOT } from '../../infra/bundling';
import { buildTendApp, type TendStacks } from '../../infra/tend-app';

/** The context every test deployment gets (the README's example). */
export const BASE_CONTEXT = {
  inboundDomain: 'in.example.com',
  fromAddress: 'tend@example.com',
} as const;

/** cdk.json's context, so the tests synthesize with the same feature flags as the CLI. */
function cdkJsonContext(): Record<string, unknown> {
  const json = JSON.parse(readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return json.context ?? {};
}

export interface BuiltApp extends TendStacks {
  readonly app: App;
}

/**
 * Builds the real app (both stacks and the nag pack) from context. Bundling is skipped unless
 * asked for: the bundle test and the CLI synth test cover it, and it keeps these tests fast.
 */
export function buildApp(
  context: Record<string, unknown> = BASE_CONTEXT,
  options: { bundle?: boolean } = {},
): BuiltApp {
  const app = new App({
    context: {
      ...cdkJsonContext(),
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...context,
    },
  });
  return { app, ...buildTendApp(app) };
}

export function templates(built: BuiltApp): { stateful: Template; stateless: Template } {
  return {
    stateful: Template.fromStack(built.stateful),
    stateless: Template.fromStack(built.stateless),
  };
}

/** The CloudFormation logical id of a construct's resource. */
export function logicalId(construct: IConstruct): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(construct).resolve(element.logicalId) as string;
}

export interface PolicyStatementJson {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
  Principal?: unknown;
}

/** Every statement of every AWS::IAM::Policy attached to the role with this logical id. */
export function statementsOfRole(template: Template, roleLogicalId: string): PolicyStatementJson[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleLogicalId }]))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as PolicyStatementJson[]);
}

export const asArray = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

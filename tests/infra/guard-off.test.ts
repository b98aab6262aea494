import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import * as path from 'node:path';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeployConfigError } from '../../infra/config';
import { GUARD_OFF_WARNING } from '../../infra/guard';
import { BASE_CONTEXT, buildApp } from './support';

/**
 * SPEC 7, "the deploy works from Linux, macOS and WSL; Guard can be turned off by context": the
 * CloudFormation Guard plugin ships cfn-guard for Linux and macOS only and throws on any other
 * system, so `-c guard=false` synthesizes without it and says, on every stack, that its rules
 * did not run. The default stays on.
 */

/** The validation plugins that ran on a synth, from the report CDK writes beside the templates. */
function pluginsThatRan(outdir: string): string[] {
  const file = path.join(outdir, 'validation-report.json');
  if (!existsSync(file)) return [];
  const report = JSON.parse(readFileSync(file, 'utf8')) as {
    pluginReports: Array<{ pluginName: string }>;
  };
  return report.pluginReports.map((p) => p.pluginName);
}

describe('-c guard=false', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('fails on native Windows with Guard on: the plugin refuses win32 (the reason for the flag)', () => {
    vi.spyOn(os, 'platform').mockReturnValue('win32');
    expect(() => buildApp(BASE_CONTEXT, { guard: true })).toThrow(/win32 not supported/);
  });

  it('synthesizes on native Windows without the Guard plugin, warning on every stack', () => {
    vi.spyOn(os, 'platform').mockReturnValue('win32');
    // The in-process option asks for Guard: the context's `false` still keeps it out.
    const built = buildApp({ ...BASE_CONTEXT, guard: 'false' }, { guard: true });
    const assembly = built.app.synth();

    expect(pluginsThatRan(assembly.directory)).not.toContain('cdk-validator-cfnguard');
    for (const stack of [built.stateful, built.stateless]) {
      Annotations.fromStack(stack).hasWarning(
        '*',
        Match.stringLikeRegexp('CloudFormation Guard is off \\(-c guard=false\\)'),
      );
    }
    expect(GUARD_OFF_WARNING).toContain('did not check these templates');
  });

  it('keeps Guard on by default and with guard=true, with no such warning', () => {
    for (const context of [BASE_CONTEXT, { ...BASE_CONTEXT, guard: 'true' }]) {
      const built = buildApp(context, { guard: true });
      const assembly = built.app.synth();
      expect(pluginsThatRan(assembly.directory)).toContain('cdk-validator-cfnguard');
      Annotations.fromStack(built.stateless).hasNoWarning(
        '*',
        Match.stringLikeRegexp('CloudFormation Guard is off'),
      );
    }
  });

  it('refuses a value that is not true or false, naming the key', () => {
    expect(() => buildApp({ ...BASE_CONTEXT, guard: 'no' })).toThrow(DeployConfigError);
    expect(() => buildApp({ ...BASE_CONTEXT, guard: 'no' })).toThrow(/invalid CDK context: guard/);
  });
});

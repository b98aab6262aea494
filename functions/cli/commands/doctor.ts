import type { Command } from 'commander';
import type { Finding } from '../../../shared/domain/doctor/finding';
import type { DoctorReport } from '../../../shared/use-cases/doctor';
import { count } from '../../../shared/domain/count';
import { CommandFailed } from '../exit-codes';
import type { Cli } from '../output';

/** The stateless stack's name in infra/tend-app.ts, as the README's deploy creates it. */
export const DEFAULT_STACK = 'TendStateless';

/**
 * `tend doctor` (SPEC 7): checks a deployed stack, read-only, with the operator's AWS
 * credentials and region, whatever TEND_TARGET says. Exits 1 when a check fails or could not run.
 */
export function registerDoctorCommand(program: Command, cli: Cli): void {
  program
    .command('doctor')
    .description(
      'check a deployment, read-only: SES identities and DKIM, MX, the active rule set, sandbox and quotas, Lambda concurrency, suppressed users',
    )
    .option('--stack <name>', "Tend's stateless stack", DEFAULT_STACK)
    .option('--json', 'JSON output')
    .action(async (opts: { stack: string; json?: boolean }) => {
      cli.useAwsEnvironment();
      const [{ deploymentProbes }, { runDoctor }] = await Promise.all([
        import('../aws-adapters'),
        import('../../../shared/use-cases/doctor'),
      ]);
      const report = await runDoctor(deploymentProbes(), opts.stack);
      cli.print(Boolean(opts.json), report, () => human(report));
      if (report.fails) throw new CommandFailed(failures(report.findings));
    });
}

const LABEL: Record<Finding['status'], string> = {
  ok: 'ok',
  warn: 'warn',
  fail: 'FAIL',
  unknown: '??',
};

const LABEL_WIDTH = 4;

function human(report: DoctorReport): string {
  const width = Math.max(...report.findings.map((f) => f.id.length));
  const lines = [`${report.stackName} in ${report.region}:`];
  for (const f of report.findings) {
    lines.push(`${LABEL[f.status].padEnd(LABEL_WIDTH)}  ${f.id.padEnd(width)}  ${f.found}`);
    if (f.fix) lines.push(`${' '.repeat(LABEL_WIDTH + width + 4)}fix: ${f.fix}`);
  }
  lines.push(summary(report.findings));
  return lines.join('\n');
}

function summary(findings: Finding[]): string {
  const n = (status: Finding['status']) => findings.filter((f) => f.status === status).length;
  return [
    `${n('ok')} ok`,
    count(n('warn'), 'warning'),
    `${n('fail')} failed`,
    `${n('unknown')} not checked`,
  ].join(', ');
}

/** stderr's line when the report fails: stdout already has every finding and the tally. */
function failures(findings: Finding[]): string {
  const failed = findings.filter((f) => f.status === 'fail').length;
  const unknown = findings.filter((f) => f.status === 'unknown').length;
  return `doctor: ${count(failed, 'check')} failed, ${unknown} could not run`;
}

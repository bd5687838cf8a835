import { Chalk } from 'chalk';
import { countChecks, type CheckCase, type CiReport } from '../ci/ci-report.js';
import { renderCheckText } from './check-text.js';
import { sanitizeForTerminal } from './sanitize.js';

/**
 * The terminal view of a CI check: per endpoint the usual check text, then its checks and the
 * per-tool contract diff, readable in a CI log; a closing tally when there are several
 * endpoints. Pure. A plain `check <url>` (verdict only) renders exactly as before.
 */
export function renderCiText(report: CiReport, options: { color: boolean }): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const mark = (level: CheckCase['level']) => (level === 'error' ? chalk.red('✖') : level === 'warning' ? chalk.yellow('▲') : chalk.green('✔'));
  const blocks: string[] = [];
  for (const endpoint of report.endpoints) {
    const lines: string[] = [];
    if (report.endpoints.length > 1) lines.push(chalk.bold(`── ${sanitizeForTerminal(endpoint.name, 100)} ──`));
    let text = renderCheckText(endpoint.result, endpoint.verdict, options);
    if (endpoint.wait) {
      const waited = endpoint.wait.kind === 'up' ? `answered after ${endpoint.wait.waitedMs} ms` : `did not answer within ${endpoint.wait.waitedMs} ms`;
      text = text.replace(/\n/, `\n  ${chalk.dim('waited'.padEnd(12))} ${waited} (${endpoint.wait.attempts} attempt${endpoint.wait.attempts === 1 ? '' : 's'})\n`);
    }
    lines.push(text.trimEnd());
    const expectations = endpoint.checks.filter((c) => c.kind !== 'verdict');
    if (expectations.length > 0) {
      const passed = expectations.filter((c) => c.level !== 'error').length;
      lines.push(`  ${chalk.dim('checks'.padEnd(12))} ${passed} of ${expectations.length} passed`);
      for (const check of expectations) {
        lines.push(`    ${mark(check.level)} ${sanitizeForTerminal(check.name, 160)}: ${sanitizeForTerminal(check.message, 300)}`);
        // A failed call's first two lines (the request, the answer) repeat what the 'called' row shows.
        const shown = check.kind === 'baseline' ? check.details : check.level !== 'error' ? [] : check.kind === 'tool_call' ? check.details.slice(2) : check.details;
        for (const detail of shown) lines.push(`        ${sanitizeForTerminal(detail, 300)}`);
      }
    }
    blocks.push(lines.join('\n'));
  }
  if (report.endpoints.length > 1) {
    const counts = countChecks(report);
    const failed = report.endpoints.filter((e) => !e.passed).length;
    const tally = `${failed === 0 ? chalk.green('✔') : chalk.red('✖')} ${report.endpoints.length - failed} of ${report.endpoints.length} endpoints passed (${counts.total - counts.failed} of ${counts.total} checks)`;
    blocks.push(tally);
  }
  return `${blocks.join('\n\n')}\n`;
}

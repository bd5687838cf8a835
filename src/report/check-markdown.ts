import type { Status } from '../classify/reasons.js';
import { countChecks, type CheckCase, type CiReport, type EndpointReport } from '../ci/ci-report.js';
import { sanitizeForTerminal } from './sanitize.js';

/**
 * The GitHub job summary of a check (#5), appended to $GITHUB_STEP_SUMMARY: one table of the
 * endpoints, then per endpoint its checks, reasons and tool-contract changes. Pure; the
 * result stays under `maxBytes` (GitHub refuses a step summary over 1 MiB), cut at a line
 * with a note saying where the rest is.
 */
export const STEP_SUMMARY_LIMIT_BYTES = 1024 * 1024;

/**
 * Server text made inert in Markdown (GitHub renders HTML and links in summaries): controls
 * removed, then every ASCII punctuation character backslash-escaped, which CommonMark allows
 * for exactly these characters (spec §2.4), so no `<tag>`, `[link](…)`, `|` cell break or
 * emphasis can form from it.
 */
export function escapeMarkdown(text: string, maxChars = 300): string {
  return sanitizeForTerminal(text, maxChars).replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);
}

const MARK: Record<CheckCase['level'], string> = { error: '❌', warning: '⚠️', ok: '✅' };
const STATUS_MARK: Record<Status, string> = { healthy: '✅ healthy', degraded: '⚠️ degraded', dead: '❌ dead' };
const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function baselineCell(endpoint: EndpointReport): string {
  const baseline = endpoint.baseline;
  if (!baseline) return '–';
  if (baseline.mode === 'unavailable') return '❌ not compared';
  if (baseline.mode === 'updated') return '📝 updated';
  if (baseline.diff.breaking > 0) return `❌ ${plural(baseline.diff.breaking, 'breaking change')}`;
  if (baseline.diff.compatible > 0) return `⚠️ ${plural(baseline.diff.compatible, 'compatible change')}`;
  return '✅ unchanged';
}

function endpointLines(endpoint: EndpointReport): string[] {
  const lines: string[] = [];
  const { result, verdict } = endpoint;
  lines.push(`### ${endpoint.passed ? '✅' : '❌'} ${escapeMarkdown(endpoint.name, 100)}`, '');
  const facts = [escapeMarkdown(endpoint.url, 300)];
  if (result.handshake) {
    const server = result.handshake.server;
    if (server) facts.push(`${escapeMarkdown(server.name, 80)} ${escapeMarkdown(server.version, 40)}`);
    facts.push(`protocol ${escapeMarkdown(result.handshake.protocolVersion, 20)} (${result.handshake.era})`);
  }
  if (result.catalogue?.toolsDeclared) facts.push(plural(result.catalogue.toolCount, 'tool'));
  facts.push(`${result.durationMs} ms`);
  lines.push(facts.join(' · '), '');

  lines.push('| | check | result | time |', '|---|---|---|---:|');
  for (const check of endpoint.checks) {
    lines.push(`| ${MARK[check.level]} | ${escapeMarkdown(check.name, 200)} | ${escapeMarkdown(check.message, 400)} | ${seconds(check.durationMs)} |`);
  }
  lines.push('');

  if (verdict.reasons.length > 0) {
    lines.push(`**Verdict: ${STATUS_MARK[verdict.status]}** (fails when ${endpoint.failOn === 'dead' ? 'dead' : 'degraded or dead'})`, '');
    for (const reason of verdict.reasons) lines.push(`- \`${reason.code}\` ${escapeMarkdown(reason.detail, 400)}`);
    lines.push('');
  }

  const calls = endpoint.checks.filter((c) => c.kind === 'tool_call' && c.level === 'error');
  for (const call of calls) {
    lines.push(`**${escapeMarkdown(call.name, 200)}**`, '');
    for (const detail of call.details) lines.push(`- ${escapeMarkdown(detail, 600)}`);
    lines.push('');
  }

  const baseline = endpoint.baseline;
  const diff = baseline && baseline.mode !== 'unavailable' ? baseline.diff : null;
  if (diff && diff.tools.length > 0) {
    lines.push(`**Tool contract changes** against ${escapeMarkdown(baseline!.path.split(/[\\/]/).pop() ?? '', 200)}${baseline!.mode === 'updated' ? ' (accepted: the baseline was updated)' : ''}`, '');
    lines.push('| tool | change | |', '|---|---|---|');
    for (const tool of diff.tools) {
      for (const change of tool.changes) {
        lines.push(`| ${escapeMarkdown(tool.tool, 128)} | ${escapeMarkdown(change.detail, 400)} | ${change.breaking ? '**breaking**' : 'compatible'} |`);
      }
    }
    lines.push('');
  }
  return lines;
}

export function renderCheckMarkdown(report: CiReport, options: { maxBytes?: number } = {}): string {
  const maxBytes = options.maxBytes ?? STEP_SUMMARY_LIMIT_BYTES - 1024;
  const counts = countChecks(report);
  const failedEndpoints = report.endpoints.filter((e) => !e.passed).length;
  const head: string[] = [
    `## mcp-health check: ${report.passed ? '✅ passed' : '❌ failed'}`,
    '',
    `${report.endpoints.length - failedEndpoints} of ${plural(report.endpoints.length, 'endpoint')} passed · ${counts.total - counts.failed} of ${plural(counts.total, 'check')} passed${counts.warnings > 0 ? ` · ${plural(counts.warnings, 'warning')}` : ''}`,
    '',
    '| endpoint | verdict | checks | tool contracts |',
    '|---|---|---|---|',
    ...report.endpoints.map((e) => {
      const passed = e.checks.filter((c) => c.level !== 'error').length;
      return `| ${e.passed ? '✅' : '❌'} ${escapeMarkdown(e.name, 100)} | ${STATUS_MARK[e.verdict.status]} | ${passed} of ${e.checks.length} passed | ${baselineCell(e)} |`;
    }),
    '',
  ];
  const lines = [...head, ...report.endpoints.flatMap(endpointLines)];

  const where = report.junitPath ? `the JUnit file (${escapeMarkdown(report.junitPath, 200)}) and \`--json\`` : '`--json` or `--junit`';
  const noteReserve = 400;
  const kept: string[] = [];
  let bytes = 0;
  for (let i = 0; i < lines.length; i++) {
    const size = Buffer.byteLength(lines[i]!, 'utf8') + 1;
    if (bytes + size > maxBytes - noteReserve) {
      kept.push('', `> **Summary truncated** to stay under GitHub's 1 MiB limit: ${lines.length - i} more lines. The full report is in ${where}.`);
      break;
    }
    kept.push(lines[i]!);
    bytes += size;
  }
  return `${kept.join('\n')}\n`;
}

import { appendFileSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CiReport, EndpointReport } from '../ci/ci-report.js';
import { renderCheckMarkdown, STEP_SUMMARY_LIMIT_BYTES } from '../report/check-markdown.js';
import { renderCiText } from '../report/ci-text.js';
import { renderAnnotations } from '../report/github-annotations.js';
import type { CheckArgs } from './check.js';
import { toSafeJson } from '../util/safe-json.js';
import { useColor } from './terminal.js';
import { UsageError } from './usage-error.js';

/** One endpoint in `--json`: the verdict document of `check <url>`, plus what CI mode adds. */
function endpointJson(endpoint: EndpointReport) {
  return {
    name: endpoint.name,
    url: endpoint.url,
    passed: endpoint.passed,
    verdict: endpoint.verdict,
    failOn: endpoint.failOn,
    thresholds: endpoint.thresholds,
    checks: endpoint.checks.map(({ rank: _rank, ...check }) => check),
    baseline: endpoint.baseline,
    wait: endpoint.wait,
    result: endpoint.result,
  };
}

/** More than the verdict was asked for (expectations, a baseline, a wait). */
function hasCiExtras(endpoint: EndpointReport): boolean {
  return endpoint.checks.length > 1 || endpoint.wait !== null;
}

/** Kept free below GitHub's limit (line ends, a final newline, rounding). */
const SUMMARY_MARGIN_BYTES = 1024;
/** Less room than this holds no useful summary (the header table and the truncation note). */
const MIN_SUMMARY_BYTES = 2048;

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function writeFile(path: string, text: string, what: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  } catch (err) {
    throw new UsageError(`cannot write the ${what} to ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/**
 * Every output of a check: stdout (text, or `--json`), `--junit FILE`, and on GitHub Actions
 * the job summary and workflow annotations. All render from the same (already redacted) report.
 */
export async function writeCiOutputs(report: CiReport, context: { args: CheckArgs; env: NodeJS.ProcessEnv; urlMode: boolean; version: string }): Promise<void> {
  const { args, env } = context;
  if (args.json) {
    const only = report.endpoints[0]!;
    // `check <url> --json` keeps its document; CI additions appear only when asked for.
    const document = context.urlMode
      ? {
          mcpHealth: context.version,
          url: only.url,
          verdict: only.verdict,
          thresholds: only.thresholds,
          result: only.result,
          ...(hasCiExtras(only) ? { passed: only.passed, checks: endpointJson(only).checks, baseline: only.baseline, wait: only.wait } : {}),
        }
      : { mcpHealth: context.version, passed: report.passed, startedAt: report.startedAt, durationMs: report.durationMs, endpoints: report.endpoints.map(endpointJson) };
    process.stdout.write(`${toSafeJson(document, 2)}\n`);
  } else {
    process.stdout.write(renderCiText(report, { color: useColor(process.stdout, env, args.color) }));
  }

  // The path was checked before probing; should writing fail anyway, every other output is
  // still written first and the error (exit 2) comes last (docs/ci.md, "Exit codes").
  let junitError: UsageError | null = null;
  if (args.junit !== undefined) {
    // Loaded only when asked for: the XML builder costs a plain `check` ~60 ms of start-up.
    const { renderJunit } = await import('../report/junit.js');
    try {
      writeFile(args.junit, renderJunit(report), 'JUnit report');
      process.stderr.write(`mcp-health: JUnit report written to ${args.junit}\n`);
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      junitError = err;
    }
  }

  if (env['GITHUB_ACTIONS'] === 'true') {
    const summaryPath = env['GITHUB_STEP_SUMMARY'];
    if (summaryPath) {
      try {
        // GitHub's 1 MiB limit is per step summary file: earlier writes of this step count too.
        const room = STEP_SUMMARY_LIMIT_BYTES - SUMMARY_MARGIN_BYTES - sizeOf(summaryPath);
        if (room < MIN_SUMMARY_BYTES) process.stderr.write(`mcp-health: warning: $GITHUB_STEP_SUMMARY is nearly full (1 MiB per step); no summary written\n`);
        else appendFileSync(summaryPath, renderCheckMarkdown(report, { maxBytes: room }));
      } catch (err) {
        process.stderr.write(`mcp-health: warning: cannot append to $GITHUB_STEP_SUMMARY (${(err as NodeJS.ErrnoException).code ?? 'error'})\n`);
      }
    }
    const restAt = [summaryPath ? 'the job summary' : null, args.junit ? `the JUnit report ${args.junit}` : null, args.json ? null : 'the log above'].filter(Boolean).join(' and ') || 'mcp-health check --json';
    const lines = renderAnnotations(report, { restAt });
    // The runner reads workflow commands from stdout and stderr alike; stderr keeps `--json` stdout one document.
    if (lines.length > 0) (args.json ? process.stderr : process.stdout).write(`${lines.join('\n')}\n`);
  }
  if (junitError) throw junitError;
}

import { create } from 'xmlbuilder2';
import type { CheckCase, CiReport, EndpointReport } from '../ci/ci-report.js';
import { VERSION } from '../version.js';
import { renderCheckText } from './check-text.js';
import { sanitizeForTerminal } from './sanitize.js';

/**
 * `--junit FILE` (#5): one <testsuite> per endpoint, one <testcase> per check (the verdict and
 * each configured expectation), names unique within a suite, times in seconds, a <failure> with
 * the reasons, details in the test case's <system-out>. The shape GitLab and Jenkins read
 * (the common Jenkins JUnit schema; test/fixtures/junit.xsd checks it in the tests).
 * Pure. xmlbuilder2 escapes; characters XML 1.0 cannot carry (a server's ESC, NUL ...) are
 * replaced, since one of them would make the whole file unreadable to the CI.
 */

const seconds = (ms: number) => (ms / 1000).toFixed(3);
/** Attribute values are one line: messages are for lists, details go to <system-out>. */
const oneLine = (text: string, maxChars = 500) => sanitizeForTerminal(text, maxChars);
const MAX_NAME_CHARS = 300;

/**
 * Test-case names as written: one line, at most MAX_NAME_CHARS, and unique within the suite
 * after the cut (review of #5: two long names equal in their first 300 characters collided;
 * uniqueNames() upstream sees them whole). A repeat gets ` (2)`, ` (3)` … within the limit.
 */
export function junitNames(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    const cut = oneLine(name, MAX_NAME_CHARS);
    let candidate = cut;
    // At most names.length candidates can be taken, so this ends within that many steps.
    for (let n = 2; used.has(candidate); n++) {
      const suffix = ` (${n})`;
      candidate = `${oneLine(name, MAX_NAME_CHARS - suffix.length)}${suffix}`;
    }
    used.add(candidate);
    return candidate;
  });
}

const FAILURE_TYPE: Record<CheckCase['kind'], string> = {
  verdict: 'verdict',
  tool_listed: 'missing_tool',
  tool_call: 'tool_call',
  baseline: 'breaking_change',
};

function systemOut(endpoint: EndpointReport, check: CheckCase): string {
  const lines = check.details.map((line) => sanitizeForTerminal(line, 2_000));
  // The verdict's test case carries the whole check, as the terminal shows it.
  if (check.kind === 'verdict') lines.push('', renderCheckText(endpoint.result, endpoint.verdict, { color: false }).trimEnd());
  return lines.join('\n');
}

export function renderJunit(report: CiReport): string {
  const checks = report.endpoints.flatMap((e) => e.checks);
  const root = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '\uFFFD' }).ele('testsuites', {
    name: 'mcp-health',
    tests: String(checks.length),
    failures: String(checks.filter((c) => c.level === 'error').length),
    errors: '0',
    time: seconds(report.durationMs),
  });
  report.endpoints.forEach((endpoint, index) => {
    const failures = endpoint.checks.filter((c) => c.level === 'error').length;
    const suite = root.ele('testsuite', {
      name: endpoint.name,
      tests: String(endpoint.checks.length),
      failures: String(failures),
      errors: '0',
      skipped: '0',
      time: seconds(endpoint.result.durationMs + (endpoint.wait?.waitedMs ?? 0)),
      timestamp: endpoint.result.startedAt.slice(0, 19),
      hostname: new URL(endpoint.url).host,
      id: String(index),
      package: 'mcp-health',
    });
    const properties = suite.ele('properties');
    const handshake = endpoint.result.handshake;
    const property = (name: string, value: string) => properties.ele('property', { name, value: oneLine(value, 300) });
    property('url', endpoint.url);
    property('verdict', endpoint.verdict.status);
    property('fail-on', endpoint.failOn);
    property('mcp-health', VERSION);
    if (handshake) {
      property('protocol', `${handshake.protocolVersion} ${handshake.era} ${handshake.transport}`);
      if (handshake.server) property('server', `${handshake.server.name} ${handshake.server.version}`);
    }
    if (endpoint.result.catalogue?.hash) property('catalogue-hash', endpoint.result.catalogue.hash);
    const names = junitNames(endpoint.checks.map((check) => check.name));
    for (const [i, check] of endpoint.checks.entries()) {
      const testcase = suite.ele('testcase', { name: names[i]!, classname: `mcp-health.${oneLine(endpoint.name, 100)}`, time: seconds(check.durationMs) });
      if (check.level === 'error') {
        const type = check.kind === 'verdict' ? endpoint.verdict.status : FAILURE_TYPE[check.kind];
        testcase.ele('failure', { message: oneLine(check.message), type }).txt([check.message, ...check.details].map((line) => sanitizeForTerminal(line, 2_000)).join('\n'));
      }
      const out = systemOut(endpoint, check);
      if (out !== '') testcase.ele('system-out').txt(out);
    }
  });
  return `${root.end({ prettyPrint: true })}\n`;
}

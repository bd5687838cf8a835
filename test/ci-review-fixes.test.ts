import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { diffContracts, type ContractDiff } from '../src/baseline/contract-diff.js';
import { parseLockfile, renderLockfile, snapshotOf, type Lockfile, type ToolContract } from '../src/baseline/lockfile.js';
import type { CiReport, EndpointReport } from '../src/ci/ci-report.js';
import { verdictCheck, waitLine } from '../src/ci/checks.js';
import { runCiCheck } from '../src/ci/run-ci-check.js';
import { loadCiConfig } from '../src/config/load-ci-config.js';
import { probeOptions } from '../src/probe/probe.js';
import { emptyProbeResult } from '../src/probe/probe-result.js';
import { renderJunit } from '../src/report/junit.js';
import { loadSources } from '../src/sources/load-sources.js';
import { locationText } from '../src/sources/target.js';
import { redactor } from '../src/util/redact.js';
import { startCiServer, INITIAL_STATE, type CiServer } from './fixtures/ci-server.js';
import { closedPort } from './fixtures/listen.js';
import { DEFAULT_TOOLS, startScriptedServer, type ScriptedServer } from './fixtures/scripted-mcp-server.js';
import { runCli } from './helpers/run-cli.js';
import { junitProblems } from './helpers/validate-junit.js';

/** Regression tests for the review of CI mode (#5), one per defect found, each named after its bug. */

const dir = mkdtempSync(join(tmpdir(), 'mcp-health-ci-fixes-'));
let files = 0;
const tempPath = (name: string) => join(dir, `${files++}-${name}`);
function writeJson(name: string, value: unknown): string {
  const path = tempPath(name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

const SECRET = 'tok_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** The longest prefix (8 characters or more) of the secret found in the text, or ''. */
function leakedPrefix(text: string): string {
  for (let n = SECRET.length; n >= 8; n--) if (text.includes(SECRET.slice(0, n))) return SECRET.slice(0, n);
  return '';
}

/** Server text of `chars` characters ending in the Authorization header it got, so the token straddles a 200-character cut. */
function echoStraddling(authorization: string): string {
  return `${'x'.repeat(200 - 'Bearer '.length - 10)}${authorization} and more text after it`;
}

describe('bug: part of a secret leaked when the probe cut server text before redaction', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer({
      override: (call) => {
        const authorization = String(call.headers['authorization'] ?? '');
        if (call.method === 'tools/call' && call.params['name'] === 'add') {
          return { result: { isError: true, content: [{ type: 'text', text: echoStraddling(authorization) }] } };
        }
        if (call.method === 'tools/call' && call.params['name'] === 'get_time') {
          return { error: { code: -32000, message: echoStraddling(authorization) } };
        }
        if (call.method === 'ping') return { error: { code: -32000, message: echoStraddling(authorization) } };
        return undefined;
      },
    });
  });
  after(async () => {
    await server.close();
  });

  it('config mode: no prefix of the token in stdout, --json, JUnit or the job summary (isError text and JSON-RPC errors)', async () => {
    const config = writeJson('leak.json', {
      endpoints: [{ name: 'e', url: server.url, headers: { Authorization: 'Bearer ${TOK}' }, toolCalls: [{ tool: 'add', arguments: { a: 1, b: 2 } }, { tool: 'get_time' }] }],
    });
    const junit = tempPath('leak.xml');
    const summary = tempPath('leak.md');
    for (const json of [[], ['--json']]) {
      const run = await runCli(['check', '--config', config, '--junit', junit, ...json], { TOK: SECRET, GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary });
      assert.equal(run.code, 1, run.stderr);
      const everything = [run.stdout, run.stderr, readFileSync(junit, 'utf8'), readFileSync(summary, 'utf8')].join('\n');
      assert.equal(leakedPrefix(everything), '', 'part of the token leaked');
      assert.ok(everything.includes('[redacted]'), 'the echo was seen, and redacted');
    }
  });

  it('check URL -H with ${VAR} and --json (no config): the same protection', async () => {
    const run = await runCli(['check', server.url, '-H', 'Authorization: Bearer ${TOK}', '--json'], { TOK: SECRET });
    assert.equal(run.code, 1, run.stderr);
    assert.equal(leakedPrefix(run.stdout + run.stderr), '', 'part of the token leaked');
    assert.match(run.stdout, /\[redacted\]/, 'the ping errors quote the header');
  });

  it('a secret spelt with JSON \\u escapes is redacted once parsed, before any cut', async () => {
    const { readServerJson } = await import('../src/probe/transport/streamable-post.js');
    const spelt = [...SECRET].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
    const read = readServerJson({ redact: redactor([SECRET]) }, `{"text":"${'x'.repeat(190)}${spelt}"}`);
    assert.ok(read.parsed.ok);
    const text = (read.parsed.value as { text: string }).text;
    assert.equal(text, `${'x'.repeat(190)}[redacted]`);
  });
});

describe('bug: an empty environment variable was accepted (a missing GitHub secret is "")', () => {
  it('config header: exit 2, naming the variable', async () => {
    const config = writeJson('empty.json', { endpoints: [{ url: 'http://127.0.0.1:1/mcp', headers: { Authorization: 'Bearer ${MCP_TOKEN}' } }] });
    const run = await runCli(['check', '--config', config], { MCP_TOKEN: '' });
    assert.equal(run.code, 2, run.stdout);
    assert.match(run.stderr, /endpoints\[0\]\.headers\.Authorization: environment variable MCP_TOKEN is set but empty/);
    assert.equal(run.stdout, '');
  });

  it('-H: exit 2, naming the variable', async () => {
    const run = await runCli(['check', 'http://127.0.0.1:1/mcp', '-H', 'Authorization: Bearer ${MCP_TOKEN}'], { MCP_TOKEN: '' });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--header Authorization: environment variable MCP_TOKEN is set but empty/);
  });

  it('scan inputs: the entry is rejected, naming the variable and where it came from', async () => {
    const list = writeJson('targets.json', [{ url: 'https://c.example/mcp', headers: { Authorization: 'Bearer ${MCP_TOKEN}' } }]);
    const loaded = await loadSources({ files: [list], env: { MCP_TOKEN: '' } });
    assert.deepEqual(loaded.targets, []);
    assert.deepEqual(loaded.problems.map((p) => `${locationText(p)}: ${p.reason}`), [`${list} (entry 1): header Authorization: environment variable MCP_TOKEN is set but empty (a missing CI secret?)`]);
  });
});

const lock = (tools: Record<string, ToolContract>): Lockfile => ({ lockfileVersion: 1, tools });
const changesOf = (diff: ContractDiff) => diff.tools.flatMap((t) => t.changes.map((c) => `${t.tool}: ${c.breaking ? 'breaking' : 'compatible'}: ${c.detail}`));
const objectSchema = (extra: Record<string, unknown> = {}) => ({ type: 'object', ...extra });

describe('bug: tools named like Object.prototype members crashed the baseline comparison', () => {
  for (const name of ['constructor', 'valueOf', 'toString', 'hasOwnProperty', '__proto__']) {
    it(`a tool named ${name}: added is compatible, removed is breaking`, () => {
      const without = lock(JSON.parse('{"other":{"inputSchema":{"type":"object"}}}') as Lockfile['tools']);
      const withIt = lock(JSON.parse(`{"other":{"inputSchema":{"type":"object"}},${JSON.stringify(name)}:{"inputSchema":{"type":"object"}}}`) as Lockfile['tools']);
      assert.deepEqual(changesOf(diffContracts(without, withIt)), [`${name}: compatible: tool added`]);
      assert.deepEqual(changesOf(diffContracts(withIt, without)), [`${name}: breaking: tool removed`]);
      assert.deepEqual(changesOf(diffContracts(withIt, withIt)), []);
    });
  }

  it('a required parameter named constructor or __proto__ added is breaking', () => {
    for (const name of ['constructor', '__proto__']) {
      const newer = JSON.parse(`{"type":"object","properties":{${JSON.stringify(name)}:{"type":"string"}},"required":[${JSON.stringify(name)}]}`) as Record<string, unknown>;
      const changes = changesOf(diffContracts(lock({ t: { inputSchema: objectSchema({ properties: {} }) } }), lock({ t: { inputSchema: newer } })));
      assert.deepEqual(changes, [`t: breaking: parameter "${name}" added (required)`]);
    }
  });

  it('an annotation named constructor is compared as an annotation', () => {
    const changes = changesOf(diffContracts(lock({ t: { inputSchema: objectSchema() } }), lock({ t: { inputSchema: objectSchema(), annotations: JSON.parse('{"constructor":true}') as Record<string, unknown> } })));
    assert.deepEqual(changes, ['t: compatible: annotation constructor: unset → true']);
  });

  it('the snapshot keeps a tool named __proto__, and the lock file reads it back', () => {
    const snapshot = snapshotOf([{ name: '__proto__', inputSchema: objectSchema() }, { name: 'a', inputSchema: objectSchema() }]);
    assert.deepEqual(Object.keys(snapshot.tools), ['__proto__', 'a']);
    const parsed = parseLockfile(renderLockfile(snapshot));
    assert.ok(parsed.ok);
    assert.deepEqual(Object.keys(parsed.lock.tools), ['__proto__', 'a']);
    assert.deepEqual(diffContracts(parsed.lock, snapshot).tools, []);
  });

  it('redaction keeps a key named __proto__ as a key', () => {
    const value = JSON.parse('{"properties":{"__proto__":{"type":"string"}},"s":"x secret-1 y"}') as Record<string, Record<string, unknown>>;
    const redacted = redactor(['secret-1'])(value);
    assert.deepEqual(Object.keys(redacted['properties']!), ['__proto__']);
    assert.equal(redacted['s'], 'x [redacted] y');
  });

  it('end to end: a tool valueOf appearing is a compatible change, exit 0, with JUnit and summary written', async () => {
    let extra = false;
    const server = await startScriptedServer({
      override: (call) => (call.method === 'tools/list' ? { result: { tools: [...DEFAULT_TOOLS, ...(extra ? [{ name: 'valueOf', inputSchema: { type: 'object' } }, { name: 'constructor', inputSchema: { type: 'object' } }] : [])] } } : undefined),
    });
    try {
      const lockPath = tempPath('proto.lock.json');
      const updated = await runCli(['check', server.url, '--baseline', lockPath, '--update-baseline']);
      assert.equal(updated.code, 0, updated.stderr);
      extra = true;
      const junit = tempPath('proto.xml');
      const summary = tempPath('proto.md');
      const run = await runCli(['check', server.url, '--baseline', lockPath, '--junit', junit], { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /tool constructor: compatible\n\s+compatible tool added/);
      assert.match(run.stdout, /tool valueOf: compatible\n\s+compatible tool added/);
      assert.ok(existsSync(junit) && existsSync(summary));
    } finally {
      await server.close();
    }
  });
});

describe('bug: the contract diff ignored `required` names absent from `properties`, and draft-04 exclusive bounds', () => {
  const rows: Array<[string, ToolContract, ToolContract, string[]]> = [
    ['input: a required name added without a property', { inputSchema: objectSchema() }, { inputSchema: objectSchema({ required: ['q'] }) }, ['t: breaking: parameter "q" is now required']],
    ['input: a required name dropped without a property', { inputSchema: objectSchema({ required: ['q'] }) }, { inputSchema: objectSchema() }, ['t: compatible: parameter "q" is no longer required']],
    [
      'output: a required name removed (no property declared)',
      { inputSchema: objectSchema(), outputSchema: objectSchema({ required: ['count'] }) },
      { inputSchema: objectSchema(), outputSchema: objectSchema() },
      ['t: breaking: output property "count" is no longer required (may now be absent)'],
    ],
    [
      'input: draft-04 exclusiveMaximum false → true narrows',
      { inputSchema: objectSchema({ properties: { a: { type: 'number', maximum: 5, exclusiveMaximum: false } } }) },
      { inputSchema: objectSchema({ properties: { a: { type: 'number', maximum: 5, exclusiveMaximum: true } } }) },
      ['t: breaking: "a": exclusiveMaximum false → true'],
    ],
    [
      'input: draft-04 exclusiveMinimum true → absent widens',
      { inputSchema: objectSchema({ properties: { a: { type: 'number', minimum: 0, exclusiveMinimum: true } } }) },
      { inputSchema: objectSchema({ properties: { a: { type: 'number', minimum: 0 } } }) },
      ['t: compatible: "a": exclusiveMinimum true → none'],
    ],
    [
      'output: draft-04 exclusiveMaximum true → false widens what old consumers get',
      { inputSchema: objectSchema(), outputSchema: objectSchema({ properties: { a: { type: 'number', maximum: 5, exclusiveMaximum: true } } }) },
      { inputSchema: objectSchema(), outputSchema: objectSchema({ properties: { a: { type: 'number', maximum: 5, exclusiveMaximum: false } } }) },
      ['t: breaking: "a": exclusiveMaximum true → false'],
    ],
    [
      'input: a boolean bound replaced by a number is incomparable',
      { inputSchema: objectSchema({ properties: { a: { type: 'number', maximum: 5, exclusiveMaximum: true } } }) },
      { inputSchema: objectSchema({ properties: { a: { type: 'number', exclusiveMaximum: 5 } } }) },
      ['t: breaking: "a": exclusiveMaximum true → 5', 't: compatible: "a": maximum 5 → none'],
    ],
    ['unchanged required order is no change', { inputSchema: objectSchema({ required: ['a', 'b'] }) }, { inputSchema: objectSchema({ required: ['b', 'a'] }) }, []],
  ];
  for (const [what, older, newer, expected] of rows) {
    it(what, () => {
      assert.deepEqual(changesOf(diffContracts(lock({ t: older }), lock({ t: newer }))).sort(), [...expected].sort());
    });
  }
});

describe('bug: an output path that cannot be written crashed (lock file) or failed after probing (JUnit)', () => {
  let server: ScriptedServer;
  before(async () => {
    server = await startScriptedServer();
  });
  after(async () => {
    await server.close();
  });
  const requests = () => [...server.calls.values()].reduce((a, b) => a + b, 0);

  it('--update-baseline with a lock file under a file: exit 2 before probing, naming the path', async () => {
    const file = tempPath('a-file');
    writeFileSync(file, 'x');
    const before = requests();
    const run = await runCli(['check', server.url, '--baseline', join(file, 'lock.json'), '--update-baseline', '--junit', tempPath('j.xml')]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /--baseline: cannot create .*a-file\/lock\.json: .*a-file is not a directory/);
    assert.doesNotMatch(run.stderr, /at \w+ \(/, 'no stack trace');
    assert.equal(requests(), before, 'nothing was probed');
  });

  it('a lock file that fails to be written at the end is a failed baseline check, not a crash', async () => {
    const file = tempPath('another-file');
    writeFileSync(file, 'x');
    const path = join(file, 'lock.json');
    const report = await runCiCheck({
      endpoints: [{ name: 'e', probeOptions: probeOptions(server.url, { livenessSamples: 0 }), thresholds: { slowMs: 10_000, minProtocolVersion: '2025-03-26', certificateWarningDays: 0 }, failOn: 'dead', expectTools: [], toolCalls: [], baseline: { path, lock: null } }],
      waitMs: null,
      updateBaseline: true,
      secrets: [],
      junitPath: null,
      log: () => undefined,
    });
    const check = report.endpoints[0]!.checks.find((c) => c.kind === 'baseline')!;
    assert.equal(check.level, 'error');
    assert.match(check.message, /cannot write the baseline to .*another-file\/lock\.json \((EEXIST|ENOTDIR)\)/);
    assert.equal(report.passed, false);
  });

  it('--junit naming a directory: exit 2 before probing', async () => {
    const folder = tempPath('junit-dir');
    mkdirSync(folder);
    const before = requests();
    const run = await runCli(['check', server.url, '--junit', folder]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--junit: .*junit-dir is a directory; give a file name/);
    assert.equal(run.stdout, '');
    assert.equal(requests(), before, 'nothing was probed');
  });

  it('a JUnit file that fails to be written at the end: stdout, summary and annotations first, then exit 2', async () => {
    const port = await closedPort();
    const junit = tempPath('late.xml');
    const summary = tempPath('late.md');
    const child = spawn(process.execPath, [fileURLToPath(new URL('../src/cli/main.js', import.meta.url)), 'check', `http://127.0.0.1:${port}/mcp`, '--wait-ms', '20s', '--junit', junit, '--fail-on', 'dead'], {
      env: { PATH: process.env['PATH'], GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const waiting = new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('waiting up to')) resolve();
      });
    });
    const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
    const timer = setTimeout(() => child.kill(), 30_000);
    let late: CiServer | null = null;
    try {
      await waiting;
      // Planned (the path was fine); now the path turns into a directory, then the server comes up.
      mkdirSync(junit);
      late = await startCiServer(port);
      const code = await exited;
      assert.equal(code, 2, stderr);
      assert.match(stdout, /^✔ healthy/, 'the result was printed');
      assert.match(readFileSync(summary, 'utf8'), /## mcp-health check: ✅ passed/, 'the summary was written');
      assert.match(stderr, /cannot write the JUnit report to .*late\.xml \(EISDIR\)/);
    } finally {
      clearTimeout(timer);
      await late?.close();
    }
  });
});

describe('bug: configured tool calls fed the verdict\'s slow rule', () => {
  let server: CiServer;
  before(async () => {
    server = await startCiServer();
  });
  after(async () => {
    await server.close();
  });

  it('a call within its own 10 s budget but slower than slowMs leaves the verdict healthy; its step is still listed', async () => {
    Object.assign(server.state, INITIAL_STATE, { addDelayMs: 2_500 });
    const config = writeJson('slow-call.json', { endpoints: [{ name: 'own', url: server.url, toolCalls: [{ tool: 'add', arguments: { a: 1, b: 2 }, expect: { maxLatencyMs: '10s' } }] }] });
    const run = await runCli(['check', '--config', config, '--slow-ms', '2000', '--json']);
    Object.assign(server.state, INITIAL_STATE);
    const document = JSON.parse(run.stdout) as { endpoints: Array<{ verdict: { status: string; reasons: Array<{ code: string; detail: string }> }; checks: Array<{ name: string; level: string }>; result: { steps: Array<{ name: string; durationMs: number; configured?: boolean }> } }> };
    const only = document.endpoints[0]!;
    assert.equal(only.verdict.reasons.some((r) => r.code === 'slow' && r.detail.startsWith('tools/call')), false, JSON.stringify(only.verdict));
    assert.equal(run.code, 0, JSON.stringify(only.verdict));
    const call = only.result.steps.find((s) => s.name === 'tools/call')!;
    assert.ok(call.durationMs >= 2_500 && call.configured === true);
    assert.deepEqual(only.checks.map((c) => [c.name, c.level]), [['verdict (fails when degraded or dead)', 'ok'], ['call add', 'ok']]);
  });
});

describe('lesser review findings', () => {
  function endpointWith(names: string[]): EndpointReport {
    const result = emptyProbeResult('http://127.0.0.1:3000/mcp', [], new Date('2026-01-01T00:00:00Z'), 30_000);
    const verdict = { status: 'dead' as const, reasons: [{ code: 'connection_refused' as const, detail: 'ECONNREFUSED' }] };
    const checks = [verdictCheck(result, verdict, 'degraded', null), ...names.map((name) => ({ kind: 'tool_listed' as const, name, level: 'error' as const, message: 'missing', details: [], durationMs: 0, rank: 3 }))];
    return { name: 'e', url: result.url, failOn: 'degraded', thresholds: { slowMs: 1, minProtocolVersion: '2025-03-26', certificateWarningDays: 1 }, wait: null, result, verdict, baseline: null, checks, passed: false };
  }

  it('bug: JUnit names collided after the 300-character cut; now unique, and the file stays valid', async () => {
    const long = 'L'.repeat(400);
    const report: CiReport = { startedAt: '2026-01-01T00:00:00.000Z', durationMs: 1, endpoints: [endpointWith([`${long}1`, `${long}2`, 'x\u0001', 'x\u0002', 'x (2)'])], passed: false, junitPath: null };
    const xml = renderJunit(report);
    const names = [...xml.matchAll(/<testcase name="([^"]*)"/g)].map((m) => m[1]!);
    assert.equal(names.length, 6);
    assert.equal(new Set(names).size, names.length, names.join('\n'));
    assert.ok(names.every((n) => n.length <= 300));
    assert.deepEqual(await junitProblems(xml), []);
  });

  it('bug: expectTools items had no length cap', () => {
    const loaded = loadCiConfig(writeJson('long-tool.json', { endpoints: [{ url: 'http://127.0.0.1:1/mcp', expectTools: ['t'.repeat(300)], toolCalls: [{ tool: 'u'.repeat(300) }] }] }), {});
    assert.ok(!loaded.ok);
    assert.equal(loaded.problems.filter((p) => /must NOT have more than 256 characters/.test(p)).length, 2, loaded.problems.join('\n'));
  });

  it('bug: config errors stopped after the shape pass and named only the first missing variable', () => {
    const loaded = loadCiConfig(writeJson('all.json', { failOn: 'never', endpoints: [{ url: 'http://127.0.0.1:1/mcp', hedaers: {}, headers: { Authorization: 'Bearer ${A1} ${B1}', 'X-K': '${C1}' } }] }), { C1: '' });
    assert.ok(!loaded.ok);
    const problems = loaded.problems.map((p) => p.replace(/^.*?all\.json: /, ''));
    for (const expected of [
      'failOn: must be one of "degraded", "dead"',
      'endpoints[0].hedaers: unknown key (did you mean "headers"?)',
      'endpoints[0].headers.Authorization: environment variable A1 is not set',
      'endpoints[0].headers.Authorization: environment variable B1 is not set',
      'endpoints[0].headers["X-K"]: environment variable C1 is set but empty',
    ]) {
      assert.ok(problems.some((p) => p.startsWith(expected)), `${expected}\n  not in\n${problems.join('\n')}`);
    }
  });

  it('bug: the same URL twice, or two endpoints sharing a lock file, were accepted', () => {
    const loaded = loadCiConfig(
      writeJson('dups.json', {
        endpoints: [
          { name: 'a', url: 'http://127.0.0.1:1/mcp', baseline: 'one.lock.json' },
          { name: 'b', url: 'HTTP://127.0.0.1:1/mcp' },
          { name: 'c', url: 'http://127.0.0.1:2/mcp', baseline: './one.lock.json' },
        ],
      }),
      {},
    );
    assert.ok(!loaded.ok);
    const problems = loaded.problems.map((p) => p.replace(/^.*?dups\.json: /, ''));
    assert.ok(problems.includes('endpoints[1].url: "http://127.0.0.1:1/mcp" is also the url of endpoints[0]; list each endpoint once'), problems.join('\n'));
    assert.ok(problems.includes('endpoints[2].baseline: "./one.lock.json" is also the baseline of endpoints[0]; give each endpoint its own lock file'), problems.join('\n'));
  });

  it('bug: the step summary budget ignored what the step had already written', async () => {
    const server = await startCiServer();
    try {
      const summary = tempPath('full.md');
      const limit = 1024 * 1024;
      writeFileSync(summary, `${'x'.repeat(99)}\n`.repeat(Math.floor((limit - 6_000) / 100)));
      const config = writeJson('many.json', { endpoints: [{ url: server.url, expectTools: Array.from({ length: 200 }, (_, i) => `missing_tool_number_${i}`) }] });
      const run = await runCli(['check', '--config', config], { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary });
      assert.equal(run.code, 1);
      assert.ok(statSync(summary).size <= limit, `${statSync(summary).size} bytes`);
      assert.match(readFileSync(summary, 'utf8'), /Summary truncated/);
    } finally {
      await server.close();
    }
  });

  it('bug: --wait-ms and waitMs had no upper bound', async () => {
    const run = await runCli(['check', 'http://127.0.0.1:1/mcp', '--wait-ms', '1000000000000']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--wait-ms: 1000000000000 ms is longer than the 10-minute maximum wait/);
    const loaded = loadCiConfig(writeJson('wait.json', { waitMs: '2h', endpoints: [{ url: 'http://127.0.0.1:1/mcp' }] }), {});
    assert.ok(!loaded.ok);
    assert.match(loaded.problems.join('\n'), /waitMs: 7200000 ms is longer than the 10-minute maximum wait/);
  });

  it('bug: "1 attempts"', () => {
    assert.match(waitLine({ kind: 'timed_out', waitedMs: 1000, attempts: 1, lastFailure: { code: 'connection_refused', detail: 'refused' } }), /\(1 attempt; last: /);
    assert.match(waitLine({ kind: 'up', waitedMs: 1000, attempts: 1, status: 200 }), /\(1 attempt, HTTP 200\)/);
  });
});


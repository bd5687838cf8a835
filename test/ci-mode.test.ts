import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startCiServer, INITIAL_STATE, type CiServer } from './fixtures/ci-server.js';
import { closedPort } from './fixtures/listen.js';
import { runCli, type CliRun } from './helpers/run-cli.js';
import { junitProblems } from './helpers/validate-junit.js';

const MAIN = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

/**
 * The CI flow end to end (#5): the real CLI against "your own server" (the SDK's McpServer on
 * loopback) that changes between runs as commits would. Each change must give the right exit
 * code, JUnit content (valid against test/fixtures/junit.xsd), job summary and annotations;
 * a compatible change passes; the secret from the environment appears in no output at all.
 */

const SECRET = 'tok_CI_5ecret_7f3a9c';
const dir = mkdtempSync(join(tmpdir(), 'mcp-health-ci-'));
let runNumber = 0;

interface CiRun extends CliRun {
  junit: string;
  summary: string;
  annotations: string[];
  /** Plain lines after the annotations (the closing line). */
  outputs: string[];
}

function writeConfig(server: CiServer, extra: Record<string, unknown> = {}): string {
  const path = join(dir, `config-${runNumber}.json`);
  writeFileSync(
    path,
    JSON.stringify({
      failOn: 'degraded',
      // Generous: a loaded CI runner must not make an unchanged server "slow". The slow-step
      // tests set --slow-ms 1000 and delay a step well past it (a sleep never ends early).
      thresholds: { slowMs: '5s' },
      endpoints: [
        {
          name: 'own-server',
          url: server.url,
          headers: { Authorization: 'Bearer ${MCP_TOKEN}' },
          expectTools: ['add', 'echo', 'status'],
          toolCalls: [
            { tool: 'add', arguments: { a: 2, b: 3 }, expect: { isError: false, maxLatencyMs: '5s' } },
            { tool: 'status', name: 'status answers ok', expect: { outputSchema: { type: 'object', properties: { ok: { const: true } }, required: ['ok'] } } },
          ],
          baseline: 'mcp-tools.lock.json',
          ...extra,
        },
      ],
    }),
  );
  return path;
}

/** Every file the run could have written, and its streams. */
function everyOutput(run: CiRun): string[] {
  const files = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
  return [run.stdout, run.stderr, run.junit, run.summary, ...files];
}

async function ciRun(server: CiServer, args: string[] = [], extraConfig: Record<string, unknown> = {}, extraEnv: NodeJS.ProcessEnv = {}): Promise<CiRun> {
  runNumber++;
  const config = writeConfig(server, extraConfig);
  const junitPath = join(dir, `junit-${runNumber}.xml`);
  const summaryPath = join(dir, `summary-${runNumber}.md`);
  writeFileSync(summaryPath, '# earlier step\n');
  const run = await runCli(['check', '--config', config, '--junit', junitPath, ...args], {
    MCP_TOKEN: SECRET,
    GITHUB_ACTIONS: 'true',
    GITHUB_STEP_SUMMARY: summaryPath,
    ...extraEnv,
  });
  const lines = run.stdout.split('\n');
  return {
    ...run,
    junit: existsSync(junitPath) ? readFileSync(junitPath, 'utf8') : '',
    summary: readFileSync(summaryPath, 'utf8'),
    annotations: lines.filter((l) => /^::(error|warning)/.test(l)),
    outputs: lines.filter((l) => l.startsWith('mcp-health: ')),
  };
}

function assertNoSecret(run: CiRun): void {
  for (const output of everyOutput(run)) assert.equal(output.includes(SECRET), false, 'the secret leaked into an output');
}

async function assertValidJunit(xml: string): Promise<void> {
  assert.deepEqual(await junitProblems(xml), []);
}

/** The <testcase> element named `name` (names are unique within a suite). */
function testcase(xml: string, name: string): string {
  const start = xml.indexOf(`<testcase name="${name}"`);
  assert.ok(start >= 0, `no test case named ${name}`);
  const selfClosed = xml.indexOf('/>', start);
  const closed = xml.indexOf('</testcase>', start);
  return closed >= 0 && (closed < selfClosed || selfClosed < 0 || xml.indexOf('>', start) < selfClosed) ? xml.slice(start, closed) : xml.slice(start, selfClosed + 2);
}

describe('CI mode: one server, changed between runs', () => {
  let server: CiServer;
  before(async () => {
    server = await startCiServer();
  });
  after(async () => {
    await server.close();
  });

  it('0. --update-baseline writes a stable lock file and passes; the token was sent, and shown nowhere', async () => {
    const run = await ciRun(server, ['--update-baseline']);
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    const lockPath = join(dir, 'mcp-tools.lock.json');
    const lock = readFileSync(lockPath, 'utf8');
    assert.deepEqual(Object.keys(JSON.parse(lock).tools), ['add', 'echo', 'status']);
    assert.match(run.stderr, /wrote 3 tool contracts to .*mcp-tools\.lock\.json/);
    assert.ok(server.authorizations.includes(`Bearer ${SECRET}`), 'the header reached the server');
    assertNoSecret(run);
    // Stable: writing again from the same catalogue gives the same bytes.
    const again = await ciRun(server, ['--update-baseline']);
    assert.equal(again.code, 0);
    assert.equal(readFileSync(lockPath, 'utf8'), lock);
  });

  it('1. unchanged: exit 0, every check passes, no annotations, a summary appended', async () => {
    const run = await ciRun(server);
    assert.equal(run.code, 0, run.stdout);
    await assertValidJunit(run.junit);
    assert.match(run.junit, /<testsuites name="mcp-health" tests="7" failures="0" errors="0"/);
    for (const name of ['verdict (fails when degraded or dead)', 'tool &quot;add&quot; is listed', 'call add', 'status answers ok', 'tool contracts match mcp-tools.lock.json']) {
      assert.ok(!testcase(run.junit, name).includes('<failure'), name);
    }
    assert.match(run.junit, /<testcase name="call add" classname="mcp-health\.own-server" time="\d+\.\d{3}"/);
    assert.deepEqual(run.annotations, []);
    assert.ok(run.summary.startsWith('# earlier step\n## mcp-health check: ✅ passed'), 'appended after what was there');
    assert.match(run.summary, /\| ✅ own\\-server \| ✅ healthy \| 7 of 7 passed \| ✅ unchanged \|/);
    assertNoSecret(run);
  });

  it('2. a compatible change (tool added, optional parameter, description) passes and is reported', async () => {
    Object.assign(server.state, INITIAL_STATE, { compatibleChanges: true });
    const run = await ciRun(server);
    assert.equal(run.code, 0, run.stdout);
    await assertValidJunit(run.junit);
    assert.ok(!testcase(run.junit, 'tool contracts match mcp-tools.lock.json').includes('<failure'));
    assert.match(run.stdout, /tool greet: compatible\n\s+compatible tool added/);
    assert.match(run.stdout, /tool echo: compatible\n\s+compatible parameter "loud" added \(optional\)/);
    assert.match(run.stdout, /tool status: compatible\n\s+compatible description changed/);
    assert.equal(run.annotations.length, 1);
    assert.match(run.annotations[0]!, /^::warning title=mcp-health%3A own-server%3A tool contracts match mcp-tools.lock.json::3 compatible changes/);
    assert.match(run.summary, /\| greet \| tool added \| compatible \|/);
    assertNoSecret(run);
  });

  it('3. a tool removed: exit 1, a breaking change in JUnit, summary and annotations', async () => {
    Object.assign(server.state, INITIAL_STATE, { removeEcho: true });
    const run = await ciRun(server);
    assert.equal(run.code, 1, run.stdout);
    await assertValidJunit(run.junit);
    const baseline = testcase(run.junit, 'tool contracts match mcp-tools.lock.json');
    assert.match(baseline, /<failure message="1 breaking change \(echo\)" type="breaking_change">/);
    assert.match(baseline, /BREAKING\s+tool removed/);
    assert.match(testcase(run.junit, 'tool &quot;echo&quot; is listed'), /<failure message="not in the catalogue \(2 tools listed\)" type="missing_tool"/);
    assert.match(run.summary, /\| echo \| tool removed \| \*\*breaking\*\* \|/);
    assert.match(run.summary, /## mcp-health check: ❌ failed/);
    // Worst first: the breaking change before the missing tool.
    assert.equal(run.annotations.length, 2);
    assert.match(run.annotations[0]!, /^::error title=mcp-health%3A own-server%3A tool contracts match mcp-tools\.lock\.json::1 breaking change \(echo\)%0Atool echo: 1 breaking%0A  BREAKING   tool removed$/);
    assert.match(run.annotations[1]!, /^::error title=mcp-health%3A own-server%3A tool "echo" is listed::not in the catalogue/);
    assertNoSecret(run);
  });

  it('4. a required parameter added: exit 1, breaking, and the configured call now fails too', async () => {
    Object.assign(server.state, INITIAL_STATE, { requireC: true });
    const run = await ciRun(server);
    assert.equal(run.code, 1, run.stdout);
    await assertValidJunit(run.junit);
    assert.match(testcase(run.junit, 'tool contracts match mcp-tools.lock.json'), /BREAKING\s+parameter "c" added \(required\)/);
    assert.match(testcase(run.junit, 'call add'), /<failure message="isError was true: /);
    assert.match(run.summary, /\| add \| parameter \\"c\\" added \\\(required\\\) \| \*\*breaking\*\* \|/);
    assert.ok(run.annotations.some((a) => a.startsWith('::error title=mcp-health%3A own-server%3A call add::isError was true')));
    assertNoSecret(run);
  });

  it('5. a tool starting to return isError: exit 1; the error text it quotes (our token, fake commands) stays inert', async () => {
    Object.assign(server.state, INITIAL_STATE, { addFails: true, errorText: '\u001b[31mred\r\n::error::injected 100%' });
    const run = await ciRun(server);
    assert.equal(run.code, 1, run.stdout);
    await assertValidJunit(run.junit);
    const call = testcase(run.junit, 'call add');
    assert.match(call, /<failure message="isError was true: upstream refused \[redacted\]/);
    assert.ok(!testcase(run.junit, 'tool contracts match mcp-tools.lock.json').includes('<failure'), 'the contract did not change');
    assert.ok(!testcase(run.junit, 'verdict (fails when degraded or dead)').includes('<failure'), 'configured calls are judged by their expectations, not the verdict');
    assert.equal(run.annotations.length, 1);
    const annotation = run.annotations[0]!;
    assert.match(annotation, /^::error title=mcp-health%3A own-server%3A call add::isError was true: upstream refused \[redacted\] \[31mred ::error::injected 100%25/);
    assert.equal(run.stdout.split('\n').filter((l) => l.startsWith('::error::injected')).length, 0, 'no line of server text starts a command');
    assert.equal(run.stdout.includes('\u001b'), false);
    assert.match(run.summary, /isError was true\\: upstream refused \\\[redacted\\\]/);
    assertNoSecret(run);
  });

  it('5b. a header given with -H replaces the config\'s, and its secret is redacted too', async () => {
    const other = 'tok_FLAG_9d8e7f6a5b';
    Object.assign(server.state, INITIAL_STATE, { addFails: true });
    const run = await ciRun(server, ['-H', 'Authorization: Token ${OTHER_TOKEN}'], {}, { OTHER_TOKEN: other });
    Object.assign(server.state, INITIAL_STATE);
    assert.equal(run.code, 1);
    assert.ok(server.authorizations.includes(`Token ${other}`), 'the flag\'s header was sent');
    assert.match(testcase(run.junit, 'call add'), /upstream refused \[redacted\]/);
    for (const output of everyOutput(run)) assert.equal(output.includes(other), false, 'the flag\'s secret leaked');
    assertNoSecret(run);
  });

  // A sampled call (--call-tools readonly: status) is a step the verdict judges; a configured
  // call (add) is judged by its own budget only (docs/ci.md).
  const slowStep = ['--call-tools', 'readonly', '--slow-ms', '1000'];
  const budgetedAdd = { toolCalls: [{ tool: 'add', arguments: { a: 2, b: 3 }, expect: { maxLatencyMs: '1s' } }] };

  it('6. a slow step: degraded (slow) fails the check, and the latency budget is exceeded', async () => {
    Object.assign(server.state, INITIAL_STATE, { statusDelayMs: 2_000, addDelayMs: 1_500 });
    const run = await ciRun(server, slowStep, budgetedAdd);
    assert.equal(run.code, 1, run.stdout);
    await assertValidJunit(run.junit);
    assert.match(testcase(run.junit, 'verdict (fails when degraded or dead)'), /<failure message="degraded: slow" type="degraded">/);
    assert.match(testcase(run.junit, 'call add'), /<failure message="took \d+ ms, over the budget of 1000 ms" type="tool_call">/);
    assert.match(run.summary, /\| ❌ own\\-server \| ⚠️ degraded \|/);
    assert.match(run.summary, /- `slow` tools\\\/call took \d+ ms \\\(threshold 1000 ms\\\)/);
    // The degraded verdict ranks after the failed call (a broken promise before a slow one).
    assert.deepEqual(
      run.annotations.map((a) => /title=mcp-health%3A own-server%3A ([^:]+)::/.exec(a)?.[1]),
      ['call add', 'verdict (fails when degraded or dead)'],
    );
    assertNoSecret(run);
  });

  it('6b. --fail-on dead on the command line overrides the config: slow passes, with a warning', async () => {
    Object.assign(server.state, INITIAL_STATE, { statusDelayMs: 2_000 });
    const noBudget = { toolCalls: [{ tool: 'add', arguments: { a: 1, b: 2 } }] };
    const run = await ciRun(server, slowStep, noBudget);
    assert.equal(run.code, 1, 'the config says degraded fails');
    const lenient = await ciRun(server, [...slowStep, '--fail-on', 'dead'], noBudget);
    assert.equal(lenient.code, 0, lenient.stdout);
    assert.match(lenient.annotations[0] ?? '', /^::warning title=mcp-health%3A own-server%3A verdict \(fails when dead\)::degraded: slow/);
    Object.assign(server.state, INITIAL_STATE);
  });

  it('--json prints one document for the config, with checks, and no secret; annotations go to stderr', async () => {
    Object.assign(server.state, INITIAL_STATE, { removeEcho: true });
    const run = await ciRun(server, ['--json']);
    assert.equal(run.code, 1);
    const document = JSON.parse(run.stdout) as { passed: boolean; endpoints: Array<{ name: string; checks: Array<{ name: string; level: string }>; baseline: { mode: string; diff: { breaking: number } } }> };
    assert.equal(document.passed, false);
    assert.equal(document.endpoints[0]!.baseline.diff.breaking, 1);
    assert.deepEqual(document.endpoints[0]!.checks.filter((c) => c.level === 'error').map((c) => c.name), ['tool "echo" is listed', 'tool contracts match mcp-tools.lock.json']);
    assert.match(run.stderr, /^::error title=/m);
    assertNoSecret(run);
    Object.assign(server.state, INITIAL_STATE);
  });

  it('at most 10 annotations, worst first, then a line saying where the rest is', async () => {
    const expectTools = Array.from({ length: 14 }, (_, i) => `missing_${String(i).padStart(2, '0')}`);
    Object.assign(server.state, INITIAL_STATE, { removeEcho: true });
    const run = await ciRun(server, [], { expectTools: ['echo', ...expectTools] });
    assert.equal(run.code, 1);
    assert.equal(run.annotations.length, 10);
    assert.match(run.annotations[0]!, /tool contracts match/, 'the breaking change first');
    assert.deepEqual(run.outputs.filter((l) => l.includes('not annotated')), [
      `mcp-health: 6 more findings not annotated (at most 10, worst first): see the job summary and the JUnit report ${join(dir, `junit-${runNumber}.xml`)} and the log above`,
    ]);
    assert.equal((run.junit.match(/<failure /g) ?? []).length, 16, 'the JUnit file has all of them');
    await assertValidJunit(run.junit);
    Object.assign(server.state, INITIAL_STATE);
  });
});

describe('CI mode: --wait-ms', () => {
  it('waits for a server that starts after the check, then judges it', async () => {
    const port = await closedPort();
    // The server starts only once the check says it is waiting (plus a little), so at least one attempt
    // has been refused whatever the machine's speed: a fixed delay raced the CLI's start-up on a slow CI.
    const child = spawn(process.execPath, [MAIN, 'check', `http://127.0.0.1:${port}/mcp`, '--wait-ms', '20s'], { env: { PATH: process.env['PATH'] } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const waiting = new Promise<void>((resolve) =>
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('waiting up to')) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await Promise.race([waiting, exited]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const server = await startCiServer(port);
    try {
      const code = await exited;
      assert.equal(code, 0, `${stdout}\n${stderr}`);
      assert.match(stderr, /waiting up to 20 s for http:\/\/127\.0\.0\.1:\d+\/mcp to answer/);
      const attempts = Number(/answered after \d+\.\d s \((\d+) attempts, HTTP 405\)/.exec(stderr)?.[1]);
      assert.ok(attempts >= 2, stderr);
      assert.match(stdout, /^✔ healthy/);
      assert.match(stdout, /waited\s+answered after \d+ ms/);
    } finally {
      child.kill();
      await server.close();
    }
  });

  it('a server that never comes up is a failed check (dead), exit 1, with a clear message', async () => {
    const port = await closedPort();
    const run = await runCli(['check', `http://127.0.0.1:${port}/mcp`, '--wait-ms', '1200ms', '--junit', join(dir, 'never.xml')], {});
    assert.equal(run.code, 1);
    assert.match(run.stderr, /did not answer within 1\.\d s \(\d+ attempts; last: connection_refused/);
    assert.match(run.stdout, /✖ dead/);
    assert.match(run.stdout, /connection_refused/);
    const junit = readFileSync(join(dir, 'never.xml'), 'utf8');
    assert.match(junit, /<failure message="dead: connection_refused" type="dead">/);
    assert.match(junit, /--wait-ms: did not answer within/);
    await assertValidJunit(junit);
  });
});

describe('CI mode: configuration errors exit 2, naming the problem, before any probe', () => {
  const cfg = (content: unknown) => {
    const path = join(dir, `bad-${runNumber++}.json`);
    writeFileSync(path, JSON.stringify(content));
    return path;
  };
  const two = { endpoints: [{ name: 'a', url: 'http://127.0.0.1:1/mcp' }, { name: 'b', url: 'http://127.0.0.1:2/mcp' }] };
  const cases: Array<[string, () => string[], RegExp]> = [
    ['a config that does not exist', () => ['check', '--config', join(dir, 'nope.json')], /nope\.json: cannot be read \(ENOENT\)/],
    ['an unset variable in a header', () => ['check', '--config', cfg({ endpoints: [{ url: 'http://127.0.0.1:1/mcp', headers: { Authorization: 'Bearer ${UNSET_TOKEN_X}' } }] })], /: endpoints\[0\]\.headers\.Authorization: environment variable UNSET_TOKEN_X is not set/],
    ['a config without endpoints and no URL', () => ['check', '--config', cfg({ failOn: 'dead' })], /lists no endpoints/],
    ['a URL with a config of several endpoints', () => ['check', 'http://127.0.0.1:1/mcp', '--config', cfg(two)], /lists 2 endpoints; a URL on the command line can replace only a single one/],
    ['--baseline with several endpoints', () => ['check', '--config', cfg(two), '--baseline', 'x.json'], /--baseline names one lock file/],
    ['a baseline that does not exist', () => ['check', 'http://127.0.0.1:1/mcp', '--baseline', join(dir, 'missing.lock.json')], /--baseline: .*missing\.lock\.json does not exist; create it with --update-baseline/],
    ['--update-baseline without a file', () => ['check', 'http://127.0.0.1:1/mcp', '--update-baseline'], /--update-baseline needs a lock file/],
    ['an unreadable --wait-ms', () => ['check', 'http://127.0.0.1:1/mcp', '--wait-ms', 'a while'], /--wait-ms: "a while" is not a duration/],
    ['neither a URL nor a config', () => ['check'], /Not enough non-option arguments: give the endpoint URL, or --config FILE/],
  ];
  for (const [what, args, message] of cases) {
    it(what, async () => {
      const run = await runCli(args());
      assert.equal(run.code, 2, `${run.stdout}${run.stderr}`);
      assert.match(run.stderr, message);
      assert.equal(run.stdout, '');
    });
  }

  it('--help lists the CI flags with examples', async () => {
    const run = await runCli(['check', '--help']);
    assert.equal(run.code, 0);
    for (const flag of ['--config', '--baseline', '--update-baseline', '--junit', '--wait-ms', 'check --config mcp-health.config.json', '--update-baseline']) assert.ok(run.stdout.includes(flag), flag);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { closedPort } from './fixtures/listen.js';
import { startScriptedServer, type ScriptedServer } from './fixtures/scripted-mcp-server.js';
import { startV1StatefulSse, type SdkServer } from './fixtures/sdk-servers.js';
import { runCli } from './helpers/run-cli.js';

/** `mcp-health check` as a user and a CI job see it: output, exit codes, strictness. */

const ESC = '\u001b';

describe('mcp-health check', () => {
  let healthy: SdkServer;
  let stale: ScriptedServer;
  let hostileNames: ScriptedServer;
  before(async () => {
    healthy = await startV1StatefulSse();
    stale = await startScriptedServer({ protocolVersion: '2024-11-05' });
    hostileNames = await startScriptedServer({
      serverInfo: { name: `evil${ESC}[31mRED${ESC}]0;owned\u0007`, version: `1${ESC}[2J` },
      tools: [{ name: `x${ESC}[5mblink`, inputSchema: { type: 'object' } }],
    });
  });
  after(async () => {
    await healthy.close();
    await stale.close();
    await hostileNames.close();
  });

  it('a healthy endpoint: exit 0, the verdict and the details on stdout, no colour when piped', async () => {
    const run = await runCli(['check', healthy.url]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^✔ healthy  http:\/\/127\.0\.0\.1:\d+\/mcp$/m);
    assert.match(run.stdout, /protocol\s+2025-11-25 · initialize handshake · streamable-http · session/);
    assert.match(run.stdout, /catalogue\s+3 tools \(1 page\) · 1 resources · 1 prompts/);
    assert.match(run.stdout, /initialize\s+\d+ ms 200 ok/);
    assert.equal(run.stdout.includes(ESC), false);
    assert.equal(run.stderr, '');
  });

  it('--color forces colour', async () => {
    const run = await runCli(['check', healthy.url, '--color']);
    assert.equal(run.code, 0);
    assert.ok(run.stdout.includes(`${ESC}[32m`));
  });

  it('a dead endpoint: exit 1 with the reason', async () => {
    const run = await runCli(['check', `http://127.0.0.1:${await closedPort()}/mcp`]);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /✖ dead/);
    assert.match(run.stdout, /connection_refused/);
  });

  it('--fail-on: degraded fails by default, passes with --fail-on dead', async () => {
    assert.equal((await runCli(['check', stale.url])).code, 1);
    const lenient = await runCli(['check', stale.url, '--fail-on', 'dead']);
    assert.equal(lenient.code, 0);
    assert.match(lenient.stdout, /▲ degraded/);
    assert.match(lenient.stdout, /stale_protocol/);
  });

  it('--json prints one document with verdict and result, and no secret values', async () => {
    const run = await runCli(['check', healthy.url, '--json', '-H', 'Authorization: Bearer ${MCP_TOKEN}'], { MCP_TOKEN: 'tok-5ecret-value' });
    assert.equal(run.code, 0, run.stderr);
    const document = JSON.parse(run.stdout) as { verdict: { status: string }; result: { headerNames: string[]; handshake: { era: string } } };
    assert.equal(document.verdict.status, 'healthy');
    assert.equal(document.result.handshake.era, 'initialize');
    assert.deepEqual(document.result.headerNames, ['Authorization']);
    assert.equal(run.stdout.includes('tok-5ecret-value'), false);
    assert.equal(run.stderr.includes('tok-5ecret-value'), false);
  });

  it('server text cannot reach the terminal as escape sequences', async () => {
    const run = await runCli(['check', hostileNames.url, '--color']);
    assert.equal(run.code, 1, run.stdout);
    assert.match(run.stdout, /invalid_tools/, 'a control character in a tool name breaks the name rule');
    const withoutOurColours = run.stdout.replace(/\u001b\[(?:\d+;)*\d*m/g, '');
    assert.equal(withoutOurColours.includes(ESC), false, 'only our own SGR colour codes remain');
    assert.equal(run.stdout.includes('\u0007'), false);
    assert.match(run.stdout, /evil\[31mRED\]0;owned/);
  });

  it('durations accept units: --timeout 5s --slow-ms 1500ms', async () => {
    const run = await runCli(['check', healthy.url, '--timeout', '5s', '--slow-ms', '1500ms', '--json']);
    assert.equal(run.code, 0, run.stderr);
    const document = JSON.parse(run.stdout) as { thresholds: { slowMs: number }; result: { deadlineMs: number } };
    assert.equal(document.thresholds.slowMs, 1500);
    assert.equal(document.result.deadlineMs, 5000);
  });

  describe('usage errors exit 2 with a message on stderr and nothing on stdout', () => {
    const cases: Array<[string, string[], RegExp]> = [
      ['an unknown flag', ['check', 'http://127.0.0.1:1/mcp', '--bogus'], /Unknown argument: bogus/],
      ['a missing URL', ['check'], /Not enough non-option arguments/],
      ['not a URL', ['check', 'not a url'], /"not a url": not a URL/],
      ['a non-HTTP scheme', ['check', 'javascript:alert(1)'], /javascript: URLs cannot be probed/],
      ['a URL with a password in it', ['check', 'http://user:hunter2@127.0.0.1:1/mcp'], /URL carries credentials; pass them as a header instead/],
      ['an unreadable duration', ['check', 'http://127.0.0.1:1/mcp', '--timeout', 'soon'], /--timeout: "soon" is not a duration/],
      ['a bad --call-tools', ['check', 'http://127.0.0.1:1/mcp', '--call-tools', 'all'], /Invalid values:[\s\S]*call-tools/],
      ['a header naming an unset variable', ['check', 'http://127.0.0.1:1/mcp', '-H', 'Authorization: Bearer ${NOPE_TOKEN}'], /NOPE_TOKEN is not set/],
      ['a zero page cap', ['check', 'http://127.0.0.1:1/mcp', '--max-pages', '0'], /--max-pages must be a whole number ≥ 1/],
      ['an unreadable size', ['check', 'http://127.0.0.1:1/mcp', '--max-body', 'lots'], /--max-body: "lots" is not a size/],
      ['an unreadable revision', ['check', 'http://127.0.0.1:1/mcp', '--min-protocol', 'latest'], /--min-protocol: "latest" is not a revision/],
      ['no command', [], /Name a command/],
      ['an unknown command', ['chekc', 'x'], /Unknown argument|Did you mean check/],
    ];
    for (const [what, args, message] of cases) {
      it(what, async () => {
        const run = await runCli(args);
        assert.equal(run.code, 2, `${run.stdout}${run.stderr}`);
        assert.match(run.stderr, message);
        assert.equal(run.stdout, '');
      });
    }
  });

  it('--help lists the flags and examples and exits 0', async () => {
    const run = await runCli(['check', '--help']);
    assert.equal(run.code, 0);
    for (const flag of ['--header', '--timeout', '--slow-ms', '--call-tools', '--insecure', '--fail-on', '--json', 'Examples:']) assert.ok(run.stdout.includes(flag), flag);
  });
});

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { startCiServer, type CiServer } from './fixtures/ci-server.js';
import type { CliRun } from './helpers/run-cli.js';

/** action.yml (#5): the composite action's inputs reach `mcp-health check`, one argument each. */

const root = fileURLToPath(new URL('../../', import.meta.url));
const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; steps: Array<{ uses?: string; run?: string; env?: Record<string, string> }> };
};
const dir = mkdtempSync(join(tmpdir(), 'mcp-health-action-'));

/** The check step's script, run as the runner would: inputs in INPUT_* variables, cwd the workspace. */
function runStep(inputs: Record<string, string>, stepEnv: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { PATH: `${dirname(process.execPath)}:${process.env['PATH'] ?? ''}`, GITHUB_ACTION_PATH: root, ...stepEnv };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`] = value;
  return new Promise((resolve) => {
    execFile('bash', ['-c', action.runs.steps.at(-1)!.run!], { env, cwd: dir, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

describe('action.yml', () => {
  let server: CiServer;
  before(async () => {
    server = await startCiServer();
  });
  after(async () => {
    await server.close();
  });

  it('is a composite action with the inputs #5 names, each passed to the check step through the environment', () => {
    assert.equal(action.runs.using, 'composite');
    for (const input of ['url', 'config', 'baseline', 'fail-on', 'junit', 'wait-ms', 'update-baseline']) assert.ok(input in action.inputs, input);
    const step = action.runs.steps.at(-1)!;
    for (const input of Object.keys(action.inputs).filter((i) => i !== 'node-version')) {
      assert.equal(step.env?.[`INPUT_${input.toUpperCase().replace(/-/g, '_')}`], `\${{ inputs.${input} }}`, input);
    }
    assert.equal(step.run!.includes('${{'), false, 'no input is interpolated into the script');
    assert.ok(action.runs.steps.some((s) => s.uses?.startsWith('actions/setup-node@')));
    assert.ok(action.inputs['headers'], 'a headers input');
  });

  it('installs with dev dependencies (TypeScript builds it, even under NODE_ENV=production), in the action directory', () => {
    const install = action.runs.steps.find((s) => s.run?.includes('npm ci'))!;
    assert.match(install.run!, /npm ci --include=dev/);
    assert.equal((install as { 'working-directory'?: string })['working-directory'], '${{ github.action_path }}');
  });

  it('bug: args after the first line were dropped and split on spaces; headers: one a line, each its own -H, ${VAR} from the step env', async () => {
    const token = 'tok_action_4b3c2d1e';
    const run = await runStep(
      {
        url: server.url,
        headers: 'Authorization: Bearer ${MCP_TOKEN}\r\n\n  X-Team: platform team  \n',
        // Three lines: each one argument. The old script read only the first line.
        args: '--slow-ms=5s\n--fail-on\ndead\n--json',
      },
      { MCP_TOKEN: token },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.ok(server.authorizations.includes(`Bearer ${token}`), 'the token was sent');
    const document = JSON.parse(run.stdout) as { thresholds: { slowMs: number }; result: { headerNames: string[] } };
    assert.equal(document.thresholds.slowMs, 5000);
    assert.deepEqual(document.result.headerNames, ['Authorization', 'X-Team']);
    assert.equal(run.stdout.includes(token), false);
  });

  it('a headers line naming an unset secret is a configuration error (exit 2)', async () => {
    const run = await runStep({ url: server.url, headers: 'Authorization: Bearer ${MCP_TOKEN}' }, { MCP_TOKEN: '' });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /MCP_TOKEN is set but empty/);
  });

  it('runs the check: update the baseline, then compare; JUnit written', async () => {
    const updated = await runStep({ url: server.url, baseline: 'mcp-tools.lock.json', 'update-baseline': 'true' });
    assert.equal(updated.code, 0, updated.stderr);
    assert.ok(existsSync(join(dir, 'mcp-tools.lock.json')));
    server.state.removeEcho = true;
    const compared = await runStep({ url: server.url, baseline: 'mcp-tools.lock.json', junit: 'out/junit.xml', args: '--slow-ms\n5s\n--fail-on=dead', 'wait-ms': '5s' });
    server.state.removeEcho = false;
    assert.equal(compared.code, 1, compared.stdout);
    assert.match(compared.stdout, /tool echo: 1 breaking/);
    assert.match(readFileSync(join(dir, 'out', 'junit.xml'), 'utf8'), /type="breaking_change"/);
  });

  it('input text stays one argument: no shell code runs from it', async () => {
    const run = await runStep({ url: `${server.url}; touch pwned`, args: '$(touch pwned2) `touch pwned3`' });
    assert.equal(run.code, 2);
    for (const file of ['pwned', 'pwned2', 'pwned3']) assert.equal(existsSync(join(dir, file)), false, file);
  });
});

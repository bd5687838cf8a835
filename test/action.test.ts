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
function runStep(inputs: Record<string, string>): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { PATH: `${dirname(process.execPath)}:${process.env['PATH'] ?? ''}`, GITHUB_ACTION_PATH: root };
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
  });

  it('runs the check: update the baseline, then compare; JUnit written', async () => {
    const updated = await runStep({ url: server.url, baseline: 'mcp-tools.lock.json', 'update-baseline': 'true' });
    assert.equal(updated.code, 0, updated.stderr);
    assert.ok(existsSync(join(dir, 'mcp-tools.lock.json')));
    server.state.removeEcho = true;
    const compared = await runStep({ url: server.url, baseline: 'mcp-tools.lock.json', junit: 'out/junit.xml', args: '--slow-ms 5s  --fail-on dead', 'wait-ms': '5s' });
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

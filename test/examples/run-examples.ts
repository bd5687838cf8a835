/**
 * `npm run examples`: starts local example MCP servers of different kinds on 127.0.0.1,
 * runs the real `mcp-health check` against each, then one `mcp-health scan` over them all
 * (into data/examples.db), so a newcomer sees every verdict without touching the internet.
 * Add `--keep` to leave the servers running.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closedPort, type RunningServer } from '../fixtures/listen.js';
import { startStatic } from '../fixtures/hostile-servers.js';
import { startOAuthServer } from '../fixtures/oauth-server.js';
import { startScriptedServer } from '../fixtures/scripted-mcp-server.js';
import { startV1LegacySse, startV1StatefulSse, startV2Modern } from '../fixtures/sdk-servers.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

interface Example {
  what: string;
  server: RunningServer | null;
  url: string;
}

async function examples(): Promise<Example[]> {
  const modern = await startV2Modern();
  const stateful = await startV1StatefulSse();
  const legacy = await startV1LegacySse();
  const oauth = await startOAuthServer();
  const slowFlaky = await startScriptedServer({
    serverInfo: { name: 'flaky-example', version: '0.3.0' },
    override: async ({ method, count }) => {
      if (method === 'tools/list') await new Promise((resolve) => setTimeout(resolve, 2_200));
      return method === 'ping' && count === 2 ? { raw: (res) => res.writeHead(503).end() } : undefined;
    },
  });
  const html = await startStatic(200, { 'content-type': 'text/html' }, '<!doctype html><title>Parked domain</title>');
  const port = await closedPort();
  return [
    { what: '2026-07-28 server (official v2 SDK)', server: modern, url: modern.url },
    { what: '2025-11-25 server with sessions (official v1 SDK)', server: stateful, url: stateful.url },
    { what: 'deprecated HTTP+SSE server (official v1 SDK)', server: legacy, url: legacy.url },
    { what: 'OAuth-protected server with valid discovery', server: oauth, url: oauth.url },
    { what: 'slow and flaky server', server: slowFlaky, url: slowFlaky.url },
    { what: 'a web page where an MCP server should be', server: html, url: html.url },
    { what: 'nothing listening', server: null, url: `http://127.0.0.1:${port}/mcp` },
  ];
}

function check(url: string): Promise<string> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    execFile(process.execPath, [MAIN, 'check', url, ...(process.stdout.isTTY ? ['--color'] : [])], { env }, (_error, stdout, stderr) => resolve(stdout + stderr));
  });
}

function scan(listFile: string): Promise<string> {
  return new Promise((resolve) => {
    const args = [MAIN, 'scan', listFile, '--db', 'data/examples.db', '--no-progress', ...(process.stdout.isTTY ? ['--color'] : [])];
    execFile(process.execPath, args, (_error, stdout, stderr) => resolve(stdout + stderr));
  });
}

const list = await examples();
for (const example of list) {
  process.stdout.write(`\n# ${example.what}\n$ mcp-health check ${example.url}\n`);
  process.stdout.write(await check(example.url));
}
const listFile = join(mkdtempSync(join(tmpdir(), 'mcp-health-examples-')), 'examples.txt');
writeFileSync(listFile, list.map((e) => `${e.url}  ${e.what}`).join('\n'));
process.stdout.write(`\n# all of them in one scan, stored for history in data/examples.db\n$ mcp-health scan examples.txt --db data/examples.db\n`);
process.stdout.write(await scan(listFile));
if (process.argv.includes('--keep')) {
  process.stdout.write('\nThe example servers keep running; press Ctrl+C to stop them.\n');
  for (const example of list) process.stdout.write(`  ${example.url}  ${example.what}\n`);
  process.once('SIGINT', () => void Promise.all(list.map((e) => e.server?.close())).then(() => process.exit(0)));
} else {
  await Promise.all(list.map((e) => e.server?.close()));
  process.stdout.write('\nTry it on your own endpoint: node dist/src/cli/main.js check https://your.server/mcp (or npm link, then mcp-health check ...)\n');
}

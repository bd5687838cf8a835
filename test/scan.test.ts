import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { EXPECTED, startFarm, type EndpointKind, type Farm } from './fixtures/farm.js';
import { startOAuthServer } from './fixtures/oauth-server.js';
import { startScriptedServer } from './fixtures/scripted-mcp-server.js';
import { runCli } from './helpers/run-cli.js';

/** `mcp-health scan` end to end: the real CLI, a farm of endpoints of every kind, a real database. */

const MAIN = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'mcp-health-scan-'));
let fileCount = 0;
const tempPath = (name: string) => join(dir, `${fileCount++}-${name}`);
const FAST = ['--timeout', '5s', '--request-timeout', '1500', '--slow-ms', '1000'];

function writeList(urls: string[]): string {
  const path = tempPath('list.txt');
  writeFileSync(path, `${urls.join('\n')}\n`);
  return path;
}

function rows<T>(dbPath: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

describe('scan: every kind of endpoint, end to end', () => {
  let farm: Farm;
  const counts: Record<EndpointKind, number> = {
    healthy: 4, slow: 2, stale: 2, empty: 2, invalid_tools: 2, flaky: 2, http_404: 2, http_500: 2, html: 2, hang: 2, refused: 2, unknown_host: 2,
  };
  before(async () => {
    farm = await startFarm({ hosts: 6, counts, slowMs: 1_200 });
  });
  after(() => farm.close());

  it('stores the right verdict for each, streams JSON lines, and prints the summary', async () => {
    const db = tempPath('e2e.db');
    const jsonl = tempPath('results.jsonl');
    const json = tempPath('run.json');
    const list = writeList([...farm.endpoints.map((e) => e.url), 'not-a-url', 'javascript:alert(1)']);
    const run = await runCli(['scan', list, '--db', db, '--jsonl', jsonl, '--json', json, ...FAST]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /list\.txt:\d+: not a URL: "not-a-url"/);
    assert.match(run.stderr, /list\.txt:\d+: javascript: URLs cannot be probed/);

    const stored = rows<{ url: string; status: string; codes: string }>(db, 'SELECT e.url, p.status, p.reason_codes AS codes FROM probes p JOIN endpoints e ON e.id = p.endpoint_id');
    assert.equal(stored.length, farm.endpoints.length);
    const byUrl = new Map(stored.map((r) => [r.url, r]));
    for (const endpoint of farm.endpoints) {
      const row = byUrl.get(endpoint.url);
      const expected = EXPECTED[endpoint.kind];
      assert.equal(row?.status, expected.status, `${endpoint.kind} ${endpoint.url}: ${row?.codes}`);
      if (expected.code) assert.ok((JSON.parse(row!.codes) as string[]).includes(expected.code), `${endpoint.kind}: ${row!.codes}`);
      else assert.equal(row!.codes, '[]');
    }

    const lines = readFileSync(jsonl, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { url: string; status: string });
    assert.equal(lines.length, farm.endpoints.length);
    const document = JSON.parse(readFileSync(json, 'utf8')) as { results: unknown[]; summary: { totals: { total: number } } };
    assert.equal(document.results.length, farm.endpoints.length);
    assert.equal(document.summary.totals.total, farm.endpoints.length);

    const healthy = counts.healthy;
    assert.match(run.stdout, new RegExp(`^  healthy\\s+${healthy}\\s`, 'm'));
    assert.match(run.stdout, /Top reasons/);
    assert.match(run.stdout, /input: 2 rejected entries/);
    const [integrity] = rows<{ integrity_check: string }>(db, 'PRAGMA integrity_check');
    assert.equal(integrity?.integrity_check, 'ok');
  });

  it('a second run reports what changed, and history shows the endpoint over time', async () => {
    const db = tempPath('twice.db');
    const flaky = farm.endpoints.filter((e) => e.kind === 'flaky').map((e) => e.url);
    const list = writeList(flaky);
    assert.equal((await runCli(['scan', list, '--db', db, ...FAST])).code, 0);
    const second = await runCli(['scan', list, '--db', db, ...FAST]);
    assert.equal(second.code, 0);
    assert.match(second.stdout, /change since run 1/);
    const history = await runCli(['history', flaky[0]!, '--db', db]);
    assert.equal(history.code, 0, history.stderr);
    assert.match(history.stdout, /2 probes · alive 100\.0%/);
    const asJson = JSON.parse((await runCli(['history', flaky[0]!, '--db', db, '--json'])).stdout) as { entries: unknown[] };
    assert.equal(asJson.entries.length, 2);
  });

  it('--jsonl - puts results on stdout and the summary on stderr', async () => {
    const list = writeList(farm.endpoints.filter((e) => e.kind === 'healthy').map((e) => e.url));
    const run = await runCli(['scan', list, '--db', tempPath('stdout.db'), '--jsonl', '-', ...FAST]);
    assert.equal(run.code, 0);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines.length, counts.healthy);
    for (const line of lines) assert.equal((JSON.parse(line) as { status: string }).status, 'healthy');
    assert.match(run.stderr, /Run 1 · finished/);
  });

  it('header values from the environment reach the endpoint and appear in no output and not in the database', async () => {
    const secret = 'tok-scan-5ecret-9f2';
    const healthy = farm.endpoints.filter((e) => e.kind === 'healthy' || e.kind === 'http_404');
    const list = tempPath('with-headers.json');
    writeFileSync(list, JSON.stringify(healthy.map((e) => ({ url: e.url, headers: { Authorization: 'Bearer ${SCAN_SECRET}' } }))));
    const db = tempPath('secret.db');
    const jsonl = tempPath('secret.jsonl');
    const run = await runCli(['scan', list, '--db', db, '--jsonl', jsonl, ...FAST], { SCAN_SECRET: secret });
    assert.equal(run.code, 0, run.stderr);
    const database = new Database(db, { readonly: true });
    const tables = database.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    const everything = JSON.stringify(tables.map((t) => database.prepare(`SELECT * FROM ${t}`).all()));
    database.close();
    for (const [where, text] of [['database', everything], ['jsonl', readFileSync(jsonl, 'utf8')], ['stdout', run.stdout], ['stderr', run.stderr]]) {
      assert.ok(!text!.includes(secret), `the secret is in the ${where}`);
    }
  });

  it('a server that echoes the credential back (in its name, in a long error) leaves no part of it in the database or output', async () => {
    const secret = 'tok-echo-5ecret-7d1c0a';
    const echo = await startScriptedServer({
      override: ({ method, headers }) => {
        const credential = String(headers['authorization'] ?? '');
        if (method === 'initialize') {
          return { result: { protocolVersion: '2025-11-25', capabilities: { tools: {} }, serverInfo: { name: `echo ${credential}`, version: '1' } } };
        }
        // The credential straddles the 200-character cut of error details.
        if (method === 'tools/list') return { error: { code: -32000, message: `${'x'.repeat(190)}${credential}` } };
        return undefined;
      },
    });
    try {
      const list = tempPath('echo.json');
      writeFileSync(list, JSON.stringify([{ url: echo.url, headers: { Authorization: 'Bearer ${ECHO_SECRET}' } }]));
      const db = tempPath('echo.db');
      const jsonl = tempPath('echo.jsonl');
      const run = await runCli(['scan', list, '--db', db, '--jsonl', jsonl, ...FAST], { ECHO_SECRET: secret });
      assert.equal(run.code, 0, run.stderr);
      assert.ok(echo.requestHeaders.some((h) => h['authorization'] === `Bearer ${secret}`), 'the header reached the server');
      const database = new Database(db, { readonly: true });
      const stored = JSON.stringify(database.prepare('SELECT * FROM probes').all());
      database.close();
      assert.match(stored, /echo \[redacted\]|echo Bearer \[redacted\]|\[redacted\]/);
      for (const [where, text] of [['database', stored], ['jsonl', readFileSync(jsonl, 'utf8')], ['stdout', run.stdout], ['stderr', run.stderr]]) {
        // Not even the first part of the token, as a cut could leave it.
        assert.ok(!text!.includes(secret.slice(0, 10)), `part of the secret is in the ${where}`);
      }
    } finally {
      await echo.close();
    }
  });

  it("--header applies to every target (and a target's own header wins)", async () => {
    const protectedServer = await startOAuthServer({ acceptToken: 'scan-token' });
    try {
      const list = writeList([protectedServer.url]);
      const db = tempPath('header-flag.db');
      const without = await runCli(['scan', list, '--db', db, ...FAST]);
      assert.equal(without.code, 0, without.stderr);
      const withFlag = await runCli(['scan', list, '--db', db, '-H', 'Authorization: Bearer ${SCAN_TOKEN}', ...FAST], { SCAN_TOKEN: 'scan-token' });
      assert.equal(withFlag.code, 0, withFlag.stderr);
      const statuses = rows<{ codes: string; status: string }>(db, 'SELECT status, reason_codes AS codes FROM probes ORDER BY run_id');
      assert.deepEqual(statuses, [{ status: 'healthy', codes: '["auth_required"]' }, { status: 'healthy', codes: '[]' }]);
      const overridden = tempPath('override.json');
      writeFileSync(overridden, JSON.stringify([{ url: protectedServer.url, headers: { Authorization: 'Bearer wrong' } }]));
      const targetWins = await runCli(['scan', overridden, '--db', db, '-H', 'Authorization: Bearer scan-token', ...FAST]);
      assert.equal(targetWins.code, 0, targetWins.stderr);
      const [last] = rows<{ codes: string }>(db, 'SELECT reason_codes AS codes FROM probes ORDER BY run_id DESC LIMIT 1');
      assert.equal(last?.codes, '["auth_rejected"]');
    } finally {
      await protectedServer.close();
    }
  });

  it('no valid target: exit 2, naming the problems', async () => {
    const run = await runCli(['scan', writeList(['ftp://x.example/y', 'nope']), '--db', tempPath('none.db')]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /no valid target in the input \(2 rejected entries\)/);
  });
});

describe('scan: scheduling', () => {
  it('never probes one host more than --per-host at a time, and does reach that many', async () => {
    const farm = await startFarm({ hosts: 1, counts: { healthy: 12 }, delayMs: () => 40 });
    try {
      const run = await runCli(['scan', writeList(farm.endpoints.map((e) => e.url)), '--db', tempPath('perhost.db'), '--concurrency', '12', '--per-host', '2', ...FAST]);
      assert.equal(run.code, 0, run.stderr);
      const [peak] = [...farm.peakInFlight.values()];
      assert.equal(peak, 2);
    } finally {
      await farm.close();
    }
  });

  it('a host that keeps refusing connections is not hammered; its other endpoints are judged from that', async () => {
    const farm = await startFarm({ hosts: 1, counts: { refused: 10 } });
    try {
      const db = tempPath('budget.db');
      const run = await runCli(['scan', writeList(farm.endpoints.map((e) => e.url)), '--db', db, '--per-host', '2', ...FAST]);
      assert.equal(run.code, 0, run.stderr);
      const stored = rows<{ status: string; inferred: number; codes: string }>(db, 'SELECT status, inferred, reason_codes AS codes FROM probes');
      assert.equal(stored.length, 10);
      assert.ok(stored.every((r) => r.status === 'dead' && r.codes === '["connection_refused"]'));
      // The first two run at once; the third may start as the first fails, before the second does.
      const contacted = stored.filter((r) => r.inferred === 0).length;
      assert.ok(contacted >= 2 && contacted <= 3, `${contacted} of 10 contacted`);
    } finally {
      await farm.close();
    }
  });
});

describe('scan: interruption, resume, crashes, concurrent writers', () => {
  let farm: Farm;
  before(async () => {
    farm = await startFarm({ hosts: 8, counts: { healthy: 40 }, delayMs: () => 120 });
  });
  after(() => farm.close());

  function startScan(args: string[]) {
    const child = spawn(process.execPath, [MAIN, 'scan', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
    return { child, exited, output: () => ({ stdout, stderr }) };
  }

  async function waitForProbes(db: string, atLeast: number): Promise<void> {
    for (let i = 0; i < 200; i++) {
      try {
        const [row] = rows<{ n: number }>(db, 'SELECT count(*) AS n FROM probes');
        if ((row?.n ?? 0) >= atLeast) return;
      } catch {
        // not created yet
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('no probes were written in time');
  }

  it('first Ctrl+C drains and saves; --resume finishes the run without probing done endpoints again', async () => {
    const db = tempPath('sigint.db');
    const list = writeList(farm.endpoints.map((e) => e.url));
    const html = tempPath('sigint.html');
    const scan = startScan([list, '--db', db, '--concurrency', '2', '--html', html, ...FAST]);
    await waitForProbes(db, 3);
    scan.child.kill('SIGINT');
    const code = await scan.exited;
    assert.equal(code, 130, scan.output().stderr);
    assert.match(scan.output().stderr, /stopping: finishing the probes under way/);
    assert.match(scan.output().stdout, /not probed \(stopped\); mcp-health scan --resume finishes the run/);
    // The interrupted run is what the summary and --html show, labelled partial (review of issue 4).
    assert.match(scan.output().stdout, /Run 1 · interrupted · \d+ endpoints \(partial: \d+ of 40 targets\)/);
    assert.match(readFileSync(html, 'utf8'), /Run 1 is partial: \d+ of 40 targets probed \(interrupted\)/);
    const [interrupted] = rows<{ state: string; n: number }>(db, 'SELECT r.state, (SELECT count(*) FROM probes WHERE run_id = r.id) AS n FROM runs r');
    assert.equal(interrupted?.state, 'interrupted');
    assert.ok(interrupted!.n > 0 && interrupted!.n < 40, `${interrupted!.n} probes before the stop`);

    const requestsBefore = [...farm.requests.values()].reduce((a, b) => a + b, 0);
    const resumed = await runCli(['scan', '--resume', '--db', db, ...FAST]);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stderr, new RegExp(`resuming run 1: ${interrupted!.n} endpoints done, ${40 - interrupted!.n} to go`));
    const [finished] = rows<{ state: string; n: number; runs: number }>(db, 'SELECT r.state, (SELECT count(*) FROM probes WHERE run_id = r.id) AS n, (SELECT count(*) FROM runs) AS runs FROM runs r');
    assert.deepEqual(finished, { state: 'finished', n: 40, runs: 1 });
    const requestsAfter = [...farm.requests.values()].reduce((a, b) => a + b, 0);
    const perProbe = requestsBefore / interrupted!.n;
    assert.ok(requestsAfter - requestsBefore <= Math.ceil((40 - interrupted!.n) * perProbe) + 2, 'done endpoints were not probed again');
  });

  it('a second Ctrl+C aborts at once, leaving a consistent database to resume', async () => {
    const db = tempPath('abort.db');
    const scan = startScan([writeList(farm.endpoints.map((e) => e.url)), '--db', db, '--concurrency', '2', ...FAST]);
    await waitForProbes(db, 2);
    scan.child.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 20));
    scan.child.kill('SIGINT');
    assert.equal(await scan.exited, 130);
    assert.match(scan.output().stderr, /aborted; mcp-health scan --resume finishes the run/);
    const [integrity] = rows<{ integrity_check: string }>(db, 'PRAGMA integrity_check');
    assert.equal(integrity?.integrity_check, 'ok');
    const resumed = await runCli(['scan', '--resume', '--db', db, ...FAST]);
    assert.equal(resumed.code, 0, resumed.stderr);
    const [done] = rows<{ n: number }>(db, 'SELECT count(*) AS n FROM probes');
    assert.equal(done?.n, 40);
  });

  it('kill -9 mid-scan leaves a consistent database, and --resume completes it', async () => {
    const db = tempPath('killed.db');
    const scan = startScan([writeList(farm.endpoints.map((e) => e.url)), '--db', db, '--concurrency', '4', ...FAST]);
    await waitForProbes(db, 5);
    scan.child.kill('SIGKILL');
    await scan.exited;
    const [integrity] = rows<{ integrity_check: string }>(db, 'PRAGMA integrity_check');
    assert.equal(integrity?.integrity_check, 'ok');
    const [run] = rows<{ state: string }>(db, 'SELECT state FROM runs');
    assert.equal(run?.state, 'running');
    const resumed = await runCli(['scan', '--resume', '--db', db, ...FAST]);
    assert.equal(resumed.code, 0, resumed.stderr);
    const [done] = rows<{ n: number; state: string }>(db, 'SELECT state, (SELECT count(*) FROM probes) AS n FROM runs');
    assert.deepEqual(done, { state: 'finished', n: 40 });
  });

  it('two scans writing the same database at once both succeed', async () => {
    const db = tempPath('shared.db');
    const half = farm.endpoints.length / 2;
    const [a, b] = await Promise.all([
      runCli(['scan', writeList(farm.endpoints.slice(0, half).map((e) => e.url)), '--db', db, '--concurrency', '8', ...FAST]),
      runCli(['scan', writeList(farm.endpoints.slice(half).map((e) => e.url)), '--db', db, '--concurrency', '8', ...FAST]),
    ]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const runs = rows<{ state: string; n: number }>(db, 'SELECT state, (SELECT count(*) FROM probes WHERE run_id = runs.id) AS n FROM runs ORDER BY id');
    assert.deepEqual(runs, [{ state: 'finished', n: half }, { state: 'finished', n: half }]);
  });

  it('--resume with nothing to resume is a usage error', async () => {
    const run = await runCli(['scan', '--resume', '--db', tempPath('empty.db')]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /nothing to resume/);
  });
});

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { classify } from '../src/classify/classify.js';
import type { ProbeResult } from '../src/probe/probe-result.js';
import { openDatabase } from '../src/store/database.js';
import { RunRecorder, type ProbeOutcome } from '../src/store/run-recorder.js';
import { ThreadedRecorder } from '../src/store/threaded-recorder.js';
import { startFarm, type Farm } from './fixtures/farm.js';
import { TEST_THRESHOLDS } from './helpers/check.js';
import { healthyResult } from './helpers/probe-result.js';
import { runCli } from './helpers/run-cli.js';

/** The scan's writer thread: the same rows as the recorder on the scan's own thread, and a failed write said plainly. */

const dir = mkdtempSync(join(tmpdir(), 'mcp-health-writer-'));
let n = 0;
const tempPath = (name: string) => join(dir, `${n++}-${name}`);
const FAST = ['--timeout', '5s', '--request-timeout', '1500', '--slow-ms', '1000'];
const MAIN = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

function rows(path: string, sql: string): unknown[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

/** A list file of the farm's endpoints. */
function listOf(farm: Farm): string {
  const list = tempPath('list.txt');
  writeFileSync(list, `${farm.endpoints.map((e) => e.url).join('\n')}\n`);
  return list;
}

/** A new history file at the current schema, with `sql` (a trigger) run on it. */
function historyWith(name: string, sql: string): string {
  const path = tempPath(name);
  openDatabase(path).close();
  const raw = new Database(path);
  raw.exec(sql);
  raw.close();
  return path;
}

function outcome(url: string, second: number, overrides: Partial<ProbeResult> = {}): ProbeOutcome {
  const tools = [{ name: `tool_${second % 3}`, inputSchema: { type: 'object' } }];
  const result = healthyResult(url, new Date(Date.UTC(2026, 10, 1, 0, 0, second)).toISOString(), {
    durationMs: 40 + second,
    catalogue: { toolsDeclared: true, tools, toolCount: 1, pages: 1, truncated: false, hash: `sha256:${second % 3}`, failure: null, problems: [], resources: null, prompts: null },
    steps: [{ name: 'initialize', startedAtMs: 0, durationMs: 20 + second, outcome: 'ok' }],
    ...overrides,
  });
  return { url, result, verdict: classify(result, TEST_THRESHOLDS), inferred: false };
}

describe('the writer thread', () => {
  it('stores exactly the rows the recorder on the scan thread stores: probes, catalogues once, transitions', async () => {
    const targets = Array.from({ length: 30 }, (_, i) => ({ url: `https://host-${i % 7}.example/mcp/${i}`, ...(i % 4 === 0 ? { name: `n${i}` } : {}) }));
    const runs = (i: number) =>
      targets.map((t, j) => (i === 1 && j % 5 === 0 ? outcome(t.url, j, { failure: { code: 'connection_refused', detail: 'refused' }, handshake: null, catalogue: null, liveness: null, steps: [] }) : outcome(t.url, j)));
    const at = new Date(Date.UTC(2026, 10, 1));
    const direct = tempPath('direct.db');
    const threaded = tempPath('threaded.db');
    for (const round of [0, 1]) {
      const db = openDatabase(direct);
      const recorder = RunRecorder.start(db, { files: ['x'] }, {}, targets, at);
      for (const o of runs(round)) recorder.record(o);
      recorder.finish('finished', at);
      db.close();

      const main = openDatabase(threaded);
      const writer = ThreadedRecorder.open(threaded, (message) => assert.fail(message));
      writer.attach(RunRecorder.start(main, { files: ['x'] }, {}, targets, at).runId);
      // Some in one tick, some in later ones: several batches.
      for (const [j, o] of runs(round).entries()) {
        writer.record(o);
        if (j % 9 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      await writer.finish('finished');
      // An abort's flush that comes after the run's end (a second Ctrl+C while it was being saved) is answered
      // at once, not after the abort's full wait.
      const asked = performance.now();
      assert.equal(writer.flushNow(), true);
      assert.ok(performance.now() - asked < 5_000, 'answered, not timed out');
      await writer.close();
      main.close();
    }
    for (const sql of [
      'SELECT run_id, endpoint_id, started_at, duration_ms, status, reason_codes, reasons, era, catalogue_hash, failure_code, steps FROM probes ORDER BY run_id, endpoint_id',
      'SELECT hash, tool_count, tools, first_seen_at FROM catalogues ORDER BY hash',
      'SELECT endpoint_id, run_id, at, from_status, to_status, reason_codes FROM transitions ORDER BY id',
      'SELECT url, name, last_status, last_probed_at FROM endpoints ORDER BY id',
      "SELECT id, state FROM runs ORDER BY id",
    ]) {
      assert.deepEqual(rows(threaded, sql), rows(direct, sql), sql);
    }
    assert.equal((rows(threaded, 'SELECT count(*) AS n FROM transitions')[0] as { n: number }).n, 6);
    assert.equal((rows(threaded, 'SELECT count(*) AS n FROM probes')[0] as { n: number }).n, 60);
  });

  it('finish() reports a writer that could not open the history', async () => {
    const failures: string[] = [];
    const writer = ThreadedRecorder.open(join(dir, 'no-such-dir', '\0bad.db'), (message) => failures.push(message));
    writer.attach(1);
    await assert.rejects(writer.finish('finished'));
    assert.equal(failures.length, 1);
    await writer.close();
  });

  describe('a write that fails mid-scan', () => {
    let farm: Farm;
    before(async () => {
      farm = await startFarm({ hosts: 4, counts: { healthy: 30 }, delayMs: () => 20 });
    });
    after(() => farm.close());

    it('stops the scan with exit 1 and the reason; what was written stays, and --resume finishes the run', async () => {
      // A stand-in for a full disk: from the sixth probe on, every insert fails.
      const db = historyWith('failing.db', "CREATE TRIGGER full BEFORE INSERT ON probes WHEN (SELECT count(*) FROM probes) >= 5 BEGIN SELECT RAISE(ABORT, 'database or disk is full (test)'); END;");
      const list = listOf(farm);
      const json = tempPath('run.json');
      const failed = await runCli(['scan', list, '--db', db, '--concurrency', '2', '--json', json, ...FAST]);
      assert.equal(failed.code, 1, failed.stderr);
      // The run document still parses, and says what happened.
      const document = JSON.parse(readFileSync(json, 'utf8')) as { results: unknown[]; summary: { state: string; error: string } };
      assert.equal(document.summary.state, 'failed');
      assert.match(document.summary.error, /database or disk is full \(test\)/);
      assert.ok(document.results.length >= 1);
      assert.match(failed.stderr, /the history .*failing\.db could not be written: database or disk is full \(test\)/);
      assert.match(failed.stderr, /mcp-health scan --resume finishes the run/);
      const [kept] = rows(db, "SELECT (SELECT count(*) FROM probes) AS n, (SELECT state FROM runs) AS state, (SELECT integrity_check FROM pragma_integrity_check) AS ok") as Array<{ n: number; state: string; ok: string }>;
      // Batches are transactions: the one that failed is not kept, every one before it is.
      assert.ok(kept!.n >= 1 && kept!.n <= 5, `${kept!.n} probes kept`);
      assert.deepEqual({ state: kept!.state, ok: kept!.ok }, { state: 'running', ok: 'ok' });

      const fixed = new Database(db);
      fixed.exec('DROP TRIGGER full');
      fixed.close();
      const resumed = await runCli(['scan', '--resume', '--db', db, ...FAST]);
      assert.equal(resumed.code, 0, resumed.stderr);
      assert.deepEqual(rows(db, 'SELECT state, (SELECT count(*) FROM probes) AS n FROM runs'), [{ state: 'finished', n: 30 }]);
    });
  });
  describe('after the last probe, while the writer catches up', () => {
    let farm: Farm;
    before(async () => {
      farm = await startFarm({ hosts: 2, counts: { healthy: 8 } });
    });
    after(() => farm.close());

    it('a second Ctrl+C still waits for the writer, says so, and leaves a run that --resume finishes', async () => {
      // A slow disk, in effect: every probe row costs the writer about 0.2 s, long after the probes are done.
      const db = historyWith('slow-writer.db', 'CREATE TRIGGER slow BEFORE INSERT ON probes WHEN (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000) SELECT count(*) FROM c) > 0 BEGIN SELECT 1; END;');
      const list = listOf(farm);
      const requestsBefore = [...farm.requests.values()].reduce((a, b) => a + b, 0);
      const child = spawn(process.execPath, [MAIN, 'scan', list, '--db', db, '--concurrency', '8', ...FAST], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      // Every probe done (7 requests each), the writer still far behind.
      for (let i = 0; i < 400 && [...farm.requests.values()].reduce((a, b) => a + b, 0) - requestsBefore < 8 * 7; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      await new Promise((resolve) => setTimeout(resolve, 100));
      child.kill('SIGINT');
      await new Promise((resolve) => setTimeout(resolve, 50));
      child.kill('SIGINT');
      assert.equal(await exited, 130, stderr);
      const [kept] = rows(db, "SELECT (SELECT count(*) FROM probes) AS n, (SELECT state FROM runs) AS state, (SELECT integrity_check FROM pragma_integrity_check) AS ok") as Array<{ n: number; state: string; ok: string }>;
      // Everything posted to the writer was stored before the exit (before the fix, the second Ctrl+C
      // met no handler here and killed the process with rows still queued).
      assert.equal(kept!.n, 8);
      assert.equal(kept!.ok, 'ok');
      if (kept!.state === 'running') {
        // The abort came before the run's end was posted: --resume finishes it.
        assert.match(stderr, /aborted; mcp-health scan --resume finishes the run/);
        const resumed = await runCli(['scan', '--resume', '--db', db, ...FAST]);
        assert.equal(resumed.code, 0, resumed.stderr);
      } else {
        assert.match(stderr, /aborted; run 1 had been saved/);
      }
      assert.deepEqual(rows(db, 'SELECT state, (SELECT count(*) FROM probes) AS n FROM runs'), [{ state: 'finished', n: 8 }]);
    });
  });

  it("--db '' (a temporary database private to one connection) is written on the scan's thread", async () => {
    const farm = await startFarm({ hosts: 1, counts: { healthy: 2 } });
    try {
      const run = await runCli(['scan', listOf(farm), '--db', '', ...FAST]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /Run 1 · finished · 2 endpoints/);
    } finally {
      await farm.close();
    }
  });
});


import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { classify } from '../src/classify/classify.js';
import { openDatabase } from '../src/store/database.js';
import { MIGRATIONS } from '../src/store/migrations.js';
import { catalogueChanges, changesBetween, endpointHistory, percentile, runTotals, uptime } from '../src/store/queries.js';
import { RunRecorder } from '../src/store/run-recorder.js';
import type { ProbeResult } from '../src/probe/probe-result.js';
import { TEST_THRESHOLDS } from './helpers/check.js';
import { healthyResult } from './helpers/probe-result.js';

/** The history database: migrations, recording, and the queries every view uses. */

const dir = mkdtempSync(join(tmpdir(), 'mcp-health-store-'));
let n = 0;
const dbPath = () => join(dir, `${n++}.db`);

function result(url: string, overrides: Partial<ProbeResult> = {}): ProbeResult {
  return healthyResult(url, new Date(Date.UTC(2026, 10, 1, 0, 0, n++)).toISOString(), overrides);
}

function record(recorder: RunRecorder, probe: ProbeResult): void {
  recorder.record({ url: probe.url, result: probe, verdict: classify(probe, TEST_THRESHOLDS), inferred: false });
  recorder.flush();
}

describe('store', () => {
  it('migrates an empty file to the current schema, and opening again changes nothing', () => {
    const path = dbPath();
    writeFileSync(path, '');
    openDatabase(path).close();
    const db = openDatabase(path);
    assert.equal(db.pragma('user_version', { simple: true }), MIGRATIONS.length);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    assert.deepEqual(tables, ['catalogues', 'endpoints', 'probes', 'run_targets', 'runs', 'transitions']);
    db.close();
  });

  it('refuses a database from a newer mcp-health', () => {
    const path = dbPath();
    const raw = new Database(path);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    assert.throws(() => openDatabase(path), /newer than this mcp-health knows/);
  });

  it('records runs, transitions and catalogues once per hash; queries read them back', () => {
    const db = openDatabase(dbPath());
    const url = 'https://a.example/mcp';
    const first = RunRecorder.start(db, { files: ['x.txt'] }, {}, [{ url }]);
    record(first, result(url));
    first.finish('finished');
    const second = RunRecorder.start(db, { files: ['x.txt'] }, {}, [{ url }]);
    record(second, result(url, { failure: { code: 'connection_refused', detail: 'refused' }, handshake: null, catalogue: null, liveness: null, steps: [] }));
    second.finish('finished');
    const third = RunRecorder.start(db, { files: ['x.txt'] }, {}, [{ url }]);
    const changedTools = [{ name: 'a', inputSchema: { type: 'object', required: ['q'] } }, { name: 'b', inputSchema: { type: 'object' } }];
    record(third, result(url, { catalogue: { ...result(url).catalogue!, tools: changedTools, toolCount: 2, hash: 'sha256:b' } }));
    third.finish('finished');

    assert.deepEqual(runTotals(db, second.runId), { total: 1, healthy: 0, healthyAuth: 0, degraded: 0, dead: 1 });
    assert.deepEqual(changesBetween(db, first.runId, second.runId).map((c) => [c.from, c.to]), [['healthy', 'dead']]);
    assert.deepEqual(db.prepare('SELECT from_status, to_status FROM transitions ORDER BY id').all(), [
      { from_status: 'healthy', to_status: 'dead' },
      { from_status: 'dead', to_status: 'healthy' },
    ]);
    assert.equal(db.prepare('SELECT count(*) FROM catalogues').pluck().get(), 2);
    assert.deepEqual(endpointHistory(db, url, 10).map((e) => e.status), ['healthy', 'dead', 'healthy']);
    const figures = uptime(db, url, null);
    assert.equal(figures.probes, 3);
    assert.ok(Math.abs(figures.alive! - 2 / 3) < 1e-9);
    assert.deepEqual(catalogueChanges(db, url).map((c) => [c.added, c.removed, c.changed]), [[['b'], [], ['a']]]);
    db.close();
  });

  it('nearest-rank percentiles', () => {
    assert.equal(percentile([], 50), null);
    assert.equal(percentile([10, 20, 30, 40], 50), 20);
    assert.equal(percentile([10, 20, 30, 40], 95), 40);
    assert.equal(percentile([7], 95), 7);
  });
});

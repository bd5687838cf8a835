import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { classify } from '../src/classify/classify.js';
import { parseWindowMs } from '../src/cli/duration.js';
import { repeatedFlag } from '../src/cli/repeated-flags.js';
import { catalogueHash } from '../src/probe/catalogue/catalogue-hash.js';
import type { ProbeResult } from '../src/probe/probe-result.js';
import { renderHtmlReport, renderHtmlReportChunks } from '../src/report/html/page.js';
import { jsonForScript } from '../src/report/html/script-json.js';
import { renderJsonReport, renderJsonReportChunks } from '../src/report/json-report.js';
import { escapeMarkdown } from '../src/report/markdown-escape.js';
import { renderMarkdownReport } from '../src/report/markdown-report.js';
import { buildReportModel, REPORT_LIMITS, type DriftView, type ReportModel } from '../src/report/view-model.js';
import { openDatabase, openDatabaseForReading } from '../src/store/database.js';
import { catalogueReader, driftOf } from '../src/store/queries.js';
import { RunRecorder } from '../src/store/run-recorder.js';
import { toSafeJson } from '../src/util/safe-json.js';
import { TEST_THRESHOLDS } from './helpers/check.js';
import { FLEET_SIZE, REPORT_NOW, writePartialRun, writeReportHistory } from './helpers/report-db.js';
import { runCli } from './helpers/run-cli.js';
import { healthyResult as healthyProbe } from './helpers/probe-result.js';

/**
 * One test per defect the review of the report (issue 4) found, named after it, so none comes
 * back. Reproductions in the review: hostile catalogues crashing the report, readers that
 * wrote, partial runs as "the latest", the Markdown budget, autolinks, the demo's --db.
 */

const dir = mkdtempSync(join(tmpdir(), 'mcp-health-review4-'));
let serial = 0;
const tempPath = (name: string) => join(dir, `${serial++}-${name}`);

function history(name: string, extra?: (db: Database.Database) => void): string {
  const path = tempPath(name);
  const db = openDatabase(path);
  writeReportHistory(db);
  extra?.(db);
  db.close();
  return path;
}

function modelOf(path: string, options: { runId?: number; budgets?: { catalogueBudgetBytes?: number; driftBudgetBytes?: number } } = {}): ReportModel {
  const opened = openDatabaseForReading(path);
  assert.ok(opened.ok);
  try {
    return buildReportModel(opened.db, { now: REPORT_NOW, sinceIso: null, windowLabel: 'all history', ...options });
  } finally {
    opened.db.close();
  }
}

/** The review's hostile catalogue: every text field at its cap, all of it `<` (six bytes each in the page). */
function hostileTools(endpoint: number, count: number): Array<Record<string, unknown>> {
  const lt = (n: number) => '<'.repeat(n);
  const properties = Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`${String(i).padStart(3, '0')}${lt(117)}`, { type: lt(60) }]));
  return Array.from({ length: count }, (_, k) => ({ name: `t${endpoint}_${k}`, title: lt(500), description: lt(500), inputSchema: { type: 'object', properties } }));
}

function healthyResult(url: string, tools: Array<Record<string, unknown>>, startedAt: string): ProbeResult {
  const base = healthyProbe(url, startedAt);
  return healthyProbe(url, startedAt, {
    handshake: { ...base.handshake!, server: { name: 'x', version: '1' } },
    catalogue: { ...base.catalogue!, tools: tools as never, toolCount: tools.length, hash: catalogueHash(tools as never) },
    steps: [],
  });
}

/** Runs of `endpoints` endpoints, each run with the catalogues `toolsOf(endpoint, run)` gives. */
function fleet(name: string, endpoints: number, runs: number, toolsOf: (endpoint: number, run: number) => Array<Record<string, unknown>>): string {
  const path = tempPath(name);
  const db = openDatabase(path);
  for (let run = 0; run < runs; run++) {
    const at = new Date(Date.UTC(2026, 10, 1 + run));
    const targets = Array.from({ length: endpoints }, (_, i) => ({ url: `https://host-${i}.example/mcp` }));
    const recorder = RunRecorder.start(db, { files: ['x'] }, {}, targets, at);
    targets.forEach(({ url }, i) => {
      const result = healthyResult(url, toolsOf(i, run), new Date(at.getTime() + i).toISOString());
      recorder.record({ url, result, verdict: classify(result, TEST_THRESHOLDS), inferred: false });
    });
    recorder.finish('finished', new Date(at.getTime() + 60_000));
  }
  db.close();
  return path;
}

/** The bytes of the page's data block taken by catalogues (as jsonForScript writes them). */
const catalogueBytes = (model: ReportModel) => Buffer.byteLength(jsonForScript(model.catalogues));

describe('review of the report (issue 4): regressions', () => {
  it('a few hostile catalogues no longer crash the report: tool details stay within the page budget, and the page says what it left out', () => {
    const path = fleet('hostile.db', 6, 1, (i) => hostileTools(i, 300));
    const budget = 1024 * 1024;
    const model = modelOf(path, { budgets: { catalogueBudgetBytes: budget } });
    assert.ok(catalogueBytes(model) <= budget + 6 * 200, `${catalogueBytes(model)} bytes of catalogues`);
    assert.equal(Object.keys(model.catalogues).length, 6, 'every catalogue has an entry, cut or not');
    assert.ok(Object.values(model.catalogues).every((c) => c.toolCount === 300 && c.cut === 'budget'));
    assert.equal(model.omitted.catalogues, 6);
    assert.equal(model.omitted.tools, 6 * 300 - Object.values(model.catalogues).reduce((n, c) => n + c.tools.length, 0));
    // The first catalogue does not eat the whole budget: each gets a fair share.
    assert.ok(Object.values(model.catalogues).filter((c) => c.tools.length > 0).length >= 2);
    const html = renderHtmlReport(model);
    assert.match(html, /To keep this file small, the report left out [\d,]+ tool details of 6 catalogues/);
    assert.ok(Buffer.byteLength(html) < 2 * budget, `${Buffer.byteLength(html)} bytes of HTML`);
  });

  it('the default page budget bounds a fleet of big catalogues (the review: 25 endpoints made a 450 MB page, 4.4 GB RSS, or a RangeError)', async () => {
    const path = fleet('hostile-cli.db', 12, 1, (i) => hostileTools(i, 300));
    const out = tempPath('hostile.html');
    const run = await runCli(['report', '--db', path, '--out', out], {}, 120_000);
    assert.equal(run.code, 0, run.stderr);
    const size = statSync(out).size;
    assert.ok(size < REPORT_LIMITS.catalogueBudgetBytes + 2 * 1024 * 1024, `${size} bytes`);
    assert.match(readFileSync(out, 'utf8'), /id="omitted-note"/);
  });

  it('each drift change names at most 50 tools per list, then says how many more; all changes share the drift budget', () => {
    const names = (run: number) => Array.from({ length: 400 }, (_, k) => ({ name: `tool_${run}_${k}_${'<'.repeat(150)}`, inputSchema: { type: 'object' } }));
    const path = fleet('drift.db', 3, 3, (_, run) => names(run));
    const model = modelOf(path);
    const drift = model.endpoints.flatMap((e) => e.drift);
    assert.equal(drift.length, 3 * 2);
    for (const change of drift) {
      assert.equal(change.added.length, REPORT_LIMITS.driftNamesPerChange);
      assert.deepEqual(change.more, { added: 350, removed: 350, changed: 0 });
    }
    const small = modelOf(path, { budgets: { driftBudgetBytes: 200_000 } });
    const kept = small.endpoints.flatMap((e) => e.drift).filter((d) => d.added.length > 0).length;
    assert.ok(kept >= 1 && kept < 6, `${kept} changes kept their names`);
    assert.ok(small.omitted.driftNames > 6 * 700 - kept * 100);
    const emptied = small.endpoints.flatMap((e) => e.drift).find((d) => d.added.length === 0)!;
    assert.deepEqual(emptied.more, { added: 400, removed: 400, changed: 0 }, 'a change beyond the budget still says how many names changed');
  });

  it('drift is diffed only for the newest changes kept, and catalogues are not all held in memory', () => {
    const path = fleet('many-changes.db', 1, 30, (_, run) => [{ name: `tool_${run}`, inputSchema: { type: 'object' } }]);
    const db = openDatabase(path);
    const loaded: string[] = [];
    const reader = catalogueReader(db, 4);
    const load = (hash: string) => (loaded.push(hash), reader(hash));
    const points = (db.prepare('SELECT started_at AS at, catalogue_hash AS hash FROM probes ORDER BY started_at').all() as Array<{ at: string; hash: string }>);
    const changes = driftOf(points, load, 5);
    db.close();
    assert.equal(changes.length, 5);
    assert.equal(changes.at(-1)!.at, points.at(-1)!.at);
    assert.equal(new Set(loaded).size, 6, 'the 6 catalogues of the 5 newest changes, no others');
  });

  it('HTML and JSON are written in pieces, character for character the text a single string would have', () => {
    const model = modelOf(history('pieces.db'));
    const chunks = [...renderJsonReportChunks(model)];
    assert.ok(chunks.length > 3);
    assert.equal(chunks.join(''), `${JSON.stringify(model, null, 2)}\n`);
    assert.equal(renderJsonReport(model), chunks.join(''));
    const html = [...renderHtmlReportChunks(model)];
    assert.ok(html.length > 3);
    const block = /<script id="report-data" type="application\/json">([\s\S]*?)<\/script>/.exec(html.join(''))![1]!;
    assert.deepEqual(JSON.parse(block).endpoints, JSON.parse(JSON.stringify(model.endpoints)));
  });

  it('report and history open the database read-only: a writer holding the lock does not block them', async () => {
    const path = history('locked.db');
    const writer = new Database(path);
    writer.pragma('journal_mode = WAL');
    writer.exec('BEGIN IMMEDIATE');
    try {
      const report = await runCli(['report', '--db', path, '--format', 'markdown', '--out', '-']);
      assert.equal(report.code, 0, report.stderr);
      assert.match(report.stdout, /Run 3 ·/);
      const log = await runCli(['history', 'https://beta.example/mcp', '--db', path]);
      assert.equal(log.code, 0, log.stderr);
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
    }
  });

  it('report and history never write a schema into a file that is not a history: a zero-byte, corrupt or too-new file is a clear error, exit 2', async () => {
    const zero = tempPath('zero.db');
    writeFileSync(zero, '');
    const corrupt = tempPath('corrupt.db');
    writeFileSync(corrupt, 'SQLite format 3\u0000'.padEnd(4096, 'x'));
    const newer = history('newer.db');
    const db = new Database(newer);
    db.pragma('user_version = 99');
    db.close();
    for (const [path, message] of [
      [zero, /the database .*zero\.db is not an mcp-health history/],
      [corrupt, /the database .*corrupt\.db (is not an SQLite database|is corrupt)/],
      [newer, /is at schema 99, newer than this mcp-health knows/],
      [join(dir, 'missing.db'), /missing\.db does not exist/],
      [dir, /is a directory, not a database file/],
    ] as const) {
      for (const args of [['report', '--db', path, '--out', tempPath('x.html')], ['history', 'https://beta.example/mcp', '--db', path]]) {
        const run = await runCli(args);
        assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
        assert.match(run.stderr, message);
        assert.doesNotMatch(run.stderr, /at \w+ \(|unexpected error/, 'no stack trace');
      }
    }
    assert.equal(statSync(zero).size, 0, 'the zero-byte file was not given a schema');
    assert.ok(!existsSync(join(dir, 'missing.db')), 'no database was created');
  });

  it('a partial run is not "the latest run": the report defaults to the newest finished run', () => {
    const path = history('partial.db', (db) => writePartialRun(db, 2, 'running'));
    const model = modelOf(path);
    assert.equal(model.run?.id, 3);
    assert.equal(model.run?.partial, false);
    assert.equal(model.headline?.total, FLEET_SIZE);
    assert.deepEqual(model.trends.map((t) => t.runId), [1, 2, 3]);
  });

  it('a partial run reported on purpose is labelled partial in HTML, Markdown and JSON, and compared with the newest finished run', async () => {
    const path = history('partial-run.db', (db) => writePartialRun(db, 2));
    const model = modelOf(path, { runId: 4 });
    assert.deepEqual([model.run?.partial, model.run?.probedCount, model.run?.targetCount, model.run?.state], [true, 2, FLEET_SIZE, 'interrupted']);
    assert.equal(model.previousRun?.id, 3);
    assert.match(renderHtmlReport(model), /id="partial-run"[^>]*><strong>Run 4 is partial: 2 of 7 targets probed \(interrupted\)/);
    assert.match(renderMarkdownReport(model), /Run 4 \(\*\*partial: 2 of 7 targets probed \(interrupted\)\*\*\)/);
    const json = await runCli(['report', '--db', path, '--run', '4', '--format', 'json', '--out', '-']);
    assert.equal(json.code, 0, json.stderr);
    assert.match(json.stderr, /note: run 4 is partial: 2 of 7 targets probed/);
    assert.deepEqual((JSON.parse(json.stdout) as ReportModel).run?.partial, true);
    // With no finished run at all, the newest partial one is reported, and says so.
    const only = tempPath('only-partial.db');
    const db = openDatabase(only);
    writePartialRun(db, 3);
    db.close();
    const markdown = await runCli(['report', '--db', only, '--format', 'markdown', '--out', '-']);
    assert.equal(markdown.code, 0, markdown.stderr);
    assert.match(markdown.stdout, /partial: 3 of 7 targets probed/);
    assert.match(markdown.stderr, /no run has finished yet/);
  });

  it('--run N of a run without results says so (a note, exit 0); a run that does not exist is a usage error', async () => {
    const path = history('empty-run.db', (db) => writePartialRun(db, 0));
    const run = await runCli(['report', '--db', path, '--run', '4', '--format', 'markdown', '--out', '-']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Run 4 has no results yet \(0 of 7 targets probed, interrupted\)/);
    assert.match(run.stderr, /run 4 has no results yet/);
    const missing = await runCli(['report', '--db', path, '--run', '9', '--out', '-']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no run 9 in /);
  });

  it('Markdown escaping leaves no GFM autolink live (URLs, www., email addresses)', () => {
    for (const text of ['Visit https://evil.example/login now', 'see www.evil.example', 'mail admin@evil.example', 'xmpp:a@b.example', 'mailto:a@b.example', 'ftp://x.example']) {
      const escaped = escapeMarkdown(text);
      assert.ok(!/[a-z]+:\/\//i.test(escaped), escaped);
      assert.ok(!/www\./i.test(escaped), escaped);
      // An email autolink is matched after references are decoded: `@` is always followed by a word joiner.
      assert.ok(!/@(?!&#8288;)/.test(escaped), escaped);
      assert.ok(!/[:.]/.test(escaped.replace(/&#\d+;/g, '')), escaped);
    }
  });

  it('the Markdown size cap keeps the endpoint list when one drift change is huge (the review: 1.3 KB left)', () => {
    const base = modelOf(history('mddrift.db'));
    const names = Array.from({ length: 5_000 }, (_, i) => `tool_${i}_${'<'.repeat(150)}`);
    const huge: DriftView = { at: '2026-11-15T08:00:07.000Z', fromHash: 'a', toHash: 'b', added: names, removed: [], changed: [], changes: [], more: { added: 0, removed: 0, changed: 0 } };
    const last = { ...base.endpoints.at(-1)!, drift: [huge] };
    const model = { ...base, endpoints: [...base.endpoints.slice(0, -1), last] };
    const many = { ...model, endpoints: [...model.endpoints, ...Array.from({ length: 3_000 }, (_, i) => ({ ...model.endpoints[0]!, url: `https://host-${i}.example/mcp` }))] };
    for (const m of [model, many]) {
      const text = renderMarkdownReport(m, 100_000);
      assert.ok(Buffer.byteLength(text) <= 100_000, `${Buffer.byteLength(text)} bytes`);
      assert.match(text, /^\| ✖ dead \| http&#58;\/\/epsilon/m, 'the endpoint list is kept');
      assert.match(text, /## Catalogue drift/);
      assert.match(text, /added \*\*tool&#95;0&#95;.*? and 4,990 more/, 'names per change are capped');
    }
    const text = renderMarkdownReport(many, 100_000);
    const rows = (text.match(/^\| (✖|▲) /gm) ?? []).length;
    assert.ok(rows > 100, `${rows} endpoint rows`);
  });

  it('the Markdown drift list is in one order whatever the input order (a comparator with a tiebreak)', () => {
    const base = modelOf(history('drift-order.db'));
    const change = (name: string): DriftView => ({ at: '2026-11-15T08:00:00.000Z', fromHash: 'a', toHash: 'b', added: [name], removed: [], changed: [], changes: [], more: { added: 0, removed: 0, changed: 0 } });
    const endpoints = base.endpoints.map((e, i) => ({ ...e, drift: [change(`t${i}`)] }));
    const driftSection = (text: string) => text.slice(text.indexOf('## Catalogue drift'));
    const forward = driftSection(renderMarkdownReport({ ...base, endpoints }));
    const backward = driftSection(renderMarkdownReport({ ...base, endpoints: [...endpoints].reverse() }));
    assert.equal((forward.match(/^- /gm) ?? []).length, endpoints.length);
    assert.equal(forward, backward);
  });

  it('bad report inputs are usage errors naming the flag (exit 2), not crashes (exit 3)', async () => {
    const path = history('inputs.db');
    const folder = tempPath('folder');
    mkdirSync(folder);
    for (const [args, message] of [
      [['--since', '99999999999d'], /--since: "99999999999d" is longer than 100 years/],
      [['--since', '30'], /--since: "30" needs a unit: 30d/],
      [['--out', folder], /--out: .*folder is a directory; give a file name/],
      [['--out', 'a.html', '--out', '-'], /--out was given more than once/],
      [['--json', join(folder, 'x.json'), '--json', 'b.json'], /--json was given more than once/],
      [['--out', join(path, 'report.html')], /--out: .*is not a directory|--out: cannot write .*\(ENOTDIR\)/],
    ] as const) {
      const run = await runCli(['report', '--db', path, ...args]);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, message);
      assert.doesNotMatch(run.stderr, /unexpected error/);
    }
    const repeated = await runCli(['history', 'https://beta.example/mcp', '--db', path, '--limit', '3', '--limit', '4']);
    assert.equal(repeated.code, 2);
    assert.match(repeated.stderr, /--limit was given more than once/);
    const ok = await runCli(['report', '--db', path, '--since', '1.5d', '--format', 'json', '--out', '-']);
    assert.equal(ok.code, 0, ok.stderr);
  });

  it('--since takes d/h/m/s units with decimals and refuses a bare number', () => {
    assert.deepEqual(parseWindowMs('1.5d'), { ok: true, ms: 129_600_000 });
    assert.deepEqual(parseWindowMs('24h'), { ok: true, ms: 86_400_000 });
    assert.deepEqual(parseWindowMs('90m'), { ok: true, ms: 5_400_000 });
    assert.equal(parseWindowMs('30').ok, false);
    assert.equal(parseWindowMs('-3d').ok, false);
    assert.deepEqual(repeatedFlag({ _: [], $0: 'x', out: ['a', '-'], header: ['a', 'b'] }, new Set(['header'])), '--out');
    assert.equal(repeatedFlag({ _: [], header: ['a', 'b'] }, new Set(['header'])), null);
  });

  it('JSON outputs escape C1 controls, bidi controls and line separators, and parse to the same value', () => {
    const value = { text: 'a\u009b31m\u202eevil\u2066\u2028b\u007f\u0085\u061c\u200f' };
    const json = toSafeJson(value, 2);
    assert.ok(!/[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(json), json);
    assert.deepEqual(JSON.parse(json), value);
  });

  it('report links come from one safeHref, in the view model: a javascript: URL gets none', () => {
    const path = tempPath('js-url.db');
    const db = openDatabase(path);
    const url = 'javascript:alert(1)//x.example/mcp';
    const recorder = RunRecorder.start(db, { files: ['x'] }, {}, [{ url: 'https://ok.example/mcp' }]);
    const ok = healthyResult('https://ok.example/mcp', [], new Date().toISOString());
    recorder.record({ url: 'https://ok.example/mcp', result: ok, verdict: classify(ok, TEST_THRESHOLDS), inferred: false });
    db.prepare('INSERT INTO endpoints (url, host, first_seen_at) VALUES (?, ?, ?)').run(url, 'x', new Date().toISOString());
    recorder.finish('finished');
    db.prepare('INSERT INTO probes (run_id, endpoint_id, started_at, duration_ms, status, reason_codes, reasons, steps) SELECT 1, id, ?, 1, ?, ?, ?, ? FROM endpoints WHERE url = ?').run(
      new Date().toISOString(),
      'dead',
      '["connection_refused"]',
      '[{"code":"connection_refused","detail":"x"}]',
      '[]',
      url,
    );
    db.close();
    const model = modelOf(path);
    assert.equal(model.endpoints.find((e) => e.url === url)?.href, null);
    assert.equal(model.endpoints.find((e) => e.url === 'https://ok.example/mcp')?.href, 'https://ok.example/mcp');
  });
});

describe('review of the demo (issue 4): regressions', () => {
  it('demo --db refuses to replace a database that holds runs not made by the demo (exit 2, file untouched)', async () => {
    const real = history('real.db');
    const before = readFileSync(real);
    const run = await runCli(['demo', '--db', real, '--out', tempPath('demo.html'), '--runs', '1']);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /--db: .*real\.db holds 3 runs not made by the demo; not replacing it/);
    assert.deepEqual(readFileSync(real), before);
    const notADb = tempPath('notes.txt');
    writeFileSync(notADb, 'my notes');
    const refused = await runCli(['demo', '--db', notADb, '--out', tempPath('demo.html'), '--runs', '1']);
    assert.equal(refused.code, 2);
    assert.equal(readFileSync(notADb, 'utf8'), 'my notes');
  });

  it('two demos at once on one --db both finish, each with a whole database, and a demo replaces its own database', async () => {
    const db = tempPath('demo.db');
    const main = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
    const demo = (out: string) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [main, 'demo', '--db', db, '--out', out, '--runs', '1'], { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
        child.on('exit', (code) => {
          clearTimeout(timer);
          resolve({ code, stderr });
        });
      });
    const [a, b] = await Promise.all([demo(tempPath('a.html')), demo(tempPath('b.html'))]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const again = await runCli(['demo', '--db', db, '--out', tempPath('c.html'), '--runs', '1'], {}, 60_000);
    assert.equal(again.code, 0, again.stderr);
    const opened = openDatabaseForReading(db);
    assert.ok(opened.ok);
    const runs = opened.db.prepare('SELECT count(*) FROM runs').pluck().get();
    opened.db.close();
    assert.equal(runs, 1, 'the last demo replaced the database');
    assert.deepEqual(
      (await import('node:fs')).readdirSync(join(db, '..')).filter((f) => f.includes('.demo-')),
      [],
      'no temporary database left behind',
    );
  });
});

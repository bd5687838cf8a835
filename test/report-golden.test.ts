import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { contentSecurityPolicy, renderHtmlReport } from '../src/report/html/page.js';
import { safeHref } from '../src/report/html/safe-href.js';
import { cspHash, jsonForScript } from '../src/report/html/script-json.js';
import { renderJsonReport } from '../src/report/json-report.js';
import { escapeMarkdown } from '../src/report/markdown-escape.js';
import { renderMarkdownReport } from '../src/report/markdown-report.js';
import { buildReportModel, type ReportModel } from '../src/report/view-model.js';
import { diffCatalogues } from '../src/store/catalogue-drift.js';
import { openDatabase } from '../src/store/database.js';
import { catalogueChanges, uptime } from '../src/store/queries.js';
import { VERSION } from '../src/version.js';
import { REPORT_NOW, writeReportHistory } from './helpers/report-db.js';

/**
 * The report's view model and its text formats, from a history with fixed timestamps.
 * Golden files: test/golden/; `UPDATE_GOLDEN=1 npm test` rewrites them (review the diff).
 */

const GOLDEN = new URL('../../test/golden/', import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'mcp-health-report-'));

function model(options: { since?: string | null; runId?: number } = {}): ReportModel {
  const db = openDatabase(join(dir, `${Math.random().toString(36).slice(2)}.db`));
  try {
    writeReportHistory(db);
    return buildReportModel(db, { now: REPORT_NOW, sinceIso: options.since ?? null, windowLabel: options.since ? 'since test' : 'all history', ...(options.runId ? { runId: options.runId } : {}) });
  } finally {
    db.close();
  }
}

/** The version is replaced by a placeholder, so a release does not rewrite the golden files. */
const normalise = (text: string) => text.replaceAll(VERSION, '<mcp-health-version>').replaceAll(VERSION.replaceAll('.', '&#46;'), '<mcp-health-version>');

function golden(name: string, rendered: string): void {
  const actual = normalise(rendered);
  const path = new URL(name, GOLDEN);
  if (process.env['UPDATE_GOLDEN'] === '1') {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(path, actual);
  }
  assert.equal(actual, readFileSync(path, 'utf8'), `${name} differs from the golden file (UPDATE_GOLDEN=1 to accept the change)`);
}

describe('report view model', () => {
  const m = model();

  it('headline: shares of the newest run and the change since the previous one', () => {
    assert.equal(m.run?.id, 3);
    assert.equal(m.previousRun?.id, 2);
    const f = m.headline!.figures;
    assert.deepEqual([f.dead.count, f.degraded.count, f.healthyOpen.count, f.healthyAuth.count], [2, 1, 3, 1]);
    assert.equal(m.headline!.total, 7);
    // Run 2: beta refused, epsilon not JSON → 2 dead of 7; run 3: epsilon and zeta → 2 of 7.
    assert.equal(f.dead.changePoints, 0);
    // Run 2 had zeta degraded (stale) and gamma degraded (slow): 2 of 7 → 1 of 7.
    assert.equal(f.degraded.changePoints, -14.3);
  });

  it('trends: one point per run, with handshake percentiles', () => {
    assert.deepEqual(m.trends.map((t) => [t.runId, t.totals.total, t.totals.dead]), [[1, 7, 1], [2, 7, 2], [3, 7, 2]]);
    // Nearest rank over the handshakes of each run: [15 20 40 80 300], [16 22 45 320], [14 52 95 310].
    assert.deepEqual(m.trends.map((t) => t.p50HandshakeMs), [40, 22, 52]);
  });

  it('endpoints: worst first, each with uptime and the same figures history prints', () => {
    assert.deepEqual(m.endpoints.map((e) => e.status), ['dead', 'dead', 'degraded', 'healthy', 'healthy', 'healthy', 'healthy']);
    const beta = m.endpoints.find((e) => e.url === 'https://beta.example/mcp')!;
    assert.deepEqual(beta.strip, ['healthy', 'dead', 'healthy']);
    const db = openDatabase(join(dir, 'uptime.db'));
    writeReportHistory(db);
    assert.deepEqual(beta.uptime, uptime(db, beta.url, null));
    // Drift ignores a reordered schema, and names the field that changed.
    const alpha = m.endpoints.find((e) => e.url === 'https://alpha.example/mcp')!;
    assert.deepEqual(alpha.drift.map((d) => [d.added, d.removed, d.changes]), [[['fetch'], [], []], [[], [], [{ name: 'fetch', fields: ['outputSchema'] }]]]);
    assert.deepEqual(catalogueChanges(db, alpha.url).map((c) => c.changes), alpha.drift.map((d) => d.changes));
    db.close();
  });

  it('--since narrows trends and history to the window; --run reports as of an earlier run', () => {
    const recent = model({ since: '2026-11-05T00:00:00.000Z' });
    assert.deepEqual(recent.trends.map((t) => t.runId), [2, 3]);
    assert.ok(recent.endpoints.every((e) => e.history.length === 2));
    const asOfRun2 = model({ runId: 2 });
    assert.equal(asOfRun2.run?.id, 2);
    assert.deepEqual(asOfRun2.trends.map((t) => t.runId), [1, 2]);
    assert.equal(asOfRun2.endpoints.find((e) => e.url === 'https://beta.example/mcp')?.status, 'dead');
  });

  it('catalogue drift compares schemas canonically', () => {
    const a = [{ name: 't', inputSchema: { type: 'object', properties: { x: { type: 'string' } } } }];
    const reordered = [{ inputSchema: { properties: { x: { type: 'string' } }, type: 'object' }, name: 't' }];
    assert.deepEqual(diffCatalogues(a, reordered), { added: [], removed: [], changed: [], changes: [] });
    const changed = [{ name: 't', inputSchema: { type: 'object', properties: { x: { type: 'number' } } } }, { name: 'u' }];
    assert.deepEqual(diffCatalogues(a, changed), { added: ['u'], removed: [], changed: ['t'], changes: [{ name: 't', fields: ['inputSchema'] }] });
  });
});

describe('report formats (golden files)', () => {
  it('Markdown', () => golden('report.md', renderMarkdownReport(model())));
  it('JSON', () => golden('report.json', renderJsonReport(model())));

  it('Markdown stays under its byte limit, saying what it left out', () => {
    const m = model();
    const many = { ...m, endpoints: Array.from({ length: 5_000 }, (_, i) => ({ ...m.endpoints[0]!, url: `https://host-${i}.example/mcp` })) };
    const text = renderMarkdownReport(many, 50_000);
    assert.ok(Buffer.byteLength(text) <= 50_000, `${Buffer.byteLength(text)} bytes`);
    assert.match(text, /… and [\d,]+ more endpoints not listed/);
    assert.ok(Buffer.byteLength(renderMarkdownReport(many)) <= 1_000_000);
  });
});

describe('escaping', () => {
  it('Markdown: server text cannot become syntax, HTML or a control sequence', () => {
    const escaped = escapeMarkdown('a | b <script>x</script> [l](javascript:x) `c` *e* \u001b[2J\u009b31m\nnext');
    assert.ok(!/[|<>[\]`*\u001b\u009b\n]/.test(escaped), escaped);
    assert.match(escaped, /a &#124; b &#60;script&#62;x&#60;\/script&#62;/);
  });

  it('JSON for a script block: no character can end the block; JSON.parse reads the same value', () => {
    const value = { text: '</script><script>alert(1)</script><!-- & \u2028\u2029' };
    const encoded = jsonForScript(value);
    assert.ok(!/[<>&\u2028\u2029]/.test(encoded), encoded);
    assert.deepEqual(JSON.parse(encoded), value);
  });

  it('links only for http(s) URLs', () => {
    assert.equal(safeHref('https://a.example/mcp'), 'https://a.example/mcp');
    assert.equal(safeHref('http://127.0.0.1:3000/x'), 'http://127.0.0.1:3000/x');
    for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'data:text/html,<b>', 'vbscript:x', '/relative', 'not a url']) {
      assert.equal(safeHref(bad), null, bad);
    }
  });

  it('HTML: one CSP allowing exactly the inline script and style, and nothing else from anywhere', () => {
    const html = renderHtmlReport(model());
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    assert.ok(csp, 'a CSP meta element');
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    assert.equal(csp, contentSecurityPolicy(script, style));
    assert.match(csp!, /default-src 'none'/);
    assert.ok(csp!.includes(cspHash(script)) && csp!.includes(cspHash(style)));
    // Nothing is loaded: no src attributes, no stylesheet links, no URLs in CSS.
    assert.ok(!/\ssrc=/i.test(html));
    assert.ok(!/<link\b/i.test(html));
    assert.ok(!/url\((?!#)/.test(style));
    assert.equal((html.match(/<script\b/g) ?? []).length, 2, 'the data block and the script');
  });
});

/**
 * `npm run bench:report`: the report of a big history, as the review of issue 4 measured it.
 * 10,000 endpoints × 30 runs (each endpoint with its own 5-tool catalogue, changed every 10
 * runs), written through the store's own RunRecorder; then `mcp-health report` writes HTML,
 * JSON and Markdown at once (wall time, peak RSS, sizes), and headless Chromium opens the HTML
 * (load, sort by handshake, open a detail). Loopback and files only.
 *
 *   npm run bench:report                       # 10,000 × 30
 *   npm run bench:report -- --endpoints 2000 --runs 10
 *   npm run bench:report -- --hostile 100      # plus 100 endpoints of 300 hostile tools each
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classify } from '../../src/classify/classify.js';
import { catalogueHash } from '../../src/probe/catalogue/catalogue-hash.js';
import type { ProbeResult } from '../../src/probe/probe-result.js';
import { openDatabase } from '../../src/store/database.js';
import { RunRecorder } from '../../src/store/run-recorder.js';
import { launchBrowser, openReport } from '../helpers/browser.js';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const ENDPOINTS = arg('endpoints', 10_000);
const RUNS = arg('runs', 30);
const TOOLS = arg('tools', 5);
const HOSTILE = arg('hostile', 0);
const THRESHOLDS = { slowMs: 1_000, minProtocolVersion: '2025-03-26', certificateWarningDays: 14 };
const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'mcp-health-report-bench-'));

type Tool = { name: string; description?: string; title?: string; inputSchema: Record<string, unknown> };

function tools(endpoint: number, run: number): Tool[] {
  if (endpoint < HOSTILE) {
    const lt = (n: number) => '<'.repeat(n);
    const properties = Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`${String(i).padStart(3, '0')}${lt(117)}`, { type: lt(60) }]));
    return Array.from({ length: 300 }, (_, k) => ({ name: `t${endpoint}_${k}`, title: lt(500), description: lt(500), inputSchema: { type: 'object', properties } }));
  }
  const era = Math.floor(run / 10);
  return Array.from({ length: TOOLS }, (_, k) => ({
    name: `tool_${k}_${endpoint}_${era}`,
    description: `Tool ${k} of endpoint ${endpoint}, a description of moderate length.`,
    inputSchema: { type: 'object', properties: { q: { type: 'string' }, n: { type: 'integer' } }, required: ['q'] },
  }));
}

function result(url: string, endpoint: number, run: number, startedAt: string, catalogues: Map<string, { tools: Tool[]; hash: string }>): ProbeResult {
  const ms = 20 + ((endpoint * 37 + run * 11) % 900);
  const steps = [
    { name: 'initialize', startedAtMs: 0, durationMs: ms, outcome: 'ok', http: { status: 200, contentType: 'application/json', bytes: 300, url } },
    { name: 'tools/list', startedAtMs: ms, durationMs: 10, outcome: 'ok', http: { status: 200, contentType: 'application/json', bytes: 900, url } },
  ];
  const base = { url, headerNames: [], startedAt, deadlineMs: 30_000, auth: null, tls: null, rateLimited: false, sessionRejected: false, toolCalls: [], closed: { kind: 'none' } };
  if ((endpoint + run) % 7 === 0) {
    return { ...base, durationMs: 5, handshake: null, failure: { code: 'connection_refused', detail: 'connect ECONNREFUSED', errorCode: 'ECONNREFUSED' }, catalogue: null, liveness: null, steps: steps.slice(0, 1) } as unknown as ProbeResult;
  }
  const key = `${endpoint}:${Math.floor(run / 10)}`;
  let catalogue = catalogues.get(key);
  if (!catalogue) {
    const list = tools(endpoint, run);
    catalogue = { tools: list, hash: catalogueHash(list as never) };
    catalogues.set(key, catalogue);
  }
  return {
    ...base,
    durationMs: ms * 3,
    handshake: { era: 'initialize', transport: 'streamable-http', protocolVersion: '2025-11-25', server: { name: `srv-${endpoint}`, version: '1.0.0' }, capabilities: { tools: {} }, instructionsLength: 0, sessionIssued: false },
    failure: null,
    catalogue: { toolsDeclared: true, tools: catalogue.tools, toolCount: catalogue.tools.length, pages: 1, truncated: false, hash: catalogue.hash, failure: null, problems: [], resources: null, prompts: null },
    liveness: { method: 'ping', attempts: 3, failures: [], pingUnsupported: false },
    steps,
  } as unknown as ProbeResult;
}

function generate(path: string): void {
  const db = openDatabase(path);
  const catalogues = new Map<string, { tools: Tool[]; hash: string }>();
  const t0 = Date.UTC(2026, 0, 1);
  for (let run = 0; run < RUNS; run++) {
    const at = new Date(t0 + run * 86_400_000);
    const targets = Array.from({ length: ENDPOINTS }, (_, i) => ({ url: `https://host-${i}.example/mcp`, name: `Server ${i}` }));
    const recorder = RunRecorder.start(db, { files: ['bench'] }, {}, targets, at);
    targets.forEach(({ url, name }, i) => {
      const probe = result(url, i, run, new Date(at.getTime() + i * 10).toISOString(), catalogues);
      recorder.record({ url, name, result: probe, verdict: classify(probe, THRESHOLDS), inferred: false });
    });
    recorder.finish('finished', new Date(at.getTime() + 3_600_000));
    // Catalogues of earlier eras are not needed again.
    for (const key of catalogues.keys()) if (Number(key.split(':')[1]) < Math.floor(run / 10)) catalogues.delete(key);
  }
  db.close();
}

/** Runs the CLI, reporting its wall time and peak RSS (read in the child as it exits). */
function timedCli(args: string[]): Promise<{ code: number | null; wallMs: number; maxRssMb: number; stderr: string }> {
  const probe = "process.on('exit', () => process.stderr.write(`maxrss=${process.resourceUsage().maxRSS}\\n`))";
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(probe)}`, MAIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => {
      const kb = Number(/maxrss=(\d+)/.exec(stderr)?.[1] ?? 0);
      resolve({ code, wallMs: performance.now() - started, maxRssMb: kb / 1024, stderr });
    });
  });
}

const mib = (path: string) => statSync(path).size / 1024 / 1024;

async function main(): Promise<void> {
  const db = join(dir, 'history.db');
  const g0 = performance.now();
  generate(db);
  console.log(`history: ${ENDPOINTS.toLocaleString('en-US')} endpoints × ${RUNS} runs, ${TOOLS} tools each${HOSTILE ? `, ${HOSTILE} hostile` : ''} (${((performance.now() - g0) / 1000).toFixed(1)} s to write, ${mib(db).toFixed(0)} MiB)`);
  const html = join(dir, 'report.html');
  const json = join(dir, 'report.json');
  const md = join(dir, 'report.md');
  const report = await timedCli(['report', '--db', db, '--out', html, '--json', json, '--markdown', md]);
  if (report.code !== 0) throw new Error(`report failed: ${report.stderr}`);
  console.log(`report (HTML + JSON + Markdown): ${(report.wallMs / 1000).toFixed(1)} s, peak RSS ${report.maxRssMb.toFixed(0)} MB`);
  console.log(`sizes: HTML ${mib(html).toFixed(1)} MiB, JSON ${mib(json).toFixed(1)} MiB, Markdown ${(statSync(md).size / 1024).toFixed(0)} KiB`);
  const browser = await launchBrowser();
  try {
    const t0 = performance.now();
    const { page, watch } = await openReport(browser, html);
    const loadMs = performance.now() - t0;
    const t1 = performance.now();
    await page.click('th[data-key=handshake] button');
    const sortMs = performance.now() - t1;
    const t2 = performance.now();
    await page.click('#endpoint-rows tr.row');
    await page.waitForSelector('dialog#detail[open]');
    const detailMs = performance.now() - t2;
    console.log(`Chromium: load ${loadMs.toFixed(0)} ms, sort ${sortMs.toFixed(0)} ms, detail ${detailMs.toFixed(0)} ms; errors ${watch.errors.length}, foreign requests ${watch.foreignRequests.length}`);
  } finally {
    await browser.close();
  }
  console.log(`files in ${dir}`);
}

await main();

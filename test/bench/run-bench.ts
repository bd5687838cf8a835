/**
 * `npm run bench`: the scan measured against its floor and its baselines, in one run, on
 * one machine, loopback only. Every figure is a ratio within the run (machines are shared
 * and noisy); rates are medians (section 2: five interleaved rounds, `--rounds N`). `--quick` shrinks the farms.
 *
 * 1. concurrency sweep over instant endpoints (chooses the default);
 * 2. instant endpoints: mcp-health vs raw undici (floor of the stack) vs the naive SDK client;
 * 3. a survey-like mix (half dead, four in ten degraded, one in ten healthy; request delays
 *    with median 80 ms, p95 400 ms) against its floor;
 * 4. peak RSS of a 10,000-endpoint scan.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { EndpointKind } from '../fixtures/farm.js';
import { recordProbeRequests } from './probe-requests.js';

const quick = process.argv.includes('--quick');
/** `--part 2,4` runs only those sections. */
const partsArg = process.argv[process.argv.indexOf('--part') + 1];
const parts = process.argv.includes('--part') && partsArg ? new Set(partsArg.split(',').map(Number)) : new Set([1, 2, 3, 4]);
const scale = quick ? 0.1 : 1;
/** Rounds of section 2 (`--rounds N`); its rates are medians over them. */
const roundsArg = process.argv[process.argv.indexOf('--rounds') + 1];
const ROUNDS = process.argv.includes('--rounds') && roundsArg ? Math.max(1, Number(roundsArg)) : 5;
const dir = mkdtempSync(join(tmpdir(), 'mcp-health-bench-'));
const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const FARM = fileURLToPath(new URL('./farm-child.js', import.meta.url));
const BASELINES = fileURLToPath(new URL('./baselines.js', import.meta.url));
let serial = 0;
const temp = (name: string) => join(dir, `${serial++}-${name}`);

interface FarmChild {
  file: string;
  urls: string[];
  stop(): Promise<void>;
}

async function startFarmChild(config: Record<string, unknown>): Promise<FarmChild> {
  const file = temp('endpoints.json');
  const child = spawn(process.execPath, [FARM, JSON.stringify({ ...config, out: file })], { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`farm exited ${code}`)));
  });
  const urls = (JSON.parse(readFileSync(file, 'utf8')) as Array<{ url: string }>).map((e) => e.url);
  return {
    file,
    urls,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.stdin.end();
      }),
  };
}

/** Peak resident set of a running process, read from /proc (kB). */
function peakRssKb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

async function scan(urls: string[], concurrency: number): Promise<{ ms: number; peakRssKb: number; db: string }> {
  const list = temp('list.txt');
  writeFileSync(list, `${urls.join('\n')}\n`);
  const db = temp('scan.db');
  const started = performance.now();
  const child = spawn(process.execPath, [MAIN, 'scan', list, '--db', db, '--concurrency', String(concurrency), '--no-progress'], { stdio: ['ignore', 'ignore', 'inherit'] });
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, peakRssKb(child.pid!))), 50);
  await new Promise((resolve) => child.once('exit', resolve));
  clearInterval(timer);
  // The scan proper, as the run records it (process start-up and module loading excluded, as in the baselines).
  const database = new Database(db, { readonly: true });
  const times = database.prepare('SELECT started_at AS s, finished_at AS f FROM runs').get() as { s: string; f: string };
  database.close();
  const ms = Date.parse(times.f) - Date.parse(times.s);
  return { ms: Number.isFinite(ms) ? ms : performance.now() - started, peakRssKb: peak, db };
}

function baseline(kind: 'raw' | 'raw-minimal' | 'sdk', urlsFile: string, concurrency: number, requestsFile?: string): Promise<{ ms: number; ok: number; failed: number }> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [BASELINES, JSON.stringify({ kind, urlsFile, concurrency, requestsFile })], { maxBuffer: 1 << 20 }, (error, stdout) =>
      error ? reject(error) : resolve(JSON.parse(stdout) as { ms: number; ok: number; failed: number }),
    ),
  );
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const rate = (count: number, ms: number) => count / (ms / 1000);
const table = (header: string[], rows: Array<Array<string | number>>) =>
  [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

async function main(): Promise<void> {
  console.log(`mcp-health benchmark${quick ? ' (quick)' : ''}: node ${process.version}, ${new Date().toISOString()}\n`);
  const instantCount = Math.round(2000 * scale);
  if (parts.has(1) || parts.has(2)) {
  const instant = await startFarmChild({ hosts: Math.max(10, Math.round(500 * scale)), counts: { healthy: instantCount }, seed: 1, delay: 'none' });
  try {
    // 1. Concurrency sweep.
    if (parts.has(1)) {
      const sweep: Array<[number, number]> = [];
      for (const concurrency of [16, 32, 64, 128, 256]) {
        const { ms } = await scan(instant.urls, concurrency);
        sweep.push([concurrency, rate(instantCount, ms)]);
      }
      console.log(`1. Concurrency sweep, ${instantCount} instant endpoints (one run each)\n`);
      console.log(table(['concurrency', 'endpoints/s'], sweep.map(([c, r]) => [c, r.toFixed(0)])), '\n');
    }

    // 2. Instant endpoints against the baselines, medians of ROUNDS, interleaved.
    if (parts.has(2)) {
    const concurrency = 64;
    // The raw client replays the probe's own requests, recorded from one real probe.
    const requestsFile = temp('probe-requests.json');
    writeFileSync(requestsFile, JSON.stringify(await recordProbeRequests()));
    const ours: number[] = [];
    const raw: number[] = [];
    const minimal: number[] = [];
    const sdk: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      ours.push(rate(instantCount, (await scan(instant.urls, concurrency)).ms));
      const r = await baseline('raw', instant.file, concurrency, requestsFile);
      raw.push(rate(r.ok, r.ms));
      const m = await baseline('raw-minimal', instant.file, concurrency);
      minimal.push(rate(m.ok, m.ms));
      const s = await baseline('sdk', instant.file, concurrency);
      sdk.push(rate(s.ok, s.ms));
    }
    const [o, r, m, s] = [median(ours), median(raw), median(minimal), median(sdk)];
    console.log(`2. ${instantCount} instant healthy endpoints, concurrency ${concurrency}, medians of ${ROUNDS}, interleaved\n`);
    console.log(
      table(
        ['client', 'endpoints/s', 'mcp-health relative'],
        [
          ['mcp-health scan (probe, validation, storage)', o.toFixed(0), '1.00'],
          ["raw undici replaying the probe's requests, shared Agent", r.toFixed(0), `${(o / r).toFixed(2)} of raw (target ≥ 0.70)`],
          ['raw undici, minimal headers and bodies (reference)', m.toFixed(0), `${(o / m).toFixed(2)}`],
          ['naive SDK Client per endpoint', s.toFixed(0), `${(o / s).toFixed(2)}× the SDK (target ≥ 3)`],
        ],
      ),
      '\n',
    );
    console.log(`   per round (ours / raw): ${ours.map((v, i) => `${v.toFixed(0)}/${raw[i]!.toFixed(0)}`).join(', ')}\n`);
    }
  } finally {
    await instant.stop();
  }
  }

  // 3. The survey-like mix against its floor.
  if (parts.has(3)) {
  const mixCounts: Partial<Record<EndpointKind, number>> = {
    refused: 300, unknown_host: 200, http_404: 150, http_500: 100, hang: 150, html: 100,
    slow: 150, stale: 200, empty: 150, invalid_tools: 150, flaky: 150, healthy: 200,
  };
  for (const key of Object.keys(mixCounts) as EndpointKind[]) mixCounts[key] = Math.max(1, Math.round(mixCounts[key]! * scale));
  const mixed = await startFarmChild({ hosts: Math.max(10, Math.round(200 * scale)), counts: mixCounts, seed: 7, delay: 'survey', refusedHostEach: true, slowMs: 2_500 });
  try {
    const concurrency = 64;
    const run = await scan(mixed.urls, concurrency);
    const db = new Database(run.db, { readonly: true });
    const probes = db.prepare('SELECT p.duration_ms AS ms, e.host AS host, e.url AS url, p.status AS status FROM probes p JOIN endpoints e ON e.id = p.endpoint_id').all() as Array<{ ms: number; host: string; url: string; status: string }>;
    db.close();
    const total = probes.reduce((sum, p) => sum + p.ms, 0);
    const longest = Math.max(...probes.map((p) => p.ms));
    const perHost = new Map<string, number>();
    for (const p of probes) {
      const port = new URL(p.url).host;
      perHost.set(port, (perHost.get(port) ?? 0) + p.ms);
    }
    const hostBound = Math.max(...[...perHost.values()].map((ms) => ms / 2));
    const floor = Math.max(longest, total / concurrency, hostBound);
    const shares = ['healthy', 'degraded', 'dead'].map((status) => `${status} ${((100 * probes.filter((p) => p.status === status).length) / probes.length).toFixed(0)}%`);
    console.log(`3. Survey-like mix: ${mixed.urls.length} endpoints (${shares.join(', ')}), concurrency ${concurrency}, one run\n`);
    console.log(
      table(
        ['figure', 'value'],
        [
          ['wall time', `${(run.ms / 1000).toFixed(1)} s`],
          ['longest single probe', `${(longest / 1000).toFixed(1)} s`],
          ['total probe time / concurrency', `${(total / concurrency / 1000).toFixed(1)} s`],
          ['busiest host / per-host cap', `${(hostBound / 1000).toFixed(1)} s`],
          ['floor (the largest of the three)', `${(floor / 1000).toFixed(1)} s`],
          ['wall / floor', `${(run.ms / floor).toFixed(2)} (target ≤ 1.3)`],
          ['peak RSS', `${(run.peakRssKb / 1024).toFixed(0)} MB`],
        ],
      ),
      '\n',
    );
  } finally {
    await mixed.stop();
  }
  }

  // 4. Peak RSS for 10,000 endpoints.
  if (!parts.has(4)) return;
  const bigCount = Math.round(10_000 * scale);
  const big = await startFarmChild({ hosts: Math.max(10, Math.round(1000 * scale)), counts: { healthy: Math.round(bigCount * 0.4), stale: Math.round(bigCount * 0.3), http_404: Math.round(bigCount * 0.3) }, seed: 3, delay: 'none' });
  try {
    const run = await scan(big.urls, 64);
    console.log(`4. ${big.urls.length} endpoints in one scan\n`);
    console.log(table(['figure', 'value'], [['wall time', `${(run.ms / 1000).toFixed(1)} s`], ['peak RSS', `${(run.peakRssKb / 1024).toFixed(0)} MB (target < 250 MB)`]]));
  } finally {
    await big.stop();
  }
}

await main();

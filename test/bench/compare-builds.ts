/**
 * `npm run bench:compare -- OTHER_MAIN_JS [rounds]`: the instant-endpoint scan of this build against another
 * build of mcp-health (for example a worktree of an older commit: `git worktree add /tmp/old <commit>`, link
 * node_modules, `npm run build` there (`npx tsc -p tsconfig.json` for commits before the generated meta-schema
 * validators), then pass /tmp/old/dist/src/cli/main.js), with the raw undici client, replaying this build's
 * probe requests, run between them. One farm, runs interleaved, medians: a change measured against its parent
 * on the same machine in one run. Loopback only.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { recordProbeRequests } from './probe-requests.js';

const other = process.argv[2];
const rounds = Number(process.argv[3] ?? 5);
if (!other) {
  process.stderr.write('usage: npm run bench:compare -- OTHER_MAIN_JS [rounds]\n');
  process.exit(2);
}
const THIS = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const FARM = fileURLToPath(new URL('./farm-child.js', import.meta.url));
const BASELINES = fileURLToPath(new URL('./baselines.js', import.meta.url));
const COUNT = 2_000;
const dir = mkdtempSync(join(tmpdir(), 'mcp-health-compare-'));
const endpointsFile = join(dir, 'endpoints.json');
const farm = spawn(process.execPath, [FARM, JSON.stringify({ hosts: COUNT / 4, counts: { healthy: COUNT }, seed: 1, delay: 'none', out: endpointsFile })], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
await new Promise((resolve) => farm.stdout.once('data', resolve));
const list = join(dir, 'list.txt');
writeFileSync(list, `${(JSON.parse(readFileSync(endpointsFile, 'utf8')) as Array<{ url: string }>).map((e) => e.url).join('\n')}\n`);

function run(args: string[]): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', () => resolve(out));
  });
}

/** Endpoints per second of one scan, from the run's own record (start-up excluded, as the raw client excludes it). */
async function scanRate(main: string, serial: number): Promise<number> {
  const db = join(dir, `${serial}.db`);
  await run([main, 'scan', list, '--db', db, '--concurrency', '64', '--no-progress']);
  const database = new Database(db, { readonly: true });
  const times = database.prepare('SELECT started_at AS s, finished_at AS f FROM runs').get() as { s: string; f: string };
  database.close();
  return COUNT / ((Date.parse(times.f) - Date.parse(times.s)) / 1000);
}

// The raw client replays the probe's own requests, recorded from one real probe.
const requestsFile = join(dir, 'probe-requests.json');
writeFileSync(requestsFile, JSON.stringify(await recordProbeRequests()));
const rates: Record<'other' | 'this' | 'raw', number[]> = { other: [], this: [], raw: [] };
for (let round = 0; round < rounds; round++) {
  rates.other.push(await scanRate(other, round * 2));
  rates.this.push(await scanRate(THIS, round * 2 + 1));
  const raw = JSON.parse(await run([BASELINES, JSON.stringify({ kind: 'raw', urlsFile: endpointsFile, concurrency: 64, requestsFile })])) as { ms: number; ok: number };
  rates.raw.push(raw.ok / (raw.ms / 1000));
}
farm.stdin.end();
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
console.log('| client | endpoints/s per run | median | relative to raw |\n|---|---|---:|---:|');
for (const [label, values] of [['other build', rates.other], ['this build', rates.this], ['raw undici', rates.raw]] as const) {
  console.log(`| ${label} | ${values.map((v) => v.toFixed(0)).join(' ')} | ${median(values).toFixed(0)} | ${(median(values) / median(rates.raw)).toFixed(2)} |`);
}

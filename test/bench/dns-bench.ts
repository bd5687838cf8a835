/**
 * `npm run bench:dns`: does name resolution bottleneck a scan, and does the fix work?
 *
 * getaddrinfo is only slow when the resolver is, and tests may not talk to real resolvers,
 * so this runs in a private network namespace (root and iproute2 needed) whose
 * /etc/resolv.conf points at a deliberately slow fake DNS server on its own loopback.
 * It times N lookups of distinct names with libuv's default pool (4 threads) against the
 * pool mcp-health sets (64), and N lookups over few names through the scan's lookup cache.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const NAMESPACE = 'mcp-health-bench';
const SELF = fileURLToPath(import.meta.url);
const DELAY_MS = 50;
const NAMES = 400;

async function inner(): Promise<void> {
  const { startFakeDns } = await import('./fake-dns.js');
  const dns = await startFakeDns({ host: '127.0.0.1', port: 53, suffix: '.bench.test', delayMs: DELAY_MS });
  // Asynchronous: the fake DNS server answers from this very process.
  const time = (env: Record<string, string>, script: string) =>
    new Promise<number>((resolve, reject) => {
      const started = process.hrtime.bigint();
      execFile(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, ...env } }, (error, _stdout, stderr) => {
        if (error) reject(new Error(stderr));
        else resolve(Number(process.hrtime.bigint() - started) / 1e6);
      });
    });
  const distinct = `import dns from 'node:dns/promises'; await Promise.all(Array.from({ length: ${NAMES} }, (_, i) => dns.lookup('h' + i + '.bench.test')));`;
  const cachingUrl = new URL('../../src/scan/dns-cache.js', import.meta.url).href;
  const repeated = (cached: boolean) =>
    `import { cachingLookup } from '${cachingUrl}'; import dns from 'node:dns';
     const lookup = ${cached ? 'cachingLookup(60000)' : 'dns.lookup'};
     await Promise.all(Array.from({ length: ${NAMES} }, (_, i) => new Promise((ok, fail) => lookup('h' + (i % 20) + '.bench.test', {}, (e) => (e ? fail(e) : ok())))));`;
  // Medians of three: the machine is shared.
  const measure = async (env: Record<string, string>, script: string) => {
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) runs.push(await time(env, script));
    return runs.sort((a, b) => a - b)[1]!;
  };
  const pool4 = await measure({ UV_THREADPOOL_SIZE: '4' }, distinct);
  const pool64 = await measure({ UV_THREADPOOL_SIZE: '64' }, distinct);
  const uncached = await measure({ UV_THREADPOOL_SIZE: '64' }, repeated(false));
  const cached = await measure({ UV_THREADPOOL_SIZE: '64' }, repeated(true));
  await dns.close();
  const rows = [
    ['distinct names, libuv default pool (4)', pool4, 1],
    ['distinct names, mcp-health pool (64)', pool64, pool4 / pool64],
    ['20 names × 20, pool 64, no cache', uncached, 1],
    ['20 names × 20, pool 64, scan cache', cached, uncached / cached],
  ] as const;
  console.log(`DNS: ${NAMES} lookups, each answer delayed ${DELAY_MS} ms (medians of 3)`);
  console.log('| case | wall ms | speed-up |\n|---|---:|---:|');
  for (const [label, ms, ratio] of rows) console.log(`| ${label} | ${ms.toFixed(0)} | ${ratio.toFixed(1)}× |`);
}

function outer(): void {
  if (process.getuid?.() !== 0) {
    console.log('bench:dns needs root (a private network namespace); skipped.');
    return;
  }
  mkdirSync(`/etc/netns/${NAMESPACE}`, { recursive: true });
  writeFileSync(`/etc/netns/${NAMESPACE}/resolv.conf`, 'nameserver 127.0.0.1\noptions timeout:2 attempts:1\n');
  try {
    execFileSync('ip', ['netns', 'add', NAMESPACE]);
    execFileSync('ip', ['netns', 'exec', NAMESPACE, 'ip', 'link', 'set', 'lo', 'up']);
    execFileSync('ip', ['netns', 'exec', NAMESPACE, process.execPath, SELF, '--inner'], { stdio: 'inherit' });
  } finally {
    spawnSync('ip', ['netns', 'del', NAMESPACE]);
    rmSync(`/etc/netns/${NAMESPACE}`, { recursive: true, force: true });
  }
}

if (process.argv.includes('--inner')) await inner();
else outer();

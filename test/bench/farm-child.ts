/**
 * Runs a farm in its own process (so serving does not steal the scanner's CPU) and writes
 * its endpoint list as JSON to the path given. Lives until stdin closes.
 * argv[2]: JSON FarmOptions plus { out, seed, delay: 'none' | 'survey' }.
 */
import { writeFileSync } from 'node:fs';
import { startFarm, type FarmOptions } from '../fixtures/farm.js';

const config = JSON.parse(process.argv[2] ?? '{}') as FarmOptions & { out: string; seed: number; delay: 'none' | 'survey' };

/** mulberry32: a small seeded PRNG, so every run sees the same delays. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(config.seed);
/** Log-normal delays with median 80 ms and 95th percentile 400 ms (σ = ln 5 / 1.645). */
function surveyDelayMs(): number {
  const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Math.min(5_000, Math.exp(Math.log(80) + (Math.log(5) / 1.645) * z));
}

const farm = await startFarm({ ...config, ...(config.delay === 'survey' ? { delayMs: surveyDelayMs } : {}) });
writeFileSync(config.out, JSON.stringify(farm.endpoints));
process.stdout.write('ready\n');
process.stdin.resume();
process.stdin.on('end', () => void farm.close().then(() => process.exit(0)));

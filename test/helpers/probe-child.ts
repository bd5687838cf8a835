/**
 * Runs one probe in a fresh process and reports its verdict with the process's peak
 * memory, so a test can show memory stayed bounded whatever the server sent.
 * argv[2]: JSON { url, overrides }.
 */
import { classify } from '../../src/classify/classify.js';
import { probe, probeOptions } from '../../src/probe/probe.js';
import { TEST_THRESHOLDS } from './check.js';

const { url, overrides } = JSON.parse(process.argv[2] ?? '{}') as { url: string; overrides?: Record<string, unknown> };
const rssAtStartBytes = process.memoryUsage().rss;
const result = await probe(probeOptions(url, overrides));
const verdict = classify(result, TEST_THRESHOLDS);
process.stdout.write(
  JSON.stringify({
    status: verdict.status,
    codes: verdict.reasons.map((r) => r.code),
    failure: result.failure,
    durationMs: result.durationMs,
    bytesRead: result.steps[0]?.http?.bytes ?? null,
    rssAtStartBytes,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  }),
);

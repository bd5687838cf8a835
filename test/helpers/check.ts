import type { Thresholds } from '../../src/classify/classify.js';
import { classify } from '../../src/classify/classify.js';
import type { ReasonCode, Verdict } from '../../src/classify/reasons.js';
import { probe, probeOptions, type ProbeOptions } from '../../src/probe/probe.js';
import type { ProbeResult } from '../../src/probe/probe-result.js';

/** Test limits: short, so hostile fixtures are cut quickly, but far above loopback latency. */
export const TEST_LIMITS = { connectTimeoutMs: 2_000, requestTimeoutMs: 2_000, deadlineMs: 6_000 } as const;
export const TEST_THRESHOLDS: Thresholds = { slowMs: 1_000, minProtocolVersion: '2025-03-26', certificateWarningDays: 14 };

export async function check(
  url: string,
  overrides: Partial<Omit<ProbeOptions, 'url'>> = {},
  thresholds: Thresholds = TEST_THRESHOLDS,
): Promise<{ result: ProbeResult; verdict: Verdict; codes: ReasonCode[] }> {
  const result = await probe(probeOptions(url, { ...TEST_LIMITS, ...overrides }));
  const verdict = classify(result, thresholds);
  return { result, verdict, codes: verdict.reasons.map((r) => r.code) };
}

import type { ProbeOutcome } from '../store/run-recorder.js';
import { handshakeMs } from '../store/run-recorder.js';

/**
 * One endpoint's result as JSON lines and the run JSON carry it: the verdict, what was
 * spoken, timings and steps; not the tool definitions (they live in the database).
 * Header values never appear (the probe record holds names only).
 */
export function resultRecord({ url, name, result, verdict, inferred }: ProbeOutcome) {
  return {
    url,
    ...(name === undefined ? {} : { name }),
    status: verdict.status,
    authRequired: verdict.reasons.some((r) => r.code === 'auth_required'),
    reasons: verdict.reasons,
    startedAt: result.startedAt,
    durationMs: result.durationMs,
    handshakeMs: handshakeMs(result),
    era: result.handshake?.era ?? null,
    protocolVersion: result.handshake?.protocolVersion ?? null,
    transport: result.handshake?.transport ?? null,
    server: result.handshake?.server ?? null,
    toolCount: result.catalogue?.toolsDeclared ? result.catalogue.toolCount : null,
    toolNames: result.catalogue?.tools.map((t) => t.name) ?? [],
    catalogueHash: result.catalogue?.hash ?? null,
    failure: result.failure,
    tlsValidTo: result.tls?.certificate?.validTo ?? null,
    inferred,
    steps: result.steps,
  };
}

export type ResultRecord = ReturnType<typeof resultRecord>;

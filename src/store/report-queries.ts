import type { Status } from '../classify/reasons.js';
import type { Step } from '../probe/steps.js';
import type { Db } from './database.js';
import { percentile, storedProbeOf, type RunTotals, type StoredProbe } from './queries.js';

/**
 * Read-side queries of the report (issue 4), over a window of history: every run whose
 * probes started at or after `sinceIso` (all history when null), up to and including run
 * `untilRunId`. They count the way queries.ts counts (`runTotals`, `uptimeFigures`), so the
 * report, the terminal summary and `history` agree. Each is one pass over an index: a
 * report of 10,000 endpoints costs a handful of statements, not one per endpoint.
 */
export interface ReportScope {
  sinceIso: string | null;
  untilRunId: number;
}

export interface RunTrend {
  runId: number;
  startedAt: string;
  state: string;
  totals: RunTotals;
  p50HandshakeMs: number | null;
  p95HandshakeMs: number | null;
}

/**
 * Per run in the window, oldest first: status counts and handshake latency percentiles. Runs
 * that did not finish are left out (a half-done run would show as a dip in the fleet), except
 * the report's own run, which the report labels partial.
 */
export function runTrends(db: Db, scope: ReportScope): RunTrend[] {
  const runs = db
    .prepare(
      `SELECT id, started_at AS startedAt, state FROM runs
       WHERE id <= ? AND (? IS NULL OR started_at >= ?) AND EXISTS (SELECT 1 FROM probes WHERE run_id = runs.id)
         AND (state = 'finished' OR id = ?)
       ORDER BY id`,
    )
    .all(scope.untilRunId, scope.sinceIso, scope.sinceIso, scope.untilRunId) as Array<{ id: number; startedAt: string; state: string }>;
  if (runs.length === 0) return [];
  const first = runs[0]!.id;
  const byRun = new Map<number, { totals: RunTotals; latencies: number[] }>(
    runs.map((r) => [r.id, { totals: { total: 0, healthy: 0, healthyAuth: 0, degraded: 0, dead: 0 }, latencies: [] }]),
  );
  const counts = db
    .prepare('SELECT run_id AS runId, status, auth_required AS auth, count(*) AS n FROM probes WHERE run_id BETWEEN ? AND ? GROUP BY run_id, status, auth_required')
    .all(first, scope.untilRunId) as Array<{ runId: number; status: Status; auth: number; n: number }>;
  for (const row of counts) {
    const totals = byRun.get(row.runId)?.totals;
    if (!totals) continue;
    totals.total += row.n;
    totals[row.status] += row.n;
    if (row.status === 'healthy' && row.auth) totals.healthyAuth += row.n;
  }
  const latencies = db
    .prepare('SELECT run_id, handshake_ms FROM probes WHERE run_id BETWEEN ? AND ? AND handshake_ms IS NOT NULL ORDER BY run_id, handshake_ms')
    .raw()
    .iterate(first, scope.untilRunId) as IterableIterator<[number, number]>;
  for (const [runId, ms] of latencies) byRun.get(runId)?.latencies.push(ms);
  return runs.map((run) => {
    const entry = byRun.get(run.id)!;
    return {
      runId: run.id,
      startedAt: run.startedAt,
      state: run.state,
      totals: entry.totals,
      p50HandshakeMs: percentile(entry.latencies, 50),
      p95HandshakeMs: percentile(entry.latencies, 95),
    };
  });
}

/** An endpoint's newest probe in the window, with everything the report shows of it. */
export interface LatestProbe extends StoredProbe {
  endpointId: number;
  url: string;
  name: string | null;
  tlsValidTo: string | null;
  steps: Step[];
}

/** Every endpoint probed in the window, with its newest probe there; ordered by URL. */
export function latestProbes(db: Db, scope: ReportScope): LatestProbe[] {
  const rows = db
    .prepare(
      `SELECT e.id AS endpointId, e.url, e.name, p.* FROM endpoints e
       JOIN probes p ON p.id = (
         SELECT q.id FROM probes q WHERE q.endpoint_id = e.id AND q.run_id <= ? AND (? IS NULL OR q.started_at >= ?)
         ORDER BY q.started_at DESC, q.id DESC LIMIT 1)
       ORDER BY e.url`,
    )
    .all(scope.untilRunId, scope.sinceIso, scope.sinceIso) as Array<Record<string, unknown>>;
  return rows.map((row) => ({
    ...storedProbeOf(row),
    endpointId: row['endpointId'] as number,
    url: row['url'] as string,
    name: row['name'] as string | null,
    tlsValidTo: row['tls_valid_to'] as string | null,
    steps: JSON.parse(row['steps'] as string) as Step[],
  }));
}

/** One probe of an endpoint, as its history shows it. */
export interface SeriesPoint {
  runId: number;
  startedAt: string;
  status: Status;
  authRequired: boolean;
  handshakeMs: number | null;
  reasonCodes: string[];
  catalogueHash: string | null;
}

/** Every probe in the window, per endpoint, oldest first. */
export function probeSeries(db: Db, scope: ReportScope): Map<number, SeriesPoint[]> {
  const rows = db
    .prepare(
      `SELECT endpoint_id, run_id, started_at, status, auth_required, handshake_ms, reason_codes, catalogue_hash FROM probes
       WHERE run_id <= ? AND (? IS NULL OR started_at >= ?) ORDER BY endpoint_id, started_at, id`,
    )
    .raw()
    .iterate(scope.untilRunId, scope.sinceIso, scope.sinceIso) as IterableIterator<[number, number, string, Status, number, number | null, string, string | null]>;
  const series = new Map<number, SeriesPoint[]>();
  for (const [endpointId, runId, startedAt, status, auth, handshakeMs, codes, hash] of rows) {
    let points = series.get(endpointId);
    if (!points) series.set(endpointId, (points = []));
    points.push({ runId, startedAt, status, authRequired: auth === 1, handshakeMs, reasonCodes: JSON.parse(codes) as string[], catalogueHash: hash });
  }
  return series;
}

export interface SchemeCounts {
  https: number;
  http: number;
  /** https endpoints whose TLS handshake or certificate failed (a tls_* dead reason). */
  tlsFailed: number;
  /** https endpoints whose certificate expires soon (`tls_expiring_soon`). */
  tlsExpiringSoon: number;
}

/** TLS versus plain HTTP among a run's endpoints. */
export function schemeCounts(db: Db, runId: number): SchemeCounts {
  const row = db
    .prepare(
      `SELECT
         sum(e.url LIKE 'https:%') AS https,
         sum(e.url LIKE 'http:%') AS http,
         sum(e.url LIKE 'https:%' AND EXISTS (SELECT 1 FROM json_each(p.reason_codes) j WHERE j.value IN ('tls_untrusted', 'tls_expired', 'tls_hostname', 'tls_error'))) AS tlsFailed,
         sum(EXISTS (SELECT 1 FROM json_each(p.reason_codes) j WHERE j.value = 'tls_expiring_soon')) AS tlsExpiringSoon
       FROM probes p JOIN endpoints e ON e.id = p.endpoint_id WHERE p.run_id = ?`,
    )
    .get(runId) as Record<keyof SchemeCounts, number | null>;
  return { https: row.https ?? 0, http: row.http ?? 0, tlsFailed: row.tlsFailed ?? 0, tlsExpiringSoon: row.tlsExpiringSoon ?? 0 };
}

import type { Reason, Status } from '../classify/reasons.js';
import { diffCatalogues, type CatalogueDiff } from './catalogue-drift.js';
import type { Db } from './database.js';

/** A tool as the catalogues table stores it (`toolContract`). */
export type StoredTool = { name: string } & Record<string, unknown>;

/**
 * Read-side queries over the history. The terminal summary, `history`, and (later)
 * the HTML report all use these, so every view counts the same way.
 */

export interface RunRow {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  state: 'running' | 'finished' | 'interrupted';
  inputs: { files: string[]; registry?: string };
  options: Record<string, unknown>;
  targetCount: number;
}

interface RawRun {
  id: number;
  started_at: string;
  finished_at: string | null;
  state: RunRow['state'];
  inputs: string;
  options: string;
  target_count: number;
}

function toRun(raw: RawRun | undefined): RunRow | null {
  if (!raw) return null;
  return {
    id: raw.id,
    startedAt: raw.started_at,
    finishedAt: raw.finished_at,
    state: raw.state,
    inputs: JSON.parse(raw.inputs) as RunRow['inputs'],
    options: JSON.parse(raw.options) as Record<string, unknown>,
    targetCount: raw.target_count,
  };
}

export function getRun(db: Db, runId: number): RunRow | null {
  return toRun(db.prepare('SELECT * FROM runs WHERE id = ?').get(runId) as RawRun | undefined);
}

/** The newest run that did not finish (interrupted, or killed while running). */
export function newestUnfinishedRun(db: Db): RunRow | null {
  return toRun(db.prepare("SELECT * FROM runs WHERE state != 'finished' ORDER BY id DESC LIMIT 1").get() as RawRun | undefined);
}

/** The newest run before `runId` that has results. */
export function previousRun(db: Db, runId: number): RunRow | null {
  return toRun(
    db.prepare('SELECT * FROM runs WHERE id < ? AND EXISTS (SELECT 1 FROM probes WHERE run_id = runs.id) ORDER BY id DESC LIMIT 1').get(runId) as RawRun | undefined,
  );
}

/** The newest run with results, finished or not (a scan may be under way, or was interrupted). */
export function latestRun(db: Db): RunRow | null {
  return toRun(db.prepare('SELECT * FROM runs WHERE EXISTS (SELECT 1 FROM probes WHERE run_id = runs.id) ORDER BY id DESC LIMIT 1').get() as RawRun | undefined);
}

/**
 * The newest finished run with results: what a report is about by default. A run still under
 * way or interrupted has probed only some of its targets, and its shares are not the fleet's.
 */
export function latestFinishedRun(db: Db): RunRow | null {
  return toRun(
    db.prepare("SELECT * FROM runs WHERE state = 'finished' AND EXISTS (SELECT 1 FROM probes WHERE run_id = runs.id) ORDER BY id DESC LIMIT 1").get() as RawRun | undefined,
  );
}

/** The newest finished run before `runId` with results: what "change since" compares with. */
export function previousFinishedRun(db: Db, runId: number): RunRow | null {
  return toRun(
    db
      .prepare("SELECT * FROM runs WHERE id < ? AND state = 'finished' AND EXISTS (SELECT 1 FROM probes WHERE run_id = runs.id) ORDER BY id DESC LIMIT 1")
      .get(runId) as RawRun | undefined,
  );
}

/** How many of a run's targets have a result. */
export function probedCount(db: Db, runId: number): number {
  return db.prepare('SELECT count(*) FROM probes WHERE run_id = ?').pluck().get(runId) as number;
}

/** URLs of a run's targets that have no result yet. */
export function pendingUrls(db: Db, runId: number): string[] {
  return db
    .prepare(
      `SELECT e.url FROM run_targets t JOIN endpoints e ON e.id = t.endpoint_id
       WHERE t.run_id = ? AND NOT EXISTS (SELECT 1 FROM probes p WHERE p.run_id = t.run_id AND p.endpoint_id = t.endpoint_id)
       ORDER BY e.url`,
    )
    .pluck()
    .all(runId) as string[];
}

export function probedUrls(db: Db, runId: number): Set<string> {
  return new Set(db.prepare('SELECT e.url FROM probes p JOIN endpoints e ON e.id = p.endpoint_id WHERE p.run_id = ?').pluck().all(runId) as string[]);
}

export interface RunTotals {
  total: number;
  healthy: number;
  /** Healthy endpoints that want credentials (and discover them correctly). */
  healthyAuth: number;
  degraded: number;
  dead: number;
}

export function runTotals(db: Db, runId: number): RunTotals {
  const rows = db
    .prepare('SELECT status, auth_required AS auth, count(*) AS n FROM probes WHERE run_id = ? GROUP BY status, auth_required')
    .all(runId) as Array<{ status: Status; auth: number; n: number }>;
  const totals: RunTotals = { total: 0, healthy: 0, healthyAuth: 0, degraded: 0, dead: 0 };
  for (const row of rows) {
    totals.total += row.n;
    totals[row.status] += row.n;
    if (row.status === 'healthy' && row.auth) totals.healthyAuth += row.n;
  }
  return totals;
}

export interface Count {
  key: string;
  count: number;
}

/** Reason codes by how many endpoints of the run have them (informational ones included). */
export function topReasons(db: Db, runId: number, limit: number): Count[] {
  return db
    .prepare(
      `SELECT j.value AS key, count(*) AS count FROM probes p, json_each(p.reason_codes) j
       WHERE p.run_id = ? GROUP BY j.value ORDER BY count DESC, key LIMIT ?`,
    )
    .all(runId, limit) as Count[];
}

/** How many endpoints spoke each era / revision / transport (endpoints with a handshake). */
export function protocolMix(db: Db, runId: number): { eras: Count[]; versions: Count[]; transports: Count[] } {
  const group = (column: 'era' | 'protocol_version' | 'transport') =>
    db.prepare(`SELECT ${column} AS key, count(*) AS count FROM probes WHERE run_id = ? AND ${column} IS NOT NULL GROUP BY ${column} ORDER BY count DESC, key`).all(runId) as Count[];
  return { eras: group('era'), versions: group('protocol_version'), transports: group('transport') };
}

export interface EndpointLatency {
  url: string;
  handshakeMs: number;
  status: Status;
}

/** The slowest handshakes of the run. */
export function slowestEndpoints(db: Db, runId: number, limit: number): EndpointLatency[] {
  return db
    .prepare(
      `SELECT e.url, p.handshake_ms AS handshakeMs, p.status FROM probes p JOIN endpoints e ON e.id = p.endpoint_id
       WHERE p.run_id = ? AND p.handshake_ms IS NOT NULL ORDER BY p.handshake_ms DESC, e.url LIMIT ?`,
    )
    .all(runId, limit) as EndpointLatency[];
}

export interface StatusChange {
  url: string;
  from: Status | null;
  to: Status;
  reasonCodes: string[];
}

/** Endpoints whose status differs from the previous run's (new endpoints have `from: null`). */
export function changesBetween(db: Db, previousRunId: number, runId: number): StatusChange[] {
  const rows = db
    .prepare(
      `SELECT e.url, old.status AS "from", cur.status AS "to", cur.reason_codes AS codes
       FROM probes cur JOIN endpoints e ON e.id = cur.endpoint_id
       LEFT JOIN probes old ON old.endpoint_id = cur.endpoint_id AND old.run_id = ?
       WHERE cur.run_id = ? AND (old.status IS NULL OR old.status != cur.status)
       ORDER BY e.url`,
    )
    .all(previousRunId, runId) as Array<{ url: string; from: Status | null; to: Status; codes: string }>;
  return rows.map((row) => ({ url: row.url, from: row.from, to: row.to, reasonCodes: JSON.parse(row.codes) as string[] }));
}

/** One stored probe row, as every view reads it (the `probes` table, columns decoded). */
export interface StoredProbe {
  runId: number;
  startedAt: string;
  status: Status;
  authRequired: boolean;
  reasons: Reason[];
  era: string | null;
  protocolVersion: string | null;
  transport: string | null;
  serverName: string | null;
  serverVersion: string | null;
  toolCount: number | null;
  catalogueHash: string | null;
  handshakeMs: number | null;
  durationMs: number;
  inferred: boolean;
}

/** Decodes a `probes` row (selected with `p.*` or the same column names). */
export function storedProbeOf(row: Record<string, unknown>): StoredProbe {
  return {
    runId: row['run_id'] as number,
    startedAt: row['started_at'] as string,
    status: row['status'] as Status,
    authRequired: row['auth_required'] === 1,
    reasons: JSON.parse(row['reasons'] as string) as Reason[],
    era: row['era'] as string | null,
    protocolVersion: row['protocol_version'] as string | null,
    transport: row['transport'] as string | null,
    serverName: row['server_name'] as string | null,
    serverVersion: row['server_version'] as string | null,
    toolCount: row['tool_count'] as number | null,
    catalogueHash: row['catalogue_hash'] as string | null,
    handshakeMs: row['handshake_ms'] as number | null,
    durationMs: row['duration_ms'] as number,
    inferred: row['inferred'] === 1,
  };
}

export type HistoryEntry = StoredProbe;

/** An endpoint's verdicts, newest first. */
export function endpointHistory(db: Db, url: string, limit: number): HistoryEntry[] {
  const rows = db
    .prepare(
      `SELECT p.* FROM probes p JOIN endpoints e ON e.id = p.endpoint_id WHERE e.url = ? ORDER BY p.started_at DESC, p.id DESC LIMIT ?`,
    )
    .all(url, limit) as Array<Record<string, unknown>>;
  return rows.map(storedProbeOf);
}

export interface UptimeFigures {
  probes: number;
  /** Share of probes that were not dead (0–1), null without probes. */
  alive: number | null;
  /** Share of probes that were healthy. */
  healthy: number | null;
  p50HandshakeMs: number | null;
  p95HandshakeMs: number | null;
}

/** Nearest-rank percentile of sorted numbers. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Uptime and latency of one endpoint since `sinceIso` (all history when null). */
export function uptime(db: Db, url: string, sinceIso: string | null): UptimeFigures {
  const rows = db
    .prepare(
      `SELECT p.status, p.handshake_ms AS ms FROM probes p JOIN endpoints e ON e.id = p.endpoint_id
       WHERE e.url = ? AND (? IS NULL OR p.started_at >= ?)`,
    )
    .all(url, sinceIso, sinceIso) as Array<{ status: Status; ms: number | null }>;
  return uptimeFigures(rows);
}

/** The uptime figures of a set of probes: `uptime` for one endpoint, the report for every endpoint. */
export function uptimeFigures(rows: ReadonlyArray<{ status: Status; ms: number | null }>): UptimeFigures {
  const latencies = rows.flatMap((r) => (r.ms === null ? [] : [r.ms])).sort((a, b) => a - b);
  const share = (predicate: (status: Status) => boolean) => (rows.length === 0 ? null : rows.filter((r) => predicate(r.status)).length / rows.length);
  return {
    probes: rows.length,
    alive: share((s) => s !== 'dead'),
    healthy: share((s) => s === 'healthy'),
    p50HandshakeMs: percentile(latencies, 50),
    p95HandshakeMs: percentile(latencies, 95),
  };
}

export interface CatalogueChange extends CatalogueDiff {
  at: string;
  fromHash: string;
  toHash: string;
}

/** Parsed catalogues kept at once: an endpoint's drift reads its successive catalogues in order. */
export const CATALOGUE_CACHE_ENTRIES = 16;

/**
 * Reads stored catalogues by hash. The newest few parsed are kept (least recently used out):
 * a fleet of thousands of distinct catalogues of up to 8 MB each must not all sit in memory.
 */
export function catalogueReader(db: Db, cacheEntries = CATALOGUE_CACHE_ENTRIES): (hash: string) => StoredTool[] {
  const toolsOf = db.prepare('SELECT tools FROM catalogues WHERE hash = ?').pluck();
  const cache = new Map<string, StoredTool[]>();
  return (hash) => {
    let tools = cache.get(hash);
    if (tools) cache.delete(hash);
    else {
      const text = toolsOf.get(hash) as string | undefined;
      tools = text === undefined ? [] : (JSON.parse(text) as StoredTool[]);
      if (cache.size >= cacheEntries) cache.delete(cache.keys().next().value!);
    }
    cache.set(hash, tools);
    return tools;
  };
}

/**
 * Drift between successive catalogues that differ, from (time, hash) pairs in time order; only
 * the newest `limit` changes are diffed (the others are never loaded).
 */
export function driftOf(points: ReadonlyArray<{ at: string; hash: string }>, load: (hash: string) => StoredTool[], limit = Infinity): CatalogueChange[] {
  const pairs: Array<[{ at: string; hash: string }, { at: string; hash: string }]> = [];
  for (let i = 1; i < points.length; i++) {
    if (points[i - 1]!.hash !== points[i]!.hash) pairs.push([points[i - 1]!, points[i]!]);
  }
  return pairs
    .slice(limit >= pairs.length ? 0 : pairs.length - limit)
    .map(([before, after]) => ({ at: after.at, fromHash: before.hash, toHash: after.hash, ...diffCatalogues(load(before.hash), load(after.hash)) }));
}

/** Successive catalogues of an endpoint that differ, with the tools added, removed and changed. */
export function catalogueChanges(db: Db, url: string): CatalogueChange[] {
  const rows = db
    .prepare(
      `SELECT p.started_at AS at, p.catalogue_hash AS hash FROM probes p JOIN endpoints e ON e.id = p.endpoint_id
       WHERE e.url = ? AND p.catalogue_hash IS NOT NULL ORDER BY p.started_at, p.id`,
    )
    .all(url) as Array<{ at: string; hash: string }>;
  return driftOf(rows, catalogueReader(db));
}

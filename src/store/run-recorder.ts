import type { Statement } from 'better-sqlite3';
import type { Verdict } from '../classify/reasons.js';
import { toolContract } from '../probe/catalogue/catalogue-hash.js';
import type { ProbeResult } from '../probe/probe-result.js';
import { VERSION } from '../version.js';
import type { Db } from './database.js';

export interface RunInputs {
  files: string[];
  registry?: string;
}

/** One finished probe as the scan hands it over. */
export interface ProbeOutcome {
  url: string;
  name?: string | undefined;
  result: ProbeResult;
  verdict: Verdict;
  /** The verdict was inferred from the host's other failures, without a probe of its own. */
  inferred: boolean;
}

/** The step that completed the handshake: its duration is the endpoint's latency figure. */
export function handshakeMs(result: ProbeResult): number | null {
  if (!result.handshake) return null;
  const step = result.steps.find((s) => s.outcome === 'ok' && (s.name === 'server/discover' || s.name === 'initialize'));
  return step?.durationMs ?? null;
}

/**
 * Writes one run's results as they complete. Results finishing in the same tick are
 * written together in one transaction; nothing waits on a timer, so `kill -9` loses at
 * most the probes still in flight, and the database is always consistent.
 */
export class RunRecorder {
  private readonly statements: Record<string, Statement>;
  /**
   * The run's endpoints as registered with it: id, and the status before this run (the
   * `from` of a transition). Kept here so each result costs no upsert.
   */
  private readonly endpoints = new Map<string, { id: number; lastStatus: string | null }>();
  /** Catalogue hashes this run has stored already (many endpoints share one catalogue). */
  private readonly storedCatalogues = new Set<string>();
  private queue: ProbeOutcome[] = [];
  private flushScheduled = false;

  private constructor(
    private readonly db: Db,
    readonly runId: number,
  ) {
    this.statements = {
      upsertEndpoint: db.prepare(
        `INSERT INTO endpoints (url, host, name, first_seen_at) VALUES (@url, @host, @name, @now)
         ON CONFLICT (url) DO UPDATE SET name = coalesce(excluded.name, endpoints.name)
         RETURNING id, last_status`,
      ),
      addTarget: db.prepare('INSERT OR IGNORE INTO run_targets (run_id, endpoint_id) VALUES (?, ?)'),
      insertCatalogue: db.prepare('INSERT OR IGNORE INTO catalogues (hash, tool_count, tools, first_seen_at) VALUES (?, ?, ?, ?)'),
      insertProbe: db.prepare(
        `INSERT OR REPLACE INTO probes (run_id, endpoint_id, started_at, duration_ms, status, auth_required, reason_codes, reasons, era,
           protocol_version, transport, server_name, server_version, tool_count, catalogue_hash, handshake_ms, failure_code, failure_detail,
           tls_valid_to, inferred, steps)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      updateEndpoint: db.prepare('UPDATE endpoints SET last_status = ?, last_probed_at = ? WHERE id = ?'),
      insertTransition: db.prepare(
        'INSERT INTO transitions (endpoint_id, run_id, at, from_status, to_status, reason_codes) VALUES (?, ?, ?, ?, ?, ?)',
      ),
    };
  }

  /** Starts a new run and registers its targets (so a resumed run knows what is left). */
  static start(db: Db, inputs: RunInputs, options: Record<string, unknown>, targets: Array<{ url: string; name?: string | undefined }>, at = new Date()): RunRecorder {
    const now = at.toISOString();
    const runId = db
      .prepare(
        `INSERT INTO runs (started_at, state, inputs, options, target_count, mcp_health_version)
         VALUES (?, 'running', ?, ?, ?, ?) RETURNING id`,
      )
      .pluck()
      .get(now, JSON.stringify(inputs), JSON.stringify(options), targets.length, VERSION) as number;
    const recorder = new RunRecorder(db, runId);
    recorder.addTargets(targets, at);
    return recorder;
  }

  /** Continues an existing run (`--resume`). */
  static resume(db: Db, runId: number): RunRecorder {
    db.prepare("UPDATE runs SET state = 'running', finished_at = NULL WHERE id = ?").run(runId);
    return new RunRecorder(db, runId);
  }

  addTargets(targets: Array<{ url: string; name?: string | undefined }>, at = new Date()): void {
    const now = at.toISOString();
    // IMMEDIATE: take the write lock (waiting on another scan's) before reading anything, so a
    // concurrent writer can never leave this transaction unable to upgrade its snapshot.
    this.db.transaction(() => {
      for (const target of targets) {
        const endpoint = this.upsertEndpoint(target.url, target.name, now);
        this.statements['addTarget']!.run(this.runId, endpoint.id);
        this.endpoints.set(target.url, endpoint);
      }
      this.db.prepare('UPDATE runs SET target_count = (SELECT count(*) FROM run_targets WHERE run_id = ?) WHERE id = ?').run(this.runId, this.runId);
    }).immediate();
  }

  private upsertEndpoint(url: string, name: string | undefined, now: string): { id: number; lastStatus: string | null } {
    const row = this.statements['upsertEndpoint']!.get({ url, host: new URL(url).hostname, name: name ?? null, now }) as { id: number; last_status: string | null };
    return { id: row.id, lastStatus: row.last_status };
  }

  /** Queues a result; it is written before the event loop next waits for I/O. */
  record(outcome: ProbeOutcome): void {
    this.queue.push(outcome);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  /** Writes everything queued, in one transaction. */
  flush(): void {
    this.flushScheduled = false;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.db.transaction(() => {
      for (const outcome of batch) this.write(outcome);
    }).immediate();
  }

  private write({ url, name, result, verdict, inferred }: ProbeOutcome): void {
    let endpoint = this.endpoints.get(url);
    if (!endpoint) {
      // Not registered with the run (a caller that skipped addTargets): register it now.
      endpoint = this.upsertEndpoint(url, name, new Date().toISOString());
      this.statements['addTarget']!.run(this.runId, endpoint.id);
      this.endpoints.set(url, endpoint);
    }
    const catalogue = result.catalogue;
    if (catalogue?.hash && !this.storedCatalogues.has(catalogue.hash)) {
      this.statements['insertCatalogue']!.run(catalogue.hash, catalogue.tools.length, JSON.stringify(catalogue.tools.map(toolContract)), result.startedAt);
      this.storedCatalogues.add(catalogue.hash);
    }
    const codes = verdict.reasons.map((r) => r.code);
    // Positional, in the column order above (binding by name costs a lookup per column per row).
    this.statements['insertProbe']!.run(
      this.runId,
      endpoint.id,
      result.startedAt,
      result.durationMs,
      verdict.status,
      codes.includes('auth_required') ? 1 : 0,
      JSON.stringify(codes),
      JSON.stringify(verdict.reasons),
      result.handshake?.era ?? null,
      result.handshake?.protocolVersion ?? null,
      result.handshake?.transport ?? null,
      result.handshake?.server?.name ?? null,
      result.handshake?.server?.version ?? null,
      catalogue?.toolsDeclared ? catalogue.toolCount : null,
      catalogue?.hash ?? null,
      handshakeMs(result),
      result.failure?.code ?? null,
      result.failure?.detail ?? null,
      result.tls?.certificate?.validTo ?? null,
      inferred ? 1 : 0,
      JSON.stringify(result.steps),
    );
    if (endpoint.lastStatus !== null && endpoint.lastStatus !== verdict.status) {
      this.statements['insertTransition']!.run(endpoint.id, this.runId, result.startedAt, endpoint.lastStatus, verdict.status, JSON.stringify(codes));
    }
    this.statements['updateEndpoint']!.run(verdict.status, result.startedAt, endpoint.id);
    endpoint.lastStatus = verdict.status;
  }

  /** Marks the run finished (every target has a result) or interrupted (Ctrl+C). */
  finish(state: 'finished' | 'interrupted', at = new Date()): void {
    this.flush();
    this.db.prepare('UPDATE runs SET state = ?, finished_at = ? WHERE id = ?').run(state, at.toISOString(), this.runId);
  }
}

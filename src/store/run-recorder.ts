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
 * One probe's row, ready for the database: every value a write needs, with the JSON already
 * written, so it can be built where the probe ended and stored elsewhere (writer-thread.ts
 * stores rows off the scan's thread). Plain data: it crosses a thread as it is.
 */
export interface ProbeRow {
  url: string;
  name: string | null;
  status: Verdict['status'];
  startedAt: string;
  reasonCodesJson: string;
  /** The catalogue, only the first time its hash is met by whoever builds the rows. */
  catalogue: { hash: string; toolCount: number; toolsJson: string } | null;
  /** The probe's columns after run_id and endpoint_id, in the insert's order. */
  columns: Array<string | number | null>;
}

/**
 * The row of one outcome. `catalogues` holds the hashes whose tools were already put in a row
 * (by this builder): a catalogue is stored once, and its JSON is written once.
 */
export function probeRow({ url, name, result, verdict, inferred }: ProbeOutcome, catalogues: Set<string>): ProbeRow {
  const catalogue = result.catalogue;
  let newCatalogue: ProbeRow['catalogue'] = null;
  if (catalogue?.hash && !catalogues.has(catalogue.hash)) {
    newCatalogue = { hash: catalogue.hash, toolCount: catalogue.tools.length, toolsJson: JSON.stringify(catalogue.tools.map(toolContract)) };
    catalogues.add(catalogue.hash);
  }
  const codes = verdict.reasons.map((r) => r.code);
  const reasonCodesJson = JSON.stringify(codes);
  return {
    url,
    name: name ?? null,
    status: verdict.status,
    startedAt: result.startedAt,
    reasonCodesJson,
    catalogue: newCatalogue,
    columns: [
      result.startedAt,
      result.durationMs,
      verdict.status,
      codes.includes('auth_required') ? 1 : 0,
      reasonCodesJson,
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
    ],
  };
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
  /** Catalogue hashes this recorder has put in rows (many endpoints share one catalogue). */
  private readonly rowCatalogues = new Set<string>();
  private queue: ProbeRow[] = [];
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

  /**
   * Writes for a run another connection started and registered (the writer thread's): its
   * endpoints as registered are read back, each with its status before the run's results.
   */
  static attach(db: Db, runId: number): RunRecorder {
    const recorder = new RunRecorder(db, runId);
    const rows = db
      .prepare('SELECT e.url AS url, e.id AS id, e.last_status AS lastStatus FROM run_targets t JOIN endpoints e ON e.id = t.endpoint_id WHERE t.run_id = ?')
      .all(runId) as Array<{ url: string; id: number; lastStatus: string | null }>;
    for (const row of rows) recorder.endpoints.set(row.url, { id: row.id, lastStatus: row.lastStatus });
    return recorder;
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

  private upsertEndpoint(url: string, name: string | null | undefined, now: string): { id: number; lastStatus: string | null } {
    const row = this.statements['upsertEndpoint']!.get({ url, host: new URL(url).hostname, name: name ?? null, now }) as { id: number; last_status: string | null };
    return { id: row.id, lastStatus: row.last_status };
  }

  /** Queues a result; it is written before the event loop next waits for I/O. */
  record(outcome: ProbeOutcome): void {
    this.queue.push(probeRow(outcome, this.rowCatalogues));
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
    this.writeRows(batch);
  }

  /** Writes rows built elsewhere (probeRow), in one transaction. */
  writeRows(rows: readonly ProbeRow[]): void {
    this.db.transaction(() => {
      for (const row of rows) this.write(row);
    }).immediate();
  }

  private write(row: ProbeRow): void {
    let endpoint = this.endpoints.get(row.url);
    if (!endpoint) {
      // Not registered with the run (a caller that skipped addTargets): register it now.
      endpoint = this.upsertEndpoint(row.url, row.name, new Date().toISOString());
      this.statements['addTarget']!.run(this.runId, endpoint.id);
      this.endpoints.set(row.url, endpoint);
    }
    // INSERT OR IGNORE: a catalogue another run (or another builder of rows) stored already stays as it is.
    if (row.catalogue) this.statements['insertCatalogue']!.run(row.catalogue.hash, row.catalogue.toolCount, row.catalogue.toolsJson, row.startedAt);
    // Positional, in the column order above (binding by name costs a lookup per column per row).
    this.statements['insertProbe']!.run(this.runId, endpoint.id, ...row.columns);
    if (endpoint.lastStatus !== null && endpoint.lastStatus !== row.status) {
      this.statements['insertTransition']!.run(endpoint.id, this.runId, row.startedAt, endpoint.lastStatus, row.status, row.reasonCodesJson);
    }
    this.statements['updateEndpoint']!.run(row.status, row.startedAt, endpoint.id);
    endpoint.lastStatus = row.status;
  }

  /** Marks the run finished (every target has a result) or interrupted (Ctrl+C). */
  finish(state: 'finished' | 'interrupted', at = new Date()): void {
    this.flush();
    this.db.prepare('UPDATE runs SET state = ?, finished_at = ? WHERE id = ?').run(state, at.toISOString(), this.runId);
  }
}

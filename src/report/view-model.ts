import { REASONS, severity, type Reason, type ReasonCode, type Status } from '../classify/reasons.js';
import type { Db } from '../store/database.js';
import { catalogueReader, driftOf, getRun, latestRun, previousRun, protocolMix, runTotals, topReasons, uptimeFigures, type CatalogueChange, type Count, type RunTotals, type StoredTool, type UptimeFigures } from '../store/queries.js';
import { latestProbes, probeSeries, runTrends, schemeCounts, type ReportScope, type RunTrend, type SchemeCounts } from '../store/report-queries.js';
import { VERSION } from '../version.js';

/**
 * The one view model of a report (issue 4): pure data, built from the store's queries, and
 * rendered by every format (HTML, Markdown, JSON). Server-supplied text (names, tool names,
 * descriptions, reason details) is kept as sent, only cut to a length: each renderer escapes
 * it for its own context.
 */
export interface ReportModel {
  format: 'mcp-health-report';
  formatVersion: 1;
  generatedAt: string;
  mcpHealthVersion: string;
  window: { label: string; sinceIso: string | null };
  run: RunInfo | null;
  previousRun: RunInfo | null;
  headline: Headline | null;
  trends: RunTrend[];
  failures: Failures;
  endpoints: EndpointView[];
  /** Tools of each endpoint's newest catalogue, by hash (many endpoints share one). */
  catalogues: Record<string, ToolView[]>;
}

export interface RunInfo {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  state: string;
}

/** One line of the headline: a count, its share of the run, and the change since the previous run. */
export interface ShareFigure {
  count: number;
  share: number;
  previousShare: number | null;
  /** Change of the share in percentage points; null without a previous run. */
  changePoints: number | null;
}

export type HeadlineKey = 'dead' | 'degraded' | 'healthy' | 'healthyOpen' | 'healthyAuth';

export interface Headline {
  total: number;
  previousTotal: number | null;
  figures: Record<HeadlineKey, ShareFigure>;
}

export interface ReasonStat {
  code: ReasonCode;
  status: Status;
  summary: string;
  count: number;
  share: number;
  previousCount: number | null;
}

export interface Failures {
  reasons: ReasonStat[];
  eras: Count[];
  versions: Count[];
  transports: Count[];
  schemes: SchemeCounts;
}

export interface HistoryPoint {
  runId: number;
  at: string;
  status: Status;
  authRequired: boolean;
  handshakeMs: number | null;
  codes: string[];
}

export interface StepView {
  name: string;
  startedAtMs: number;
  durationMs: number;
  httpStatus: number | null;
  outcome: string;
  detail: string | null;
}

export interface EndpointView {
  url: string;
  name: string | null;
  status: Status;
  authRequired: boolean;
  reasons: Reason[];
  handshakeMs: number | null;
  era: string | null;
  protocolVersion: string | null;
  transport: string | null;
  serverName: string | null;
  serverVersion: string | null;
  toolCount: number | null;
  lastProbedAt: string;
  lastRunId: number;
  /** Probed in the report's run (false: only earlier in the window). */
  inLatestRun: boolean;
  inferred: boolean;
  tlsValidTo: string | null;
  uptime: UptimeFigures;
  /** The newest verdicts, oldest first (at most `stripLength`). */
  strip: Status[];
  /** The newest probes in the window, oldest first (at most `historyLimit`). */
  history: HistoryPoint[];
  steps: StepView[];
  catalogueHash: string | null;
  drift: CatalogueChange[];
}

export interface ToolView {
  name: string;
  title: string | null;
  description: string | null;
  inputs: Array<{ name: string; type: string; required: boolean }>;
  /** Property names of the output schema; null without one. */
  outputs: string[] | null;
  hints: string[];
}

export interface ReportOptions {
  /** When the report is made (a parameter, so renderings are reproducible). */
  now: Date;
  sinceIso: string | null;
  windowLabel: string;
  /** The run the report is about (default: the newest with results). */
  runId?: number;
  historyLimit?: number;
  stripLength?: number;
}

/** Bounds on what one endpoint carries into the page: a hostile catalogue cannot blow the report up. */
export const REPORT_LIMITS = {
  historyLimit: 60,
  stripLength: 20,
  textChars: 500,
  toolsPerCatalogue: 500,
  inputsPerTool: 64,
  stepsPerProbe: 60,
  driftPerEndpoint: 20,
} as const;

const cut = (text: string | null | undefined, max: number = REPORT_LIMITS.textChars): string | null =>
  text === null || text === undefined ? null : text.length > max ? `${text.slice(0, max - 1)}…` : text;

function shareFigure(count: number, total: number, previous: { count: number; total: number } | null): ShareFigure {
  const share = total === 0 ? 0 : count / total;
  const previousShare = previous && previous.total > 0 ? previous.count / previous.total : null;
  return { count, share, previousShare, changePoints: previousShare === null ? null : round(100 * (share - previousShare), 1) };
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

export function headlineOf(totals: RunTotals, previous: RunTotals | null): Headline {
  const figure = (pick: (t: RunTotals) => number) => shareFigure(pick(totals), totals.total, previous ? { count: pick(previous), total: previous.total } : null);
  return {
    total: totals.total,
    previousTotal: previous?.total ?? null,
    figures: {
      dead: figure((t) => t.dead),
      degraded: figure((t) => t.degraded),
      healthy: figure((t) => t.healthy),
      healthyOpen: figure((t) => t.healthy - t.healthyAuth),
      healthyAuth: figure((t) => t.healthyAuth),
    },
  };
}

function schemaType(schema: unknown): string {
  if (schema === null || typeof schema !== 'object') return 'any';
  const type = (schema as Record<string, unknown>)['type'];
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.filter((t) => typeof t === 'string').join('|') || 'any';
  return 'any';
}

function propertiesOf(schema: unknown): Array<[string, unknown]> {
  if (schema === null || typeof schema !== 'object') return [];
  const properties = (schema as Record<string, unknown>)['properties'];
  return properties !== null && typeof properties === 'object' ? Object.entries(properties as Record<string, unknown>) : [];
}

export function toolView(tool: StoredTool): ToolView {
  const input = tool['inputSchema'];
  const required = new Set(
    input && typeof input === 'object' && Array.isArray((input as Record<string, unknown>)['required'])
      ? ((input as Record<string, unknown>)['required'] as unknown[]).filter((r): r is string => typeof r === 'string')
      : [],
  );
  const output = tool['outputSchema'];
  const annotations = tool['annotations'];
  const hints =
    annotations && typeof annotations === 'object'
      ? (['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const).filter((h) => (annotations as Record<string, unknown>)[h] === true)
      : [];
  const text = (value: unknown) => (typeof value === 'string' ? cut(value) : null);
  return {
    name: cut(String(tool.name), 200)!,
    title: text(tool['title']),
    description: text(tool['description']),
    inputs: propertiesOf(input)
      .slice(0, REPORT_LIMITS.inputsPerTool)
      .map(([name, schema]) => ({ name: cut(name, 120)!, type: cut(schemaType(schema), 60)!, required: required.has(name) })),
    outputs: output && typeof output === 'object' ? propertiesOf(output).slice(0, REPORT_LIMITS.inputsPerTool).map(([name]) => cut(name, 120)!) : null,
    hints,
  };
}

const STATUS_ORDER = (a: EndpointView, b: EndpointView) =>
  severity(b.status) - severity(a.status) || Number(a.authRequired) - Number(b.authRequired) || (a.url < b.url ? -1 : a.url > b.url ? 1 : 0);

/** Builds the report of one run (the newest by default) over a window of history. */
export function buildReportModel(db: Db, options: ReportOptions): ReportModel {
  const historyLimit = options.historyLimit ?? REPORT_LIMITS.historyLimit;
  const stripLength = options.stripLength ?? REPORT_LIMITS.stripLength;
  const base = {
    format: 'mcp-health-report' as const,
    formatVersion: 1 as const,
    generatedAt: options.now.toISOString(),
    mcpHealthVersion: VERSION,
    window: { label: options.windowLabel, sinceIso: options.sinceIso },
  };
  const runRow = options.runId === undefined ? latestRun(db) : getRun(db, options.runId);
  if (!runRow) {
    return {
      ...base,
      run: null,
      previousRun: null,
      headline: null,
      trends: [],
      failures: { reasons: [], eras: [], versions: [], transports: [], schemes: { https: 0, http: 0, tlsFailed: 0, tlsExpiringSoon: 0 } },
      endpoints: [],
      catalogues: {},
    };
  }
  const scope: ReportScope = { sinceIso: options.sinceIso, untilRunId: runRow.id };
  const previousRow = previousRun(db, runRow.id);
  const totals = runTotals(db, runRow.id);
  const previousTotals = previousRow ? runTotals(db, previousRow.id) : null;
  const previousReasons = previousRow ? new Map(topReasons(db, previousRow.id, REASON_LIMIT).map((c) => [c.key, c.count])) : null;
  const reasons = topReasons(db, runRow.id, REASON_LIMIT).map((c): ReasonStat => {
    const code = c.key as ReasonCode;
    const known = REASONS[code];
    return {
      code,
      status: known?.status ?? 'dead',
      summary: known?.summary ?? 'unknown reason code',
      count: c.count,
      share: totals.total === 0 ? 0 : c.count / totals.total,
      previousCount: previousReasons ? (previousReasons.get(c.key) ?? 0) : null,
    };
  });
  const mix = protocolMix(db, runRow.id);

  const series = probeSeries(db, scope);
  const loadCatalogue = catalogueReader(db);
  const catalogues: Record<string, ToolView[]> = {};
  const endpoints = latestProbes(db, scope).map((probe): EndpointView => {
    const points = series.get(probe.endpointId) ?? [];
    const withHash = points.flatMap((p) => (p.catalogueHash ? [{ at: p.startedAt, hash: p.catalogueHash }] : []));
    if (probe.catalogueHash && !(probe.catalogueHash in catalogues)) {
      catalogues[probe.catalogueHash] = loadCatalogue(probe.catalogueHash).slice(0, REPORT_LIMITS.toolsPerCatalogue).map(toolView);
    }
    const drift = driftOf(withHash, loadCatalogue)
      .slice(-REPORT_LIMITS.driftPerEndpoint)
      .map((change) => ({
        ...change,
        added: change.added.map((n) => cut(n, 200)!),
        removed: change.removed.map((n) => cut(n, 200)!),
        changed: change.changed.map((n) => cut(n, 200)!),
        changes: change.changes.map((c) => ({ ...c, name: cut(c.name, 200)! })),
      }));
    return {
      url: probe.url,
      name: cut(probe.name, 200),
      status: probe.status,
      authRequired: probe.authRequired,
      reasons: probe.reasons.map((r) => ({ code: r.code, detail: cut(r.detail)! })),
      handshakeMs: probe.handshakeMs,
      era: probe.era,
      protocolVersion: probe.protocolVersion,
      transport: probe.transport,
      serverName: cut(probe.serverName, 200),
      serverVersion: cut(probe.serverVersion, 80),
      toolCount: probe.toolCount,
      lastProbedAt: probe.startedAt,
      lastRunId: probe.runId,
      inLatestRun: probe.runId === runRow.id,
      inferred: probe.inferred,
      tlsValidTo: probe.tlsValidTo,
      uptime: uptimeFigures(points.map((p) => ({ status: p.status, ms: p.handshakeMs }))),
      strip: points.slice(-stripLength).map((p) => p.status),
      history: points.slice(-historyLimit).map((p) => ({ runId: p.runId, at: p.startedAt, status: p.status, authRequired: p.authRequired, handshakeMs: p.handshakeMs, codes: p.reasonCodes })),
      steps: probe.steps.slice(0, REPORT_LIMITS.stepsPerProbe).map((s) => ({
        name: cut(s.name, 120)!,
        startedAtMs: s.startedAtMs,
        durationMs: s.durationMs,
        httpStatus: s.http?.status ?? null,
        outcome: s.outcome,
        detail: cut(s.detail ?? null, 300),
      })),
      catalogueHash: probe.catalogueHash,
      drift,
    };
  });
  endpoints.sort(STATUS_ORDER);

  return {
    ...base,
    run: { id: runRow.id, startedAt: runRow.startedAt, finishedAt: runRow.finishedAt, state: runRow.state },
    previousRun: previousRow ? { id: previousRow.id, startedAt: previousRow.startedAt, finishedAt: previousRow.finishedAt, state: previousRow.state } : null,
    headline: headlineOf(totals, previousTotals),
    trends: runTrends(db, scope),
    failures: { reasons, eras: mix.eras, versions: mix.versions, transports: mix.transports, schemes: schemeCounts(db, runRow.id) },
    endpoints,
    catalogues,
  };
}

/** More than there are reason codes: every code of a run. */
const REASON_LIMIT = 1000;

/** The display class of a verdict: healthy endpoints that want credentials are shown apart. */
export type StatusClass = 'dead' | 'degraded' | 'healthy' | 'auth';
export const statusClass = (status: Status, authRequired: boolean): StatusClass => (status === 'healthy' && authRequired ? 'auth' : status);

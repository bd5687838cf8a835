import { REASONS, severity, type Reason, type ReasonCode, type Status } from '../classify/reasons.js';
import type { Db } from '../store/database.js';
import {
  catalogueReader,
  driftOf,
  getRun,
  latestFinishedRun,
  latestRun,
  previousFinishedRun,
  protocolMix,
  runTotals,
  topReasons,
  uptimeFigures,
  type CatalogueChange,
  type Count,
  type RunRow,
  type RunTotals,
  type StoredTool,
  type UptimeFigures,
} from '../store/queries.js';
import { latestProbes, probeSeries, runTrends, schemeCounts, type ReportScope, type RunTrend, type SchemeCounts } from '../store/report-queries.js';
import { VERSION } from '../version.js';
import { safeHref } from './html/safe-href.js';
import { scriptJsonBytes } from './html/script-json.js';
import { ByteBudget } from './report-budget.js';

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
  catalogues: Record<string, CatalogueView>;
  /** What the report's size budgets left out (REPORT_LIMITS); zeros when nothing was. */
  omitted: Omitted;
}

export interface RunInfo {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  state: string;
  /** Targets registered with the run, and how many of them have a result. */
  targetCount: number;
  probedCount: number;
  /** Not finished, or not every target probed: its shares are not the whole fleet's. */
  partial: boolean;
}

export interface CatalogueView {
  /** Tools in the stored catalogue. */
  toolCount: number;
  /** The tools shown (the first ones, up to the limits). */
  tools: ToolView[];
  /** Why fewer than `toolCount` are shown: the per-catalogue tool cap, or the page's byte budget. */
  cut: 'tool-limit' | 'budget' | null;
}

export interface Omitted {
  /** Catalogues shown with fewer tools than they have because of the byte budget, and the tools left out. */
  catalogues: number;
  tools: number;
  /** Tool names of drift changes left out (per-change cap, then the drift byte budget). */
  driftNames: number;
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
  /** The URL as a link target when it is http(s) (`safeHref`); null: shown as text only. */
  href: string | null;
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
  drift: DriftView[];
}

/** A catalogue change as the report shows it: at most `driftNamesPerChange` names per list. */
export interface DriftView extends CatalogueChange {
  /** Names left out of each list (the cap per change, or the report's drift budget). */
  more: { added: number; removed: number; changed: number };
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
  /** The run the report is about (default: the newest finished run, else the newest with results). */
  runId?: number;
  historyLimit?: number;
  stripLength?: number;
  /** Override the byte budgets (tests use small ones). */
  budgets?: Partial<Pick<typeof REPORT_LIMITS, 'catalogueBudgetBytes' | 'driftBudgetBytes'>>;
}

/**
 * Bounds on what the report carries: per endpoint (a hostile catalogue cannot blow one row up),
 * and for the whole page (many big catalogues cannot blow the file up). Byte budgets are
 * counted as the text lands in the HTML data block (escaped); beyond them the page says what
 * it left out, and `mcp-health check <url>` / `history <url>` show the rest.
 */
export const REPORT_LIMITS = {
  historyLimit: 60,
  stripLength: 20,
  textChars: 500,
  toolsPerCatalogue: 500,
  inputsPerTool: 64,
  stepsPerProbe: 60,
  driftPerEndpoint: 20,
  /** Names per list (added, removed, changed) of one drift change; then "and N more". */
  driftNamesPerChange: 50,
  /** Tool details of every catalogue together. */
  catalogueBudgetBytes: 24 * 1024 * 1024,
  /** One catalogue's share at least (a fair share of the budget, within these bounds). */
  catalogueShareMinBytes: 64 * 1024,
  catalogueShareMaxBytes: 2 * 1024 * 1024,
  /** Drift names of every endpoint together. */
  driftBudgetBytes: 4 * 1024 * 1024,
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

/** The run a report is about when none is named: the newest finished one, else the newest with results. */
export function defaultReportRun(db: Db): RunRow | null {
  return latestFinishedRun(db) ?? latestRun(db);
}

function runInfo(row: RunRow, probed: number): RunInfo {
  return {
    id: row.id,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    state: row.state,
    targetCount: row.targetCount,
    probedCount: probed,
    partial: row.state !== 'finished' || probed < row.targetCount,
  };
}

/** A partial run in words: "partial: 2 of 20 targets probed (interrupted)"; null for a complete run. */
export function partialLabel(run: RunInfo): string | null {
  if (!run.partial) return null;
  const state = run.state === 'finished' ? '' : ` (${run.state})`;
  return `partial: ${run.probedCount.toLocaleString('en-US')} of ${run.targetCount.toLocaleString('en-US')} targets probed${state}`;
}

/** Cuts each name list of a drift change to the cap, then to what the budget has left. */
function driftView(change: CatalogueChange, budget: ByteBudget, omitted: Omitted): DriftView {
  const cap = REPORT_LIMITS.driftNamesPerChange;
  const names = (list: string[]) => list.slice(0, cap).map((n) => cut(n, 200)!);
  const view: DriftView = {
    ...change,
    added: names(change.added),
    removed: names(change.removed),
    changed: names(change.changed),
    changes: change.changes.slice(0, cap).map((c) => ({ ...c, name: cut(c.name, 200)! })),
    more: { added: 0, removed: 0, changed: 0 },
  };
  if (!budget.take(scriptJsonBytes([view.added, view.removed, view.changes]))) {
    view.added = [];
    view.removed = [];
    view.changed = [];
    view.changes = [];
  }
  view.more = { added: change.added.length - view.added.length, removed: change.removed.length - view.removed.length, changed: change.changed.length - view.changed.length };
  omitted.driftNames += view.more.added + view.more.removed + view.more.changed;
  return view;
}

/**
 * The tools of one catalogue shown in the report: up to the per-catalogue cap, this catalogue's
 * share of the budget, and what the budget has left. Tools are converted one at a time, so a
 * catalogue far beyond the budget costs no more than the budget.
 */
function catalogueView(tools: readonly StoredTool[], budget: ByteBudget, shareBytes: number, omitted: Omitted): CatalogueView {
  const shown: ToolView[] = [];
  let usedBytes = 0;
  let cut: CatalogueView['cut'] = tools.length > REPORT_LIMITS.toolsPerCatalogue ? 'tool-limit' : null;
  for (const tool of tools.slice(0, REPORT_LIMITS.toolsPerCatalogue)) {
    const view = toolView(tool);
    const bytes = scriptJsonBytes(view) + 1;
    if (usedBytes + bytes > shareBytes || !budget.take(bytes)) {
      cut = 'budget';
      break;
    }
    usedBytes += bytes;
    shown.push(view);
  }
  if (cut === 'budget') {
    omitted.catalogues++;
    omitted.tools += Math.min(tools.length, REPORT_LIMITS.toolsPerCatalogue) - shown.length;
  }
  return { toolCount: tools.length, tools: shown, cut };
}

/** Builds the report of one run (the newest finished by default) over a window of history. */
export function buildReportModel(db: Db, options: ReportOptions): ReportModel {
  const historyLimit = options.historyLimit ?? REPORT_LIMITS.historyLimit;
  const stripLength = options.stripLength ?? REPORT_LIMITS.stripLength;
  const omitted: Omitted = { catalogues: 0, tools: 0, driftNames: 0 };
  const base = {
    format: 'mcp-health-report' as const,
    formatVersion: 1 as const,
    generatedAt: options.now.toISOString(),
    mcpHealthVersion: VERSION,
    window: { label: options.windowLabel, sinceIso: options.sinceIso },
  };
  const runRow = options.runId === undefined ? defaultReportRun(db) : getRun(db, options.runId);
  const totals = runRow ? runTotals(db, runRow.id) : null;
  if (!runRow || !totals || totals.total === 0) {
    return {
      ...base,
      run: runRow ? runInfo(runRow, 0) : null,
      previousRun: null,
      headline: null,
      trends: [],
      failures: { reasons: [], eras: [], versions: [], transports: [], schemes: { https: 0, http: 0, tlsFailed: 0, tlsExpiringSoon: 0 } },
      endpoints: [],
      catalogues: {},
      omitted,
    };
  }
  const scope: ReportScope = { sinceIso: options.sinceIso, untilRunId: runRow.id };
  const previousRow = previousFinishedRun(db, runRow.id);
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
  const probes = latestProbes(db, scope);
  const endpoints = probes.map((probe): EndpointView => {
    const points = series.get(probe.endpointId) ?? [];
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
      href: safeHref(probe.url),
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
      drift: [],
    };
  });
  endpoints.sort(STATUS_ORDER);

  // Catalogues and drift fill their budgets in the table's order: the endpoints that need
  // attention first. Each distinct catalogue gets a fair share of its budget.
  const budgets = { ...REPORT_LIMITS, ...options.budgets };
  const catalogueBudget = new ByteBudget(budgets.catalogueBudgetBytes);
  const driftBudget = new ByteBudget(budgets.driftBudgetBytes);
  const distinct = new Set(endpoints.flatMap((e) => (e.catalogueHash ? [e.catalogueHash] : []))).size;
  const shareBytes = Math.min(REPORT_LIMITS.catalogueShareMaxBytes, Math.max(REPORT_LIMITS.catalogueShareMinBytes, Math.floor(budgets.catalogueBudgetBytes / Math.max(1, distinct))));
  const catalogues: Record<string, CatalogueView> = {};
  const endpointIds = new Map(probes.map((p) => [p.url, p.endpointId]));
  for (const endpoint of endpoints) {
    const hash = endpoint.catalogueHash;
    if (hash && !(hash in catalogues)) catalogues[hash] = catalogueView(loadCatalogue(hash), catalogueBudget, shareBytes, omitted);
    const points = series.get(endpointIds.get(endpoint.url)!) ?? [];
    const withHash = points.flatMap((p) => (p.catalogueHash ? [{ at: p.startedAt, hash: p.catalogueHash }] : []));
    endpoint.drift = driftOf(withHash, loadCatalogue, REPORT_LIMITS.driftPerEndpoint).map((change) => driftView(change, driftBudget, omitted));
  }

  return {
    ...base,
    run: runInfo(runRow, totals.total),
    previousRun: previousRow ? runInfo(previousRow, previousTotals!.total) : null,
    headline: headlineOf(totals, previousTotals),
    trends: runTrends(db, scope),
    failures: { reasons, eras: mix.eras, versions: mix.versions, transports: mix.transports, schemes: schemeCounts(db, runRow.id) },
    endpoints,
    catalogues,
    omitted,
  };
}

/** More than there are reason codes: every code of a run. */
const REASON_LIMIT = 1000;

/** The display class of a verdict: healthy endpoints that want credentials are shown apart. */
export type StatusClass = 'dead' | 'degraded' | 'healthy' | 'auth';
export const statusClass = (status: Status, authRequired: boolean): StatusClass => (status === 'healthy' && authRequired ? 'auth' : status);

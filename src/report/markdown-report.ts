import { count, ms, percent, points, STATUS_LABEL, STATUS_MARK, when } from './format.js';
import { escapeMarkdown as md } from './markdown-escape.js';
import { partialLabel, statusClass, type DriftView, type EndpointView, type HeadlineKey, type ReportModel } from './view-model.js';

/** GitHub's job summary takes at most 1 MiB per step; stay clearly below it. */
export const MARKDOWN_LIMIT_BYTES = 1_000_000;
const TREND_ROWS = 12;
const DRIFT_ROWS = 50;

const HEADLINE_ROWS: Array<[HeadlineKey, string]> = [
  ['dead', `${STATUS_MARK.dead} dead`],
  ['degraded', `${STATUS_MARK.degraded} degraded`],
  ['healthy', `${STATUS_MARK.healthy} healthy`],
  ['healthyOpen', '  · open'],
  ['healthyAuth', '  · auth required'],
];

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
const row = (cells: string[]) => `| ${cells.join(' | ')} |`;

function endpointRow(e: EndpointView): string {
  const cls = statusClass(e.status, e.authRequired);
  const label = e.name ? `${md(e.name, 80)}<br>${md(e.url, 200)}` : md(e.url, 200);
  const reasons = e.reasons.map((r) => `\`${r.code}\``).join(' ') || '–';
  return row([`${STATUS_MARK[cls]} ${STATUS_LABEL[cls]}`, label, reasons, ms(e.handshakeMs), percent(e.uptime.alive)]);
}

/** Names shown per list of one drift change (the JSON and HTML reports keep up to 50). */
const DRIFT_NAMES = 10;
/** Items of a protocol mix line (revisions are server text: a hostile fleet could send thousands). */
const MIX_ITEMS = 20;
/** The drift list's share of the space left when the endpoint list needs the rest. */
const DRIFT_SHARE = 0.25;
/** Room kept for the "… and N more" lines and the section headers' slack. */
const SLACK_BYTES = 600;

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function nameList<T>(items: T[], more: number, show: (item: T) => string): string {
  const shown = items.slice(0, DRIFT_NAMES).map(show);
  const left = items.length - shown.length + more;
  return `${shown.join(', ')}${left > 0 ? `${shown.length ? ' and ' : ''}${count(left)} more` : ''}`;
}

function driftLine(url: string, change: DriftView): string {
  const more = change.more ?? { added: 0, removed: 0, changed: 0 };
  const parts = [
    change.added.length + more.added > 0 ? `added ${nameList(change.added, more.added, (n) => `**${md(n, 60)}**`)}` : '',
    change.removed.length + more.removed > 0 ? `removed ${nameList(change.removed, more.removed, (n) => `**${md(n, 60)}**`)}` : '',
    change.changes.length + more.changed > 0
      ? `changed ${nameList(change.changes, more.changed, (c) => `**${md(c.name, 60)}** (${c.fields.join(', ')})`)}`
      : '',
  ].filter(Boolean);
  return `- ${when(change.at)} ${md(url, 200)}: ${parts.join('; ')}`;
}

/** The lines that fit in `budget` bytes (each line costs its bytes and a newline), in order. */
function fit(lines: string[], budget: number): string[] {
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    const size = bytes(line) + 1;
    if (used + size > budget) break;
    kept.push(line);
    used += size;
  }
  return kept;
}

const total = (lines: string[]) => lines.reduce((sum, line) => sum + bytes(line) + 1, 0);

/**
 * The report as Markdown, for CI job summaries: headline, failures, trends, the endpoints
 * that need attention, catalogue drift. Under `limitBytes` (default 1 MB) whatever the
 * fleet's size or its servers' text: the headline always stays; the endpoint list and the
 * drift list share the rest (drift gets at most a quarter when the list needs more), each
 * cut line by line, saying how many lines it left out. Pure.
 */
export function renderMarkdownReport(model: ReportModel, limitBytes = MARKDOWN_LIMIT_BYTES): string {
  const out: string[] = ['# MCP health report', ''];
  if (!model.run || !model.headline) {
    if (model.run) out.push(`Run ${model.run.id} has no results yet (${count(model.run.probedCount)} of ${count(model.run.targetCount)} targets probed, ${model.run.state}).`, '');
    else out.push('No scan results yet: run `mcp-health scan` first.', '');
    return out.join('\n');
  }
  const { headline, run, previousRun } = model;
  const partial = partialLabel(run);
  out.push(
    `Run ${run.id}${partial ? ` (**${partial}**)` : ''} · ${when(run.startedAt)} · ${count(headline.total)} endpoints · window: ${md(model.window.label, 40)} · mcp-health ${md(model.mcpHealthVersion, 20)}`,
    '',
  );
  if (partial) out.push(`> **Partial run**: the shares below are of the ${count(run.probedCount)} endpoints probed so far, not of all ${count(run.targetCount)} targets.`, '');
  out.push(row(['status', 'endpoints', 'share', previousRun ? `change since run ${previousRun.id}` : 'change']), row(['---', '---:', '---:', '---:']));
  for (const [key, label] of HEADLINE_ROWS) {
    const figure = headline.figures[key];
    out.push(row([label, count(figure.count), percent(figure.share), points(figure.changePoints) || '–']));
  }
  out.push('');

  out.push('## Why endpoints fail', '');
  if (model.failures.reasons.length === 0) out.push('No reasons: every endpoint is healthy.', '');
  else {
    out.push(row(['reason', 'status', 'endpoints', 'share', 'what it means']), row(['---', '---', '---:', '---:', '---']));
    for (const reason of model.failures.reasons) {
      out.push(row([`\`${reason.code}\``, reason.status, count(reason.count), percent(reason.share), md(reason.summary)]));
    }
    out.push('');
  }
  const mix = (items: Array<{ key: string; count: number }>) =>
    `${items.slice(0, MIX_ITEMS).map((c) => `${md(c.key, 40)} ${c.count}`).join(' · ') || '–'}${items.length > MIX_ITEMS ? ` · and ${count(items.length - MIX_ITEMS)} more` : ''}`;
  const { schemes } = model.failures;
  out.push(
    `**Eras** ${mix(model.failures.eras)}  `,
    `**Revisions** ${mix(model.failures.versions)}  `,
    `**Transports** ${mix(model.failures.transports)}  `,
    `**TLS** https ${schemes.https} (${schemes.tlsFailed} failing TLS, ${schemes.tlsExpiringSoon} expiring soon) · plain http ${schemes.http}`,
    '',
  );

  if (model.trends.length > 1) {
    const trends = model.trends.slice(-TREND_ROWS);
    out.push(`## Trends (last ${trends.length} runs)`, '');
    out.push(row(['run', 'started', 'endpoints', 'healthy', 'degraded', 'dead', 'handshake p50', 'p95']), row(['---:', '---', '---:', '---:', '---:', '---:', '---:', '---:']));
    for (const t of trends) {
      const share = (n: number) => percent(t.totals.total === 0 ? null : n / t.totals.total);
      const label = t.state === 'finished' ? String(t.runId) : `${t.runId} (${t.state})`;
      out.push(row([label, when(t.startedAt), count(t.totals.total), share(t.totals.healthy), share(t.totals.degraded), share(t.totals.dead), ms(t.p50HandshakeMs), ms(t.p95HandshakeMs)]));
    }
    out.push('');
  }

  // Newest first; equal times by URL, then in the endpoint's own order (a total order: stable output).
  const drift = model.endpoints
    .flatMap((e) => e.drift.map((change, index) => ({ url: e.url, change, index })))
    .sort((a, b) => byText(b.change.at, a.change.at) || byText(a.url, b.url) || b.index - a.index);
  const driftLines = drift.slice(0, DRIFT_ROWS).map(({ url, change }) => driftLine(url, change));
  const attention = model.endpoints.filter((e) => e.status !== 'healthy');
  const attentionLines = attention.map(endpointRow);

  const attentionHead = [`## Endpoints that need attention (${count(attention.length)} of ${count(model.endpoints.length)})`, ''];
  const tableHead = attention.length === 0 ? ['None: every endpoint is healthy.', ''] : [row(['status', 'endpoint', 'reasons', 'handshake', 'uptime']), row(['---', '---', '---', '---:', '---:'])];
  const driftHead = drift.length > 0 ? ['## Catalogue drift', ''] : [];
  const footer = [`Generated ${when(model.generatedAt)} by mcp-health ${md(model.mcpHealthVersion, 20)}.`, ''];
  const available = Math.max(0, limitBytes - total([...out, ...attentionHead, ...tableHead, ...driftHead, ...footer]) - SLACK_BYTES);
  // The longer section is cut first; the endpoint list keeps at least three quarters.
  const driftNeed = total(driftLines);
  const driftBudget = Math.min(driftNeed, Math.max(Math.floor(available * DRIFT_SHARE), available - total(attentionLines)));
  const keptDrift = fit(driftLines, driftBudget);
  const keptAttention = fit(attentionLines, available - total(keptDrift));

  out.push(...attentionHead, ...tableHead);
  if (attention.length > 0) {
    out.push(...keptAttention, '');
    if (keptAttention.length < attention.length) {
      out.push(`… and ${count(attention.length - keptAttention.length)} more endpoints not listed (a job summary holds at most 1 MiB); the HTML report lists every one.`, '');
    }
  }
  if (drift.length > 0) {
    out.push(...driftHead, ...keptDrift);
    const left = drift.length - keptDrift.length;
    if (left > 0) out.push(`- … and ${count(left)} more changes (see the HTML report, or mcp-health history <url>)`);
    out.push('');
  }
  return [...out, ...footer].join('\n');
}

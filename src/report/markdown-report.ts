import { count, ms, percent, points, STATUS_LABEL, STATUS_MARK, when } from './format.js';
import { escapeMarkdown as md } from './markdown-escape.js';
import { statusClass, type EndpointView, type HeadlineKey, type ReportModel } from './view-model.js';

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

/**
 * The report as Markdown, for CI job summaries: headline, failures, trends, the endpoints
 * that need attention, catalogue drift. Under `limitBytes` (default 1 MB) whatever the
 * fleet's size: the endpoint list is cut, saying how many were left out. Pure.
 */
export function renderMarkdownReport(model: ReportModel, limitBytes = MARKDOWN_LIMIT_BYTES): string {
  const out: string[] = ['# MCP health report', ''];
  if (!model.run || !model.headline) {
    out.push('No scan results yet: run `mcp-health scan` first.', '');
    return out.join('\n');
  }
  const { headline, run, previousRun } = model;
  out.push(
    `Run ${run.id} · ${when(run.startedAt)} · ${count(headline.total)} endpoints · window: ${md(model.window.label, 40)} · mcp-health ${md(model.mcpHealthVersion, 20)}`,
    '',
    row(['status', 'endpoints', 'share', previousRun ? `change since run ${previousRun.id}` : 'change']),
    row(['---', '---:', '---:', '---:']),
  );
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
  const mix = (items: Array<{ key: string; count: number }>) => items.map((c) => `${md(c.key, 40)} ${c.count}`).join(' · ') || '–';
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
      out.push(row([String(t.runId), when(t.startedAt), count(t.totals.total), share(t.totals.healthy), share(t.totals.degraded), share(t.totals.dead), ms(t.p50HandshakeMs), ms(t.p95HandshakeMs)]));
    }
    out.push('');
  }

  const drift = model.endpoints.flatMap((e) => e.drift.map((change) => ({ url: e.url, change }))).sort((a, b) => (a.change.at < b.change.at ? 1 : -1));
  const driftLines: string[] = [];
  if (drift.length > 0) {
    driftLines.push('## Catalogue drift', '');
    for (const { url, change } of drift.slice(0, DRIFT_ROWS)) {
      const parts = [
        change.added.length > 0 ? `added ${change.added.map((n) => `**${md(n, 60)}**`).join(', ')}` : '',
        change.removed.length > 0 ? `removed ${change.removed.map((n) => `**${md(n, 60)}**`).join(', ')}` : '',
        change.changes.length > 0 ? `changed ${change.changes.map((c) => `**${md(c.name, 60)}** (${c.fields.join(', ')})`).join(', ')}` : '',
      ].filter(Boolean);
      driftLines.push(`- ${when(change.at)} ${md(url, 200)}: ${parts.join('; ')}`);
    }
    if (drift.length > DRIFT_ROWS) driftLines.push(`- … and ${drift.length - DRIFT_ROWS} more changes (see the HTML report)`);
    driftLines.push('');
  }

  const attention = model.endpoints.filter((e) => e.status !== 'healthy');
  out.push(`## Endpoints that need attention (${count(attention.length)} of ${count(model.endpoints.length)})`, '');
  const footer = [...driftLines, `Generated ${when(model.generatedAt)} by mcp-health ${md(model.mcpHealthVersion, 20)}.`, ''];
  if (attention.length === 0) out.push('None: every endpoint is healthy.', '');
  else {
    out.push(row(['status', 'endpoint', 'reasons', 'handshake', 'uptime']), row(['---', '---', '---', '---:', '---:']));
    // The list is what grows with the fleet: cut it where the summary would pass the limit.
    const reserve = bytes(footer.join('\n')) + 400;
    let used = bytes(out.join('\n'));
    let shown = 0;
    for (const endpoint of attention) {
      const line = endpointRow(endpoint);
      if (used + bytes(line) + 1 + reserve > limitBytes) break;
      out.push(line);
      used += bytes(line) + 1;
      shown++;
    }
    out.push('');
    if (shown < attention.length) {
      out.push(`… and ${count(attention.length - shown)} more endpoints not listed (a job summary holds at most 1 MiB); the HTML report lists every one.`, '');
    }
  }
  const text = [...out, ...footer].join('\n');
  // The drift list is bounded, but a hostile catalogue's names could still be long: last resort.
  return bytes(text) <= limitBytes ? text : `${out.join('\n')}\n`;
}

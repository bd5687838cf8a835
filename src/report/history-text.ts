import { Chalk } from 'chalk';
import type { CatalogueChange, HistoryEntry, UptimeFigures } from '../store/queries.js';
import { sanitizeForTerminal } from './sanitize.js';

export interface HistoryView {
  url: string;
  entries: HistoryEntry[];
  window: { label: string; figures: UptimeFigures };
  catalogueChanges: CatalogueChange[];
}

const MARK = { healthy: '✔', degraded: '▲', dead: '✖' } as const;
const percent = (share: number | null) => (share === null ? '-' : `${(100 * share).toFixed(1)}%`);

/** An endpoint's verdicts over time, with uptime, latency and catalogue changes. Pure. */
export function renderHistoryText(view: HistoryView, options: { color: boolean }): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const paint = { healthy: chalk.green, degraded: chalk.yellow, dead: chalk.red } as const;
  const lines: string[] = [chalk.bold(sanitizeForTerminal(view.url, 300))];
  if (view.entries.length === 0) return `${lines[0]}\n  no probes recorded for this URL\n`;
  const { figures } = view.window;
  lines.push(
    `  ${view.window.label}: ${figures.probes} probes · alive ${percent(figures.alive)} · healthy ${percent(figures.healthy)} · handshake p50 ${figures.p50HandshakeMs ?? '-'} ms, p95 ${figures.p95HandshakeMs ?? '-'} ms`,
  );
  const strip = [...view.entries].reverse().map((e) => paint[e.status](MARK[e.status])).join('');
  lines.push(`  oldest → newest: ${strip}`, '');
  for (const entry of view.entries) {
    const status = paint[entry.status](`${MARK[entry.status]} ${entry.status.padEnd(8)}`);
    const spoken = entry.protocolVersion ? `${entry.protocolVersion} ${entry.transport ?? ''}`.trim() : '';
    const latency = entry.handshakeMs === null ? '' : `${entry.handshakeMs} ms`;
    const tools = entry.toolCount === null ? '' : `${entry.toolCount} tools`;
    const reasons = entry.reasons.map((r) => r.code).join(', ');
    lines.push(`  ${entry.startedAt.slice(0, 19).replace('T', ' ')}  run ${String(entry.runId).padEnd(4)} ${status} ${latency.padStart(8)}  ${spoken.padEnd(28)} ${tools.padEnd(9)} ${chalk.dim(reasons)}`);
  }
  if (view.catalogueChanges.length > 0) {
    lines.push('', chalk.bold('Catalogue changes'));
    for (const change of view.catalogueChanges) {
      const parts = [
        change.added.length > 0 ? `+ ${change.added.map((n) => sanitizeForTerminal(n, 60)).join(', ')}` : '',
        change.removed.length > 0 ? `- ${change.removed.map((n) => sanitizeForTerminal(n, 60)).join(', ')}` : '',
        // Which part of each changed tool's contract moved: `~ get_forecast (inputSchema)`.
        change.changes.length > 0 ? `~ ${change.changes.map((c) => `${sanitizeForTerminal(c.name, 60)} (${c.fields.join(', ')})`).join(', ')}` : '',
      ].filter(Boolean);
      lines.push(`  ${change.at.slice(0, 19).replace('T', ' ')}  ${parts.join('  ')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

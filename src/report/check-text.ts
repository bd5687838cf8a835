import { Chalk, type ChalkInstance } from 'chalk';
import type { Status, Verdict } from '../classify/reasons.js';
import type { ProbeResult } from '../probe/probe-result.js';
import { sanitizeForTerminal } from './sanitize.js';

const ERA_LABEL = { stateless: 'stateless (server/discover)', initialize: 'initialize handshake', 'legacy-sse': 'legacy HTTP+SSE' } as const;
const HANDSHAKE_STEPS = new Set(['server/discover', 'initialize']);
const STATUS_MARK: Record<Status, string> = { healthy: '✔', degraded: '▲', dead: '✖' };

function paintStatus(chalk: ChalkInstance, status: Status, text: string): string {
  if (status === 'healthy') return chalk.green(text);
  if (status === 'degraded') return chalk.yellow(text);
  return chalk.red(text);
}

/**
 * The human view of one check: verdict, reasons, what was spoken, catalogue, step timings.
 * Pure: the same result renders the same text. Server text goes through sanitizeForTerminal.
 */
export function renderCheckText(result: ProbeResult, verdict: Verdict, options: { color: boolean }): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const lines: string[] = [];
  const row = (label: string, value: string) => lines.push(`  ${chalk.dim(label.padEnd(12))} ${value}`);
  const authNote = verdict.reasons.some((r) => r.code === 'auth_required') ? ' (auth required)' : '';
  lines.push(
    `${paintStatus(chalk, verdict.status, `${STATUS_MARK[verdict.status]} ${verdict.status}${authNote}`)}  ${sanitizeForTerminal(result.url, 300)}`,
  );

  if (verdict.reasons.length > 0) {
    for (const reason of verdict.reasons) {
      const status = reason.code === 'auth_required' || reason.code === 'catalog_truncated' ? 'healthy' : verdict.status;
      lines.push(`  ${paintStatus(chalk, status, reason.code.padEnd(22))} ${sanitizeForTerminal(reason.detail, 240)}`);
    }
  }

  const handshake = result.handshake;
  if (handshake) {
    if (handshake.server) {
      const title = handshake.server.title ? ` “${sanitizeForTerminal(handshake.server.title, 80)}”` : '';
      row('server', `${sanitizeForTerminal(handshake.server.name, 80)} ${sanitizeForTerminal(handshake.server.version, 40)}${title}`);
    }
    const session = handshake.sessionIssued ? ' · session' : '';
    row('protocol', `${handshake.protocolVersion} · ${ERA_LABEL[handshake.era]} · ${handshake.transport}${session}`);
    const capabilities = Object.keys(handshake.capabilities).sort().map((c) => sanitizeForTerminal(c, 30));
    row('declares', capabilities.length > 0 ? capabilities.join(', ') : '(no capabilities)');
    if (handshake.instructionsLength > 0) row('instructions', `${handshake.instructionsLength} characters`);
  }
  const catalogue = result.catalogue;
  if (catalogue) {
    const parts: string[] = [];
    if (catalogue.toolsDeclared) {
      parts.push(`${catalogue.toolCount} tool${catalogue.toolCount === 1 ? '' : 's'} (${catalogue.pages} page${catalogue.pages === 1 ? '' : 's'})`);
    }
    if (catalogue.resources) parts.push(`${catalogue.resources.count} resources`);
    if (catalogue.prompts) parts.push(`${catalogue.prompts.count} prompts`);
    if (parts.length > 0) row('catalogue', parts.join(' · '));
    if (catalogue.hash) row('hash', catalogue.hash.slice(0, 23));
    const names = catalogue.tools.slice(0, 12).map((t) => sanitizeForTerminal(t.name, 60));
    if (names.length > 0) row('tools', `${names.join(', ')}${catalogue.tools.length > names.length ? `, … (+${catalogue.tools.length - names.length})` : ''}`);
  }
  for (const call of [...result.toolCalls, ...(result.configuredCalls ?? [])]) {
    row('called', `${sanitizeForTerminal(call.tool, 60)}: ${call.outcome} in ${call.durationMs} ms${call.detail ? ` (${sanitizeForTerminal(call.detail, 160)})` : ''}`);
  }
  const auth = result.auth;
  if (auth) {
    row('auth', `HTTP ${auth.status}${auth.challenge ? ` · ${auth.challenge.scheme} challenge` : ''}`);
    if (auth.resourceMetadata) row('resource', `${sanitizeForTerminal(auth.resourceMetadata.url, 200)} (${auth.resourceMetadata.source})`);
    if (auth.authorizationServer) {
      const as = auth.authorizationServer;
      row('issuer', `${sanitizeForTerminal(as.issuer, 200)} · PKCE S256 ${as.pkceS256 ? 'yes' : 'no'} · registration ${as.registration.join(', ') || 'none'}`);
    }
  }

  lines.push(`  ${chalk.dim('steps'.padEnd(12))} ${result.steps.length} in ${result.durationMs} ms`);
  // Failed attempts before the handshake that worked are era negotiation, not faults.
  const handshakeAt = handshake ? result.steps.findIndex((s) => s.outcome === 'ok' && HANDSHAKE_STEPS.has(s.name)) : -1;
  result.steps.forEach((step, index) => {
    const status = step.http ? ` ${step.http.status}` : '';
    const negotiation = index < handshakeAt && step.outcome !== 'ok';
    const outcome = step.outcome === 'ok' ? chalk.green('ok') : negotiation ? chalk.dim(step.outcome) : chalk.yellow(step.outcome);
    const rpc = step.rpcCode === undefined ? '' : ` (${step.rpcCode})`;
    // A configured call (CI mode) is judged by its own budget, not the slow rule: say so where its time shows.
    const note = negotiation ? chalk.dim(' → tried the next era') : step.configured ? chalk.dim(' (configured call: judged by its expectations)') : '';
    lines.push(`    ${step.name.padEnd(28)} ${String(step.durationMs).padStart(6)} ms${status.padEnd(4)} ${outcome}${rpc}${note}`);
  });
  return `${lines.join('\n')}\n`;
}

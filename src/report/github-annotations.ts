import { findingsOf, type CiReport } from '../ci/ci-report.js';
import { sanitizeForTerminal } from './sanitize.js';

/**
 * GitHub Actions workflow commands for a check's findings (#5): `::error` for what fails the
 * check, `::warning` for what passes but deserves a look, worst first, at most `max` of them
 * (GitHub shows only 10 per step anyway), then a plain closing line saying where the rest is.
 * Pure: report in, lines out.
 */
export const MAX_ANNOTATIONS = 10;

/** Message data, as the Actions toolkit escapes it (toolkit `command.ts` escapeData). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values (`title=`), as the toolkit escapes them: also `:` and `,`, which end a property. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** How many detail lines an annotation carries; the rest is in the summary and the JUnit file. */
const DETAIL_LINES = 4;

export function renderAnnotations(report: CiReport, options: { max?: number; restAt: string }): string[] {
  const max = options.max ?? MAX_ANNOTATIONS;
  const findings = findingsOf(report);
  const lines = findings.slice(0, max).map(({ endpoint, check }) => {
    const command = check.level === 'error' ? 'error' : 'warning';
    // Server text: controls removed (the log is a terminal), then escaped for the command syntax.
    const title = sanitizeForTerminal(`mcp-health: ${endpoint}: ${check.name}`, 200);
    const body = [check.message, ...check.details.slice(0, DETAIL_LINES)].map((line) => sanitizeForTerminal(line, 500));
    if (check.details.length > DETAIL_LINES) body.push(`… ${check.details.length - DETAIL_LINES} more lines in ${options.restAt}`);
    return `::${command} title=${escapeProperty(title)}::${escapeData(body.join('\n'))}`;
  });
  const rest = findings.length - lines.length;
  if (rest > 0) lines.push(`mcp-health: ${rest} more finding${rest === 1 ? '' : 's'} not annotated (at most ${max}, worst first): see ${options.restAt}`);
  return lines;
}

/** Number formats every report format shares, so the HTML and the Markdown print the same figures. */

export const percent = (share: number | null, digits = 1): string => (share === null ? '–' : `${(100 * share).toFixed(digits)}%`);

/** A change in percentage points, signed: "+2.5 pp", "−1.0 pp", "±0 pp". */
export function points(change: number | null): string {
  if (change === null) return '';
  if (change === 0) return '±0 pp';
  return `${change > 0 ? '+' : '−'}${Math.abs(change).toFixed(1)} pp`;
}

export const ms = (value: number | null): string => (value === null ? '–' : `${value.toLocaleString('en-US')} ms`);

export const count = (value: number): string => value.toLocaleString('en-US');

/** ISO 8601 as "2026-11-25 10:04 UTC". */
export const when = (iso: string): string => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

export const STATUS_MARK = { healthy: '✔', degraded: '▲', dead: '✖', auth: '✔' } as const;
export const STATUS_LABEL = { healthy: 'healthy', degraded: 'degraded', dead: 'dead', auth: 'healthy, auth required' } as const;

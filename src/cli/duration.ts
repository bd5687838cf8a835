const UNITS_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A duration from the command line: bare numbers are milliseconds (`10000`),
 * or a number with a unit (`500ms`, `10s`, `1.5m`, `1h`, `1.5d`). Returns an error message when unreadable.
 */
export function parseDurationMs(text: string): { ok: true; ms: number } | { ok: false; message: string } {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(text);
  if (!match) return { ok: false, message: `"${text}" is not a duration (use milliseconds, or a unit: 500ms, 10s, 2m)` };
  const ms = Number(match[1]) * UNITS_MS[(match[2] ?? 'ms').toLowerCase()]!;
  if (!Number.isFinite(ms) || ms <= 0) return { ok: false, message: `"${text}" must be a positive duration` };
  return { ok: true, ms: Math.round(ms) };
}

const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1_000, mb: 1_000_000, kib: 1024, mib: 1024 * 1024 };

/** A byte size: bare numbers are bytes, or `64KiB`, `4MiB`, `1MB`. */
export function parseBytes(text: string): { ok: true; bytes: number } | { ok: false; message: string } {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|kib|mib)?\s*$/i.exec(text);
  if (!match) return { ok: false, message: `"${text}" is not a size (use bytes, or a unit: 64KiB, 4MiB)` };
  const bytes = Math.round(Number(match[1]) * SIZE_UNITS[(match[2] ?? 'b').toLowerCase()]!);
  if (bytes <= 0) return { ok: false, message: `"${text}" must be a positive size` };
  return { ok: true, bytes };
}

/** The longest window `--since` takes: further back than any history (and than Date can go). */
const MAX_WINDOW_MS = 100 * 365 * 86_400_000;

/**
 * A window back in time (`--since`): a number with a unit (`30d`, `1.5d`, `24h`, `90m`). A bare
 * number is refused: elsewhere bare means milliseconds, and `--since 30` meaning 30 ms is a trap.
 */
export function parseWindowMs(text: string): { ok: true; ms: number } | { ok: false; message: string } {
  if (/^\s*\d+(?:\.\d+)?\s*$/.test(text)) return { ok: false, message: `"${text}" needs a unit: ${text.trim()}d (days), ${text.trim()}h (hours) or ${text.trim()}m (minutes)` };
  const parsed = parseDurationMs(text);
  if (!parsed.ok) return { ok: false, message: `"${text}" is not a window (use a number and a unit: 30d, 1.5d, 24h, 90m)` };
  if (parsed.ms > MAX_WINDOW_MS) return { ok: false, message: `"${text}" is longer than 100 years; leave --since out for all history` };
  return parsed;
}

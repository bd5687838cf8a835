/** What a secret is replaced with, wherever it turns up. */
export const REDACTED = '[redacted]';

/**
 * Secrets shorter than this are not searched for: replacing every "1" or "on" in a report would
 * destroy it without protecting anything (a secret that short is guessable anyway).
 */
export const MIN_REDACTED_CHARS = 4;

/** Deeper than any record mcp-health renders (tool schemas are cut at 64 levels first). */
const MAX_DEPTH = 200;

export type Redactor = <T>(value: T) => T;

/**
 * Replaces every occurrence of every secret in a value's strings and object keys, before
 * anything renders it (#5: header values from `${VAR}` never appear in any output). Applied to
 * data rather than to finished text because each format escapes differently (`\-` in Markdown,
 * `%3A` in workflow commands, `&amp;` in XML), so a secret could slip past a search of the output.
 * A server that echoes our Authorization header into a tool description is caught here too.
 */
export function redactor(secrets: readonly string[]): Redactor {
  const needles = [...new Set(secrets)].filter((s) => s.length >= MIN_REDACTED_CHARS).sort((a, b) => b.length - a.length);
  if (needles.length === 0) return <T>(value: T) => value;
  const text = (s: string) => {
    let out = s;
    for (const needle of needles) if (out.includes(needle)) out = out.split(needle).join(REDACTED);
    return out;
  };
  const walk = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return text(value);
    if (typeof value !== 'object' || value === null) return value;
    // Never handed back unsearched: a value too deep to walk is dropped.
    if (depth > MAX_DEPTH) return '[cut: nested too deep]';
    if (Array.isArray(value)) return value.map((item) => walk(item, depth + 1));
    // fromEntries defines own members: a key `__proto__` (server text) stays a key, not a prototype.
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [text(key), walk(item, depth + 1)]));
  };
  return <T>(value: T) => walk(value, 0) as T;
}

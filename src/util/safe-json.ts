/**
 * JSON that is safe to print to a terminal: every output of mcp-health that carries server text
 * as JSON (report --format json, history --json, check --json, scan --jsonl / --json) goes
 * through here. JSON.stringify already escapes C0 controls; it leaves DEL and C1 controls
 * (U+009B is a one-character CSI that some terminals obey), the line and paragraph separators
 * U+2028/U+2029, and the bidi controls (Trojan Source, CVE-2021-42574) raw. Those are written as
 * \uXXXX escapes: still valid JSON, parsing to the identical value.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const escapeOne = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * Escapes the unsafe characters of text that is already JSON. They can only occur inside JSON
 * strings (JSON's own syntax is ASCII), where a \u escape means the same character.
 */
export function escapeJsonText(json: string): string {
  return json.replace(UNSAFE, escapeOne);
}

/** JSON.stringify, with the unsafe characters escaped (see above). */
export function toSafeJson(value: unknown, indent?: number): string {
  return escapeJsonText(JSON.stringify(value, null, indent));
}

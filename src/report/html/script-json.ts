import { createHash } from 'node:crypto';
import { escapeJsonText } from '../../util/safe-json.js';

/**
 * JSON for a `<script type="application/json">` block: `<`, `>` and `&` as \u escapes (so no
 * `</script>` or `<!--` can end or change the block), and U+2028/U+2029, which older parsers
 * treat as line ends (with the other characters util/safe-json.ts escapes). JSON.parse reads
 * the escapes back as the same characters.
 */
export function jsonForScript(value: unknown): string {
  return escapeJsonText(JSON.stringify(value))
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
}

/** Bytes `value` takes in the page's data block: what the report's budgets count. */
export function scriptJsonBytes(value: unknown): number {
  return Buffer.byteLength(jsonForScript(value), 'utf8');
}

/** A CSP source expression allowing exactly this inline script or style. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

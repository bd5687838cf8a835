import { createHash } from 'node:crypto';

/**
 * JSON for a `<script type="application/json">` block: `<`, `>` and `&` as \u escapes (so no
 * `</script>` or `<!--` can end or change the block), and U+2028/U+2029, which older parsers
 * treat as line ends. JSON.parse reads the escapes back as the same characters.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A CSP source expression allowing exactly this inline script or style. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

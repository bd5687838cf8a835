/**
 * Server-supplied text made safe for a terminal: C0/C1 control characters (ESC starts
 * every terminal escape sequence), DEL, and bidirectional overrides are removed;
 * line breaks and tabs become spaces; the result is cut to `maxChars`.
 */
export function sanitizeForTerminal(text: string, maxChars = 200): string {
  const cleaned = text
    .replace(/[\t\n\r]+/g, ' ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
  return cleaned.length > maxChars ? `${cleaned.slice(0, maxChars - 1)}…` : cleaned;
}

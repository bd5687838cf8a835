const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** RFC 9110 §5.5 field-value: visible ASCII, obs-text, space and tab (no controls, nothing above U+00FF). */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
/** Headers mcp-health sets itself for the protocol; overriding them would break the conversation. */
const RESERVED = new Set([
  'content-type',
  'content-length',
  'accept',
  'accept-encoding',
  'mcp-session-id',
  'mcp-protocol-version',
  'mcp-method',
  'mcp-name',
  'host',
  'transfer-encoding',
  'connection',
]);

/** Why a user-supplied header cannot be sent, or null when it can. */
export function headerProblem(name: string, value: string): string | null {
  if (!HEADER_NAME.test(name)) return `"${name.slice(0, 60)}" is not a valid HTTP header name`;
  if (RESERVED.has(name.toLowerCase())) return `${name} is set by mcp-health itself and cannot be overridden`;
  if (!FIELD_VALUE.test(value)) return `the value of ${name} holds a control character or a character above U+00FF`;
  return null;
}

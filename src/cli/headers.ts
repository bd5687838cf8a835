const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Headers mcp-health sets itself for the protocol; overriding them would break the conversation. */
const RESERVED = new Set(['content-type', 'content-length', 'accept', 'mcp-session-id', 'mcp-protocol-version', 'mcp-method', 'mcp-name', 'host', 'transfer-encoding', 'connection']);

export type HeadersOutcome = { ok: true; headers: Record<string, string> } | { ok: false; message: string };

/**
 * `--header 'Name: value'` arguments. Values may name environment variables as `${NAME}`
 * (quote the argument so the shell leaves it alone), which keeps secrets out of
 * shell history and process listings. A variable that is not set is an error, never an empty value.
 */
export function parseHeaderArgs(args: readonly string[], env: NodeJS.ProcessEnv): HeadersOutcome {
  const headers: Record<string, string> = {};
  for (const arg of args) {
    const colon = arg.indexOf(':');
    if (colon <= 0) return { ok: false, message: `--header "${arg.slice(0, 60)}" must look like "Name: value"` };
    const name = arg.slice(0, colon).trim();
    if (!HEADER_NAME.test(name)) return { ok: false, message: `--header name "${name.slice(0, 60)}" is not a valid HTTP header name` };
    if (RESERVED.has(name.toLowerCase())) return { ok: false, message: `--header ${name} is set by mcp-health itself and cannot be overridden` };
    const expanded = expandEnv(arg.slice(colon + 1).trim(), env);
    if (!expanded.ok) return { ok: false, message: `--header ${name}: ${expanded.message}` };
    if (/[\r\n\0]/.test(expanded.value)) return { ok: false, message: `--header ${name}: the value holds a line break or NUL` };
    headers[name] = expanded.value;
  }
  return { ok: true, headers };
}

export function expandEnv(value: string, env: NodeJS.ProcessEnv): { ok: true; value: string } | { ok: false; message: string } {
  let missing: string | null = null;
  const expanded = value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
    const found = env[name];
    if (found === undefined) missing ??= name;
    return found ?? '';
  });
  if (missing !== null) return { ok: false, message: `environment variable ${missing} is not set` };
  return { ok: true, value: expanded };
}

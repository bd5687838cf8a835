/**
 * Replaces `${NAME}` with the environment variable NAME; an unset variable is an error, never an empty value.
 * `substituted` lists the values put in (secrets, for the caller to keep out of every output).
 */
export function expandEnv(value: string, env: NodeJS.ProcessEnv): { ok: true; value: string; substituted: string[] } | { ok: false; message: string } {
  let missing: string | null = null;
  const substituted: string[] = [];
  const expanded = value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
    const found = env[name];
    if (found === undefined) missing ??= name;
    else substituted.push(found);
    return found ?? '';
  });
  if (missing !== null) return { ok: false, message: `environment variable ${missing} is not set` };
  return { ok: true, value: expanded, substituted };
}

/** Replaces `${NAME}` with the environment variable NAME; an unset variable is an error, never an empty value. */
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

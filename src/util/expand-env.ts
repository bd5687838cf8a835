export type ExpandOutcome = { ok: true; value: string; substituted: string[] } | { ok: false; message: string; problems: string[] };

/**
 * Replaces `${NAME}` with the environment variable NAME. An unset variable is an error, never an
 * empty value; so is a variable set to the empty string, which is what GitHub Actions gives for a
 * secret that does not exist (review of #5: `Bearer ` went out and the check judged an
 * unauthenticated endpoint). Every such variable is named, not just the first.
 * `substituted` lists the values put in (secrets, for the caller to keep out of every output).
 */
export function expandEnv(value: string, env: NodeJS.ProcessEnv): ExpandOutcome {
  const problems = new Map<string, string>();
  const substituted: string[] = [];
  const expanded = value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
    const found = env[name];
    if (found === undefined) problems.set(name, `environment variable ${name} is not set`);
    else if (found === '') problems.set(name, `environment variable ${name} is set but empty (a missing CI secret?)`);
    else substituted.push(found);
    return found ?? '';
  });
  if (problems.size > 0) return { ok: false, message: [...problems.values()].join('; '), problems: [...problems.values()] };
  return { ok: true, value: expanded, substituted };
}

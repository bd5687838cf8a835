import { headerProblem } from '../probe/http/header-rules.js';
import { expandEnv } from '../util/expand-env.js';

export type HeadersOutcome =
  | {
      ok: true;
      headers: Record<string, string>;
      /** What came from the environment: each substituted value and the whole header value around it. */
      secrets: string[];
    }
  | { ok: false; message: string };

/**
 * `--header 'Name: value'` arguments. Values may name environment variables as `${NAME}`
 * (quote the argument so the shell leaves it alone), which keeps secrets out of
 * shell history and process listings. A variable that is not set is an error, never an empty value.
 */
export function parseHeaderArgs(args: readonly string[], env: NodeJS.ProcessEnv): HeadersOutcome {
  const headers: Record<string, string> = {};
  const secrets: string[] = [];
  for (const arg of args) {
    const colon = arg.indexOf(':');
    if (colon <= 0) return { ok: false, message: `--header "${arg.slice(0, 60)}" must look like "Name: value"` };
    const name = arg.slice(0, colon).trim();
    const expanded = expandEnv(arg.slice(colon + 1).trim(), env);
    if (!expanded.ok) return { ok: false, message: `--header ${name}: ${expanded.message}` };
    const problem = headerProblem(name, expanded.value);
    if (problem) return { ok: false, message: `--header: ${problem}` };
    headers[name] = expanded.value;
    if (expanded.substituted.length > 0) secrets.push(expanded.value, ...expanded.substituted);
  }
  return { ok: true, headers, secrets };
}

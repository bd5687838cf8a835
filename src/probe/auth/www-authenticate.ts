/** One challenge of a WWW-Authenticate header (RFC 9110 §11.6.1). */
export interface Challenge {
  /** Lower-case auth scheme (`bearer`, `basic` ...). */
  scheme: string;
  /** Lower-case parameter names; quoted values unescaped. */
  params: Record<string, string>;
  token68?: string;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/;
const TOKEN68 = /^[A-Za-z0-9._~+/-]+=*(?=\s*(,|$))/;

/**
 * Parses a WWW-Authenticate value, which may hold several challenges separated by
 * commas, each with a token68 or comma-separated auth-params (token or quoted-string).
 * Pure and total: malformed input yields the challenges read before the fault.
 */
export function parseWwwAuthenticate(header: string): Challenge[] {
  const challenges: Challenge[] = [];
  let rest = header;
  const skip = (pattern: RegExp) => {
    rest = rest.replace(pattern, '');
  };
  for (let guard = 0; guard < 64; guard++) {
    skip(/^[\s,]+/);
    const scheme = TOKEN.exec(rest)?.[0];
    if (!scheme) break;
    rest = rest.slice(scheme.length);
    const challenge: Challenge = { scheme: scheme.toLowerCase(), params: {} };
    challenges.push(challenge);
    skip(/^[ \t]+/);
    // token68 form: "Basic dXNlcjpwYXNz"
    const token68 = TOKEN68.exec(rest);
    if (token68 && !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+\s*=\s*[^=\s,]/.test(rest)) {
      challenge.token68 = token68[0];
      rest = rest.slice(token68[0].length);
      continue;
    }
    // auth-params, until something that is not `name = value` (the next challenge's scheme).
    for (let paramGuard = 0; paramGuard < 64; paramGuard++) {
      const param = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)[ \t]*=[ \t]*/.exec(rest);
      if (!param) break;
      rest = rest.slice(param[0].length);
      let value: string;
      if (rest.startsWith('"')) {
        const quoted = /^"((?:[^"\\]|\\.)*)"/.exec(rest);
        if (!quoted) return challenges;
        value = quoted[1]!.replace(/\\(.)/g, '$1');
        rest = rest.slice(quoted[0].length);
      } else {
        value = TOKEN.exec(rest)?.[0] ?? '';
        rest = rest.slice(value.length);
      }
      challenge.params[param[1]!.toLowerCase()] = value;
      skip(/^[ \t]*/);
      if (!rest.startsWith(',')) break;
      // A comma then `name=` continues this challenge; a comma then a bare token starts the next one.
      const after = rest.replace(/^[\s,]+/, '');
      if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+[ \t]*=/.test(after)) break;
      rest = after;
    }
  }
  return challenges;
}

/**
 * A single-value flag given twice (`--out a --out -`) reaches a command as an array, which it
 * cannot use. Every command treats that the same way: a usage error naming the flag (exit 2),
 * rather than silently keeping one of the values. Returns the first such flag, or null.
 */
export function repeatedFlag(argv: Record<string, unknown>, arrayKeys: ReadonlySet<string>): string | null {
  for (const [key, value] of Object.entries(argv)) {
    if (key === '_' || key === '$0' || arrayKeys.has(key) || !Array.isArray(value)) continue;
    // yargs lists each flag under its name and its aliases (and camelCase forms): name one.
    return key.length === 1 ? `-${key}` : `--${key}`;
  }
  return null;
}

/** Options that name an output file, where `-` means stdout, by command. */
const STDOUT_CAPABLE: Record<string, Set<string>> = {
  scan: new Set(['--jsonl', '--json']),
  report: new Set(['--out', '-o', '--markdown', '--json']),
};

/**
 * yargs reads `--jsonl -` as an empty option plus a positional `-` (stdin); joining the
 * pair into `--jsonl=-` keeps the conventional spelling working.
 */
export function joinDashValues(argv: readonly string[]): string[] {
  const options = STDOUT_CAPABLE[argv[0] ?? ''];
  if (!options) return [...argv];
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (options.has(argv[i]!) && argv[i + 1] === '-') {
      joined.push(`${argv[i]}=-`);
      i++;
    } else joined.push(argv[i]!);
  }
  return joined;
}

/** Options of `scan` that name an output file, where `-` means stdout. */
const STDOUT_CAPABLE = new Set(['--jsonl', '--json']);

/**
 * yargs reads `--jsonl -` as an empty option plus a positional `-` (stdin); joining the
 * pair into `--jsonl=-` keeps the conventional spelling working.
 */
export function joinDashValues(argv: readonly string[]): string[] {
  if (argv[0] !== 'scan') return [...argv];
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (STDOUT_CAPABLE.has(argv[i]!) && argv[i + 1] === '-') {
      joined.push(`${argv[i]}=-`);
      i++;
    } else joined.push(argv[i]!);
  }
  return joined;
}

import type { Argv } from 'yargs';
import { renderHistoryText } from '../report/history-text.js';
import { normaliseUrl } from '../sources/normalise-url.js';
import { DEFAULT_DB_PATH, openDatabaseForReading, type Db } from '../store/database.js';
import { catalogueChanges, endpointHistory, uptime } from '../store/queries.js';
import { parseWindowMs } from './duration.js';
import { toSafeJson } from '../util/safe-json.js';
import { useColor } from './terminal.js';
import { UsageError } from './usage-error.js';

export function historyBuilder(yargs: Argv) {
  return yargs
    .positional('url', { type: 'string', demandOption: true, describe: 'The endpoint URL as scanned' })
    .option('db', { type: 'string', default: DEFAULT_DB_PATH, describe: 'SQLite history database' })
    .option('limit', { type: 'number', default: 30, describe: 'Verdicts shown, newest first' })
    .option('since', { type: 'string', describe: 'Window for uptime and latency (e.g. 7d, 24h); default: all history' })
    .option('json', { type: 'boolean', default: false, describe: 'Print the history as JSON' })
    .option('color', { type: 'boolean', describe: 'Force colour on or off' })
    .example('$0 history https://mcp.example.com/mcp', 'Verdicts over time, uptime, latency, catalogue changes')
    .example('$0 history https://mcp.example.com/mcp --since 7d --json', 'The last week, as JSON');
}

/** `--since 30d`: the start of the window as an ISO time (null: all history). */
export function sinceIso(text: string | undefined, now: number): string | null {
  if (text === undefined) return null;
  const parsed = parseWindowMs(text);
  if (!parsed.ok) throw new UsageError(`--since: ${parsed.message}`);
  return new Date(now - parsed.ms).toISOString();
}

/** The history database opened read-only, or a usage error naming the file (exit 2). */
export function openHistoryForReading(path: string): Db {
  const opened = openDatabaseForReading(path);
  if (!opened.ok) throw new UsageError(`the database ${path} ${opened.problem}`);
  return opened.db;
}

type HistoryArgs = { url: string; db: string; limit: number; since?: string | undefined; json: boolean; color?: boolean | undefined };

export async function runHistory(args: HistoryArgs): Promise<number> {
  const normalised = normaliseUrl(args.url);
  if (!normalised.ok) throw new UsageError(`"${args.url.slice(0, 200)}": ${normalised.reason}`);
  if (!Number.isInteger(args.limit) || args.limit < 1) throw new UsageError('--limit must be a whole number ≥ 1');
  const since = sinceIso(args.since, Date.now());
  const db = openHistoryForReading(args.db);
  try {
    const view = {
      url: normalised.url,
      entries: endpointHistory(db, normalised.url, args.limit),
      window: { label: args.since ? `last ${args.since}` : 'all history', figures: uptime(db, normalised.url, since) },
      catalogueChanges: catalogueChanges(db, normalised.url),
    };
    if (args.json) process.stdout.write(`${toSafeJson(view, 2)}\n`);
    else process.stdout.write(renderHistoryText(view, { color: useColor(process.stdout, process.env, args.color) }));
    return view.entries.length > 0 ? 0 : 1;
  } finally {
    db.close();
  }
}

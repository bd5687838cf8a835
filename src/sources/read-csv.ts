import { parse } from 'csv-parse/sync';
import type { RawEntry } from './entry.js';
import type { InputProblem } from './target.js';

const HEADER_COLUMN = /^header:(.+)$/i;

/**
 * CSV with a header row: a `url` column (required), optional `name`, and
 * `header:<Name>` columns whose cells become request headers. Parsing by csv-parse;
 * a malformed record is reported with its line and skipped.
 */
export function readCsvList(text: string, file: string): { entries: RawEntry[]; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  let rows: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    rows = parse(text, {
      columns: (header: string[]) => header.map((column) => column.trim()),
      skip_empty_lines: true,
      trim: true,
      info: true,
      bom: true,
      relax_column_count: true,
      skip_records_with_error: true,
      on_skip: (err: { lines?: number; message?: string } | undefined) => {
        problems.push({ file, ...(err?.lines === undefined ? {} : { line: err.lines }), reason: `CSV: ${err?.message ?? 'unreadable record'}` });
      },
    }) as typeof rows;
  } catch (err) {
    const lines = (err as { lines?: number }).lines;
    return { entries: [], problems: [{ file, ...(lines === undefined ? {} : { line: lines }), reason: `CSV: ${(err as Error).message}` }] };
  }
  if (rows.length > 0 && !('url' in rows[0]!.record)) {
    return { entries: [], problems: [{ file, line: 1, reason: 'CSV has no "url" column in its header row' }] };
  }
  const entries = rows.map(({ record, info }) => {
    const headers: Record<string, string> = {};
    for (const [column, value] of Object.entries(record)) {
      const name = HEADER_COLUMN.exec(column)?.[1]?.trim();
      if (name && value !== '') headers[name] = value;
    }
    return { url: record['url'] ?? '', name: record['name'], headers, location: { file, line: info.lines } };
  });
  return { entries, problems };
}

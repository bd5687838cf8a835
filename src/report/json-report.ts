import { escapeJsonText } from '../util/safe-json.js';
import type { ReportModel } from './view-model.js';

const indent = (json: string, prefix: string) => json.replace(/\n/g, `\n${prefix}`);
const pretty = (value: unknown) => escapeJsonText(JSON.stringify(value, null, 2));
/** Array items or object entries per chunk. */
const CHUNK_ITEMS = 200;

/**
 * `report --format json`: the view model itself, as one JSON document, in pieces (the same
 * characters as `JSON.stringify(model, null, 2)` with util/safe-json.ts's escapes), so a big
 * fleet's document is written without being one string. Pure.
 */
export function* renderJsonReportChunks(model: ReportModel): Generator<string> {
  const entries = Object.entries(model).filter(([, value]) => value !== undefined);
  yield '{\n';
  for (const [i, [key, value]] of entries.entries()) {
    const comma = i < entries.length - 1 ? ',' : '';
    const items: Array<[string | null, unknown]> | null =
      key === 'endpoints' && Array.isArray(value) && value.length > 0
        ? value.map((item) => [null, item])
        : key === 'catalogues' && value !== null && typeof value === 'object' && Object.keys(value).length > 0
          ? Object.entries(value as Record<string, unknown>)
          : null;
    if (!items) {
      yield `  ${JSON.stringify(key)}: ${indent(pretty(value), '  ')}${comma}\n`;
      continue;
    }
    yield `  ${JSON.stringify(key)}: ${key === 'endpoints' ? '[' : '{'}\n`;
    for (let start = 0; start < items.length; start += CHUNK_ITEMS) {
      yield items
        .slice(start, start + CHUNK_ITEMS)
        .map(([name, item], j) => `    ${name === null ? '' : `${pretty(name)}: `}${indent(pretty(item), '    ')}${start + j < items.length - 1 ? ',' : ''}\n`)
        .join('');
    }
    yield `  ${key === 'endpoints' ? ']' : '}'}${comma}\n`;
  }
  yield '}\n';
}

export function renderJsonReport(model: ReportModel): string {
  return [...renderJsonReportChunks(model)].join('');
}

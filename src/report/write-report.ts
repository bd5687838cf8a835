import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { renderHtmlReport } from './html/page.js';
import { renderJsonReport } from './json-report.js';
import { renderMarkdownReport } from './markdown-report.js';
import type { ReportModel } from './view-model.js';

export type ReportFormat = 'html' | 'markdown' | 'json';

export function renderReport(model: ReportModel, format: ReportFormat): string {
  if (format === 'html') return renderHtmlReport(model);
  if (format === 'markdown') return renderMarkdownReport(model);
  return renderJsonReport(model);
}

/** Writes a rendering to a file (creating its folder), or to stdout for `-`. Returns the bytes written. */
export function writeReport(text: string, path: string): number {
  if (path === '-') process.stdout.write(text);
  else {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text, 'utf8');
  }
  return Buffer.byteLength(text, 'utf8');
}

import { closeSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { renderHtmlReportChunks } from './html/page.js';
import { renderJsonReportChunks } from './json-report.js';
import { renderMarkdownReport } from './markdown-report.js';
import type { ReportModel } from './view-model.js';

export type ReportFormat = 'html' | 'markdown' | 'json';

/** A rendering in pieces: HTML and JSON grow with the fleet; Markdown is capped at 1 MB. */
export function renderReportChunks(model: ReportModel, format: ReportFormat): Iterable<string> {
  if (format === 'html') return renderHtmlReportChunks(model);
  if (format === 'markdown') return [renderMarkdownReport(model)];
  return renderJsonReportChunks(model);
}

export function renderReport(model: ReportModel, format: ReportFormat): string {
  return [...renderReportChunks(model, format)].join('');
}

export type WriteOutcome = { ok: true; bytes: number } | { ok: false; code: string; problem: string };

/**
 * Whether a report can go to `path` (before the work of making it): not a directory, and its
 * folder not a file. `-` is stdout.
 */
export function checkReportPath(path: string): { ok: true } | { ok: false; problem: string } {
  if (path === '-') return { ok: true };
  try {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat?.isDirectory()) return { ok: false, problem: `${path} is a directory; give a file name (e.g. ${path.replace(/\/+$/, '')}/index.html)` };
    const parent = statSync(dirname(path), { throwIfNoEntry: false });
    if (parent && !parent.isDirectory()) return { ok: false, problem: `${dirname(path)} is not a directory` };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === undefined) throw err;
    // ENOTDIR: a file on the way (a/file.txt/report.html); EACCES: a folder we cannot look into.
    return { ok: false, problem: `cannot write ${path} (${code})` };
  }
  return { ok: true };
}

/**
 * Writes a rendering to a file (creating its folder), piece by piece, or to stdout for `-`.
 * File-system failures come back as a result (code: EACCES, EISDIR, ENOSPC ...), not a throw.
 */
export function writeReport(chunks: Iterable<string>, path: string): WriteOutcome {
  let bytes = 0;
  if (path === '-') {
    for (const chunk of chunks) {
      process.stdout.write(chunk);
      bytes += Buffer.byteLength(chunk, 'utf8');
    }
    return { ok: true, bytes };
  }
  let fd: number | null = null;
  try {
    mkdirSync(dirname(path), { recursive: true });
    fd = openSync(path, 'w');
    for (const chunk of chunks) {
      const buffer = Buffer.from(chunk, 'utf8');
      for (let at = 0; at < buffer.length; ) at += writeSync(fd, buffer, at);
      bytes += buffer.length;
    }
    return { ok: true, bytes };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === undefined) throw err;
    return { ok: false, code, problem: `cannot write ${path} (${code})` };
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

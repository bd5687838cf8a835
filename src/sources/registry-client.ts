import { DEFAULTS } from '../config/defaults.js';
import { createDispatcher } from '../probe/http/dispatcher.js';
import { httpRequest } from '../probe/http/request.js';
import { USER_AGENT } from '../version.js';
import type { RawEntry } from './entry.js';
import { entriesFromJson } from './read-json.js';
import type { InputProblem } from './target.js';

export interface RegistryOptions {
  /** Pages followed at most (100 servers a page). */
  maxPages: number;
  requestTimeoutMs: number;
  bodyLimitBytes: number;
}

export const REGISTRY_DEFAULTS: RegistryOptions = { maxPages: 1_000, requestTimeoutMs: DEFAULTS.requestTimeoutMs, bodyLimitBytes: 16 * 1024 * 1024 };
const PAGE_SIZE = 100;

/**
 * Reads a live MCP registry over its REST API: `GET /v0.1/servers?version=latest`,
 * following `metadata.nextCursor`, with the same HTTP limits as any probe. Entries are
 * numbered across pages; problems (an unreachable page, a bad body) are reported, and
 * what was read before them is kept.
 */
export async function readRegistry(baseUrl: string, options: RegistryOptions = REGISTRY_DEFAULTS): Promise<{ entries: RawEntry[]; problems: InputProblem[] }> {
  const dispatcher = createDispatcher({ connectTimeoutMs: DEFAULTS.connectTimeoutMs, requestTimeoutMs: options.requestTimeoutMs, insecure: false });
  const entries: RawEntry[] = [];
  const problems: InputProblem[] = [];
  const base = baseUrl.replace(/\/+$/, '');
  const seenCursors = new Set<string>();
  let cursor: string | undefined;
  let entryOffset = 0;
  try {
    for (let page = 1; page <= options.maxPages; page++) {
      const url = `${base}/v0.1/servers?version=latest&limit=${PAGE_SIZE}${cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
      const deadline = AbortSignal.timeout(options.requestTimeoutMs * 2);
      const sent = await httpRequest(
        dispatcher,
        { method: 'GET', url, headers: { 'user-agent': USER_AGENT, accept: 'application/json', 'accept-encoding': 'gzip, deflate, br' } },
        { requestTimeoutMs: options.requestTimeoutMs, bodyLimitBytes: options.bodyLimitBytes, maxRedirects: DEFAULTS.maxRedirects },
        deadline,
      );
      if (!sent.ok) return { entries, problems: [...problems, { file: baseUrl, reason: `registry page ${page}: ${sent.failure.detail}` }] };
      const body = await sent.body.readAll();
      if (!body.ok) return { entries, problems: [...problems, { file: baseUrl, reason: `registry page ${page}: ${body.failure.detail}` }] };
      if (sent.head.status !== 200) return { entries, problems: [...problems, { file: baseUrl, reason: `registry page ${page}: HTTP ${sent.head.status}` }] };
      let value: unknown;
      try {
        value = JSON.parse(body.bytes.toString('utf8'));
      } catch {
        return { entries, problems: [...problems, { file: baseUrl, reason: `registry page ${page} is not JSON` }] };
      }
      const read = entriesFromJson(value, baseUrl);
      const count = Array.isArray((value as { servers?: unknown }).servers) ? (value as { servers: unknown[] }).servers.length : 0;
      for (const entry of read.entries) entries.push({ ...entry, location: { file: baseUrl, entry: (entry.location.entry ?? 0) + entryOffset } });
      for (const problem of read.problems) problems.push({ ...problem, ...(problem.entry === undefined ? {} : { entry: problem.entry + entryOffset }) });
      entryOffset += count;
      const next = (value as { metadata?: { nextCursor?: unknown } }).metadata?.nextCursor;
      if (typeof next !== 'string' || next === '' || count === 0) return { entries, problems };
      if (seenCursors.has(next)) return { entries, problems: [...problems, { file: baseUrl, reason: `registry pagination loops at cursor ${next.slice(0, 80)}` }] };
      seenCursors.add(next);
      cursor = next;
    }
    return { entries, problems: [...problems, { file: baseUrl, reason: `stopped after ${options.maxPages} registry pages` }] };
  } finally {
    await dispatcher.destroy().catch(() => undefined);
  }
}

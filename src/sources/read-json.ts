import { isObject } from '../util/json-values.js';
import type { RawEntry } from './entry.js';
import { TEMPLATE_VARIABLE } from './normalise-url.js';
import type { InputProblem, SourceLocation } from './target.js';

/**
 * JSON inputs, recognised by shape:
 * - an array of URLs, or of objects `{ url, name?, headers? }`;
 * - one MCP registry `server.json` (its `remotes`);
 * - a registry API response `{ servers: [{ server, _meta }] }` (every server's remotes);
 * - one object `{ url, ... }`.
 * Registry remotes of type `streamable-http` and `sse` are taken; `{variable}` templates in
 * URLs and header values are filled from the remote's declared defaults where there are some.
 */
export function readJsonList(text: string, file: string): { entries: RawEntry[]; problems: InputProblem[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { entries: [], problems: [{ file, reason: `not valid JSON: ${(err as Error).message.slice(0, 160)}` }] };
  }
  return entriesFromJson(value, file);
}

export function entriesFromJson(value: unknown, file: string): { entries: RawEntry[]; problems: InputProblem[] } {
  const entries: RawEntry[] = [];
  const problems: InputProblem[] = [];
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      const location = { file, entry: index + 1 };
      if (typeof item === 'string') entries.push({ url: item, location });
      else if (isObject(item) && typeof item['url'] === 'string') entries.push(plainEntry(item, location, problems));
      else if (isObject(item) && Array.isArray(item['remotes'])) collectRemotes(item, location, entries, problems);
      else problems.push({ ...location, reason: 'expected a URL string or an object with "url"' });
    });
  } else if (isObject(value) && Array.isArray(value['servers'])) {
    value['servers'].forEach((item, index) => {
      const location = { file, entry: index + 1 };
      if (!isObject(item) || !isObject(item['server'])) return void problems.push({ ...location, reason: 'a registry entry without "server"' });
      if (!LISTED_STATUSES.has(registryStatus(item) ?? 'active')) return;
      collectRemotes(item['server'], location, entries, problems);
    });
  } else if (isObject(value) && Array.isArray(value['remotes'])) {
    collectRemotes(value, { file }, entries, problems);
  } else if (isObject(value) && typeof value['url'] === 'string') {
    entries.push(plainEntry(value, { file }, problems));
  } else {
    problems.push({ file, reason: 'JSON is neither a list of endpoints, a server.json, nor a registry response' });
  }
  return { entries, problems };
}

function plainEntry(item: Record<string, unknown>, location: SourceLocation, problems: InputProblem[]): RawEntry {
  const headers: Record<string, string> = {};
  if (isObject(item['headers'])) {
    for (const [name, headerValue] of Object.entries(item['headers'])) {
      if (typeof headerValue === 'string') headers[name] = headerValue;
      else problems.push({ ...location, reason: `header ${name.slice(0, 60)} is not a string; left out` });
    }
  }
  return { url: item['url'] as string, name: typeof item['name'] === 'string' ? item['name'] : undefined, headers, location };
}

/** `_meta["io.modelcontextprotocol.registry/official"].status` of a registry API entry. */
export function registryStatus(entry: Record<string, unknown>): string | undefined {
  const meta = entry['_meta'];
  const official = isObject(meta) ? meta['io.modelcontextprotocol.registry/official'] : undefined;
  return isObject(official) && typeof official['status'] === 'string' ? official['status'] : undefined;
}

/** Registry statuses worth probing: deprecated servers still answer (or not); deleted and unknown ones are skipped. */
const LISTED_STATUSES = new Set(['active', 'deprecated']);
const REMOTE_TYPES = new Set(['streamable-http', 'sse']);
const TEMPLATES = new RegExp(TEMPLATE_VARIABLE.source, 'g');

/** Fills `{name}` from the variables' `value` or `default`; names with neither stay as they are. */
function fillTemplate(text: string, variables: unknown): string {
  return text.replace(TEMPLATES, (whole, name: string) => {
    const variable = isObject(variables) ? variables[name] : undefined;
    if (!isObject(variable)) return whole;
    const filled = variable['value'] ?? variable['default'];
    return typeof filled === 'string' && filled !== '' ? filled : whole;
  });
}

function collectRemotes(server: Record<string, unknown>, location: SourceLocation, entries: RawEntry[], problems: InputProblem[]): void {
  const name = typeof server['name'] === 'string' ? server['name'] : undefined;
  const remotes = Array.isArray(server['remotes']) ? server['remotes'] : [];
  remotes.forEach((remote) => {
    if (!isObject(remote) || typeof remote['url'] !== 'string') return void problems.push({ ...location, reason: `${name ?? 'a server'}: a remote without "url"` });
    if (!REMOTE_TYPES.has(String(remote['type']))) return; // packages' stdio and unknown types are not remote endpoints
    const headers: Record<string, string> = {};
    for (const header of Array.isArray(remote['headers']) ? remote['headers'] : []) {
      if (!isObject(header) || typeof header['name'] !== 'string') continue;
      const raw = typeof header['value'] === 'string' ? header['value'] : typeof header['default'] === 'string' ? header['default'] : undefined;
      if (raw === undefined) continue; // a secret the publisher leaves to each user: the probe goes without it
      const filled = fillTemplate(raw, header['variables']);
      if (!TEMPLATE_VARIABLE.test(filled)) headers[header['name']] = filled;
    }
    entries.push({ url: fillTemplate(remote['url'], remote['variables']), name, headers, location });
  });
}

import type { ToolDefinition } from '../probe/catalogue/tool-rules.js';
import { byName, isObject } from '../util/json-values.js';

/**
 * `mcp-tools.lock.json`: the committed snapshot of a server's tool contracts (#5): per tool its
 * title, description, input and output schemas and annotations. No URL, no server version, no
 * timestamp: the file changes only when a contract does, so `git diff` shows exactly that.
 */
export const LOCKFILE_VERSION = 1;

export interface ToolContract {
  title?: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

export interface Lockfile {
  lockfileVersion: typeof LOCKFILE_VERSION;
  tools: Record<string, ToolContract>;
}

/** The contracts of a listed catalogue. `_meta`, icons and vendor fields churn and are left out. */
export function snapshotOf(tools: readonly ToolDefinition[]): Lockfile {
  // Tool names are server text: a tool called `__proto__` must become a key, not a prototype.
  const contracts: Record<string, ToolContract> = Object.create(null) as Record<string, ToolContract>;
  for (const tool of [...tools].sort(byName)) {
    contracts[tool.name] = {
      ...(tool.title === undefined ? {} : { title: tool.title }),
      ...(tool.description === undefined ? {} : { description: tool.description }),
      inputSchema: tool.inputSchema,
      ...(tool.outputSchema === undefined ? {} : { outputSchema: tool.outputSchema }),
      ...(tool.annotations === undefined ? {} : { annotations: tool.annotations as Record<string, unknown> }),
    };
  }
  return { lockfileVersion: LOCKFILE_VERSION, tools: contracts };
}

/** A copy with object keys in code-point order at every depth (arrays keep their order). */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (!isObject(value)) return value;
  const sorted: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (value[key] !== undefined) sorted[key] = sortKeysDeep(value[key]);
  }
  return sorted;
}

/** Stable text: sorted keys, two-space indent, one trailing newline. The same catalogue always gives the same bytes. */
export function renderLockfile(lock: Lockfile): string {
  return `${JSON.stringify(sortKeysDeep(lock), null, 2)}\n`;
}

export type LockfileOutcome = { ok: true; lock: Lockfile } | { ok: false; problem: string };

/** Reads a lock file's text; a problem names what is wrong (the caller adds the file name). */
export function parseLockfile(text: string): LockfileOutcome {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, problem: `is not valid JSON: ${(err as Error).message}` };
  }
  if (!isObject(raw)) return { ok: false, problem: 'is not a JSON object' };
  if (raw['lockfileVersion'] !== LOCKFILE_VERSION) {
    return { ok: false, problem: `lockfileVersion must be ${LOCKFILE_VERSION} (got ${JSON.stringify(raw['lockfileVersion'] ?? null)})` };
  }
  const tools = raw['tools'];
  if (!isObject(tools)) return { ok: false, problem: 'tools must be an object keyed by tool name' };
  for (const [name, contract] of Object.entries(tools)) {
    const at = `tools[${JSON.stringify(name)}]`;
    if (!isObject(contract)) return { ok: false, problem: `${at} must be an object` };
    if (!isObject(contract['inputSchema'])) return { ok: false, problem: `${at}.inputSchema must be an object` };
    if (contract['outputSchema'] !== undefined && !isObject(contract['outputSchema'])) return { ok: false, problem: `${at}.outputSchema must be an object` };
    if (contract['annotations'] !== undefined && !isObject(contract['annotations'])) return { ok: false, problem: `${at}.annotations must be an object` };
    for (const key of ['title', 'description'] as const) {
      if (contract[key] !== undefined && typeof contract[key] !== 'string') return { ok: false, problem: `${at}.${key} must be a string` };
    }
  }
  return { ok: true, lock: raw as unknown as Lockfile };
}

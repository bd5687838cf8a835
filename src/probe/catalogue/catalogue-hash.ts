import { createHash } from 'node:crypto';
import { byName } from '../../util/json-values.js';
import type { ToolDefinition } from './tool-rules.js';

/**
 * JSON with object keys sorted at every depth (code-unit order, as `<` compares), so equal
 * values serialise equally. Written as loops: it runs over every catalogue of a scan.
 */
export function canonicalJson(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  let out = '{';
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    if (member === undefined) continue;
    out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${canonicalJson(member)}`;
  }
  return `${out}}`;
}

/** The contract of a tool: what a client depends on. `_meta` and icons are left out (they churn). */
export function toolContract(tool: ToolDefinition): Record<string, unknown> {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: tool.inputSchema,
    outputSchema: tool.outputSchema,
    annotations: tool.annotations,
  };
}

/**
 * Hashes by the plain JSON text of the listed tools. Equal texts are equal catalogues (key
 * order and all), so they hash alike; a fleet lists the same catalogue again and again (one
 * server software deployed many times), and JSON.stringify is several times cheaper than the
 * canonical form. Only texts up to 64 KiB are kept, at most 256 of them; oldest go first.
 */
const hashesByText = new Map<string, string>();
const HASHES_MAX = 256;
const HASH_TEXT_MAX_CHARS = 64 * 1024;

/**
 * A stable hash of a catalogue: SHA-256 of the canonical JSON of its tool contracts,
 * ordered by name, so neither key order nor listing order changes it.
 */
export function catalogueHash(tools: readonly ToolDefinition[]): string {
  const text = JSON.stringify(tools);
  const known = hashesByText.get(text);
  if (known !== undefined) return known;
  const contracts = [...tools].sort(byName).map(toolContract);
  const hash = `sha256:${createHash('sha256').update(canonicalJson(contracts)).digest('hex')}`;
  if (text.length <= HASH_TEXT_MAX_CHARS) {
    if (hashesByText.size >= HASHES_MAX) hashesByText.delete(hashesByText.keys().next().value!);
    hashesByText.set(text, hash);
  }
  return hash;
}

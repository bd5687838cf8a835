import { createHash } from 'node:crypto';
import { byName } from '../../util/json-values.js';
import type { ToolDefinition } from './tool-rules.js';

/** JSON with object keys sorted at every depth, so equal values serialise equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
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
 * A stable hash of a catalogue: SHA-256 of the canonical JSON of its tool contracts,
 * ordered by name, so neither key order nor listing order changes it.
 */
export function catalogueHash(tools: readonly ToolDefinition[]): string {
  const contracts = [...tools].sort(byName).map(toolContract);
  return `sha256:${createHash('sha256').update(canonicalJson(contracts)).digest('hex')}`;
}

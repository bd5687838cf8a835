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
 * A stable hash of a catalogue: SHA-256 of the canonical JSON of its tool contracts,
 * ordered by name, so neither key order nor listing order changes it. (A probe's are
 * remembered by listing text with its other catalogue facts: catalogue-facts.ts.)
 */
export function catalogueHash(tools: readonly ToolDefinition[]): string {
  const contracts = [...tools].sort(byName).map(toolContract);
  return `sha256:${createHash('sha256').update(canonicalJson(contracts)).digest('hex')}`;
}

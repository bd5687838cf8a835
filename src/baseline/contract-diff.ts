import { canonicalJson } from '../probe/catalogue/catalogue-hash.js';
import type { Lockfile, ToolContract } from './lockfile.js';
import { compareSchemas, isBreaking, type SchemaChangeCode } from './schema-diff.js';

/**
 * The tool-contract diff between a committed lock file and the live catalogue (#5), per tool,
 * each change sorted into breaking (fails the check) or compatible (reported).
 * - breaking: tool removed; required parameter added; parameter removed, or its type/values
 *   narrowed; output no longer what old consumers rely on (property removed, type changed,
 *   a required property made optional, outputSchema dropped); any schema change not analysed.
 * - compatible: tool added; optional parameter added; wider input; narrower output;
 *   title, description and annotation changes (each annotation named).
 */
export type ChangeCode =
  | 'tool_removed'
  | 'tool_added'
  | 'title_changed'
  | 'description_changed'
  | 'annotation_changed'
  | 'output_schema_added'
  | 'output_schema_removed'
  | `input_${SchemaChangeCode}`
  | `output_${SchemaChangeCode}`;

export interface ContractChange {
  breaking: boolean;
  code: ChangeCode;
  /** One line for people; may quote server-chosen names (render sanitised). */
  detail: string;
}

export interface ToolDiff {
  tool: string;
  changes: ContractChange[];
}

export interface ContractDiff {
  tools: ToolDiff[];
  breaking: number;
  compatible: number;
}

const show = (value: unknown) => (value === undefined ? 'unset' : JSON.stringify(value));

/**
 * A record's own member, or undefined. Names come from servers: a tool or annotation called
 * `constructor`, `valueOf` or `__proto__` must not read Object.prototype (review of #5: `tools[name]`
 * returned a function and crashed the diff).
 */
function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function toolChanges(older: ToolContract, newer: ToolContract): ContractChange[] {
  const changes: ContractChange[] = [];
  if ((older.title ?? null) !== (newer.title ?? null)) changes.push({ breaking: false, code: 'title_changed', detail: 'title changed' });
  if ((older.description ?? null) !== (newer.description ?? null)) changes.push({ breaking: false, code: 'description_changed', detail: 'description changed' });

  const oldAnnotations = older.annotations ?? {};
  const newAnnotations = newer.annotations ?? {};
  for (const key of [...new Set([...Object.keys(oldAnnotations), ...Object.keys(newAnnotations)])].sort()) {
    const before = own(oldAnnotations, key);
    const after = own(newAnnotations, key);
    if (canonicalJson(before ?? null) === canonicalJson(after ?? null)) continue;
    changes.push({ breaking: false, code: 'annotation_changed', detail: `annotation ${key}: ${show(before)} → ${show(after)}` });
  }

  for (const finding of compareSchemas(older.inputSchema, newer.inputSchema, 'input')) {
    changes.push({ breaking: isBreaking(finding, 'input'), code: `input_${finding.code}`, detail: finding.path === '' ? `inputSchema: ${finding.detail.replace(/^the schema: /, '')}` : finding.detail });
  }

  if (older.outputSchema && !newer.outputSchema) {
    changes.push({ breaking: true, code: 'output_schema_removed', detail: 'outputSchema removed: structuredContent is no longer promised' });
  } else if (!older.outputSchema && newer.outputSchema) {
    changes.push({ breaking: false, code: 'output_schema_added', detail: 'outputSchema added' });
  } else if (older.outputSchema && newer.outputSchema) {
    for (const finding of compareSchemas(older.outputSchema, newer.outputSchema, 'output')) {
      changes.push({ breaking: isBreaking(finding, 'output'), code: `output_${finding.code}`, detail: finding.path === '' ? `outputSchema: ${finding.detail.replace(/^the schema: /, '')}` : finding.detail });
    }
  }
  // Breaking first, so a CI log's first lines are the ones that matter.
  return changes.sort((a, b) => Number(b.breaking) - Number(a.breaking));
}

/** Pure: the same two snapshots always give the same diff, tools in name order. */
export function diffContracts(baseline: Lockfile, live: Lockfile): ContractDiff {
  const names = [...new Set([...Object.keys(baseline.tools), ...Object.keys(live.tools)])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const tools: ToolDiff[] = [];
  for (const name of names) {
    const older = own(baseline.tools, name);
    const newer = own(live.tools, name);
    const changes: ContractChange[] =
      older === undefined
        ? [{ breaking: false, code: 'tool_added', detail: 'tool added' }]
        : newer === undefined
          ? [{ breaking: true, code: 'tool_removed', detail: 'tool removed' }]
          : toolChanges(older, newer);
    if (changes.length > 0) tools.push({ tool: name, changes });
  }
  const all = tools.flatMap((t) => t.changes);
  const breaking = all.filter((c) => c.breaking).length;
  return { tools, breaking, compatible: all.length - breaking };
}

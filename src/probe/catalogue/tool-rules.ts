import { jsonDepthExceeds } from '../../util/json-values.js';
import type { Era } from '../eras/protocol-versions.js';
import { schemaProblem } from '../validate/json-schema.js';

/** A tool definition as listed (the fields mcp-health reads; the rest is kept as sent). */
export interface ToolDefinition {
  name: string;
  title?: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  annotations?: {
    title?: string;
    readOnlyHint?: boolean;
    destructiveHint?: boolean;
    idempotentHint?: boolean;
    openWorldHint?: boolean;
  };
  [key: string]: unknown;
}

export type ToolRule =
  | 'schema_too_deep'
  | 'name_format'
  | 'duplicate_name'
  | 'input_schema_not_object'
  | 'input_schema_invalid'
  | 'output_schema_not_object'
  | 'output_schema_invalid';

export interface ToolProblem {
  tool: string;
  rule: ToolRule;
  detail: string;
}

/** Deeper than any real schema; what recursion downstream (hashing, Ajv, JSON output) can take safely. */
export const MAX_SCHEMA_DEPTH = 64;

/**
 * Replaces schemas nested deeper than MAX_SCHEMA_DEPTH (a 100,000-level `inputSchema` is
 * a stack overflow waiting for the next recursive reader) with an empty object schema
 * marked as cut, and reports each as a problem.
 */
export function boundSchemaDepth(tools: readonly ToolDefinition[]): { tools: ToolDefinition[]; problems: ToolProblem[] } {
  const problems: ToolProblem[] = [];
  const bounded = tools.map((tool) => {
    if (!jsonDepthExceeds(tool, MAX_SCHEMA_DEPTH)) return tool;
    problems.push({ tool: tool.name, rule: 'schema_too_deep', detail: `the definition nests deeper than ${MAX_SCHEMA_DEPTH} levels; its schemas were not kept` });
    const cut = { type: 'object', 'x-mcp-health': `cut: deeper than ${MAX_SCHEMA_DEPTH} levels` };
    return { name: tool.name, inputSchema: cut, ...(tool.outputSchema === undefined ? {} : { outputSchema: cut }) } as ToolDefinition;
  });
  return { tools: bounded, problems };
}

/** Tool names (2025-11-25 server/tools "Tool Names"): 1–128 of A-Z a-z 0-9 _ - . */
const TOOL_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

/**
 * The per-tool rules of the spec, as a pure function of the catalogue:
 * name format and uniqueness, `inputSchema` an object schema (every revision),
 * `outputSchema` an object schema (before 2026-07-28, which lifted that), and
 * both valid JSON Schema of their dialect.
 */
export function toolProblems(tools: readonly ToolDefinition[], era: Era): ToolProblem[] {
  const problems: ToolProblem[] = [];
  const seen = new Set<string>();
  for (const tool of tools) {
    const name = tool.name;
    if (!TOOL_NAME.test(name)) {
      problems.push({ tool: name, rule: 'name_format', detail: 'names should be 1–128 characters of A-Z, a-z, 0-9, _, - and .' });
    }
    if (seen.has(name)) problems.push({ tool: name, rule: 'duplicate_name', detail: 'another tool has the same name' });
    seen.add(name);
    if (tool.inputSchema['type'] !== 'object') {
      problems.push({ tool: name, rule: 'input_schema_not_object', detail: `inputSchema has type ${JSON.stringify(tool.inputSchema['type'] ?? null)}, not "object"` });
    } else {
      const problem = schemaProblem(tool.inputSchema);
      if (problem) problems.push({ tool: name, rule: 'input_schema_invalid', detail: `inputSchema ${problem}` });
    }
    if (tool.outputSchema !== undefined) {
      if (era !== 'stateless' && tool.outputSchema['type'] !== 'object') {
        problems.push({ tool: name, rule: 'output_schema_not_object', detail: `outputSchema has type ${JSON.stringify(tool.outputSchema['type'] ?? null)}, not "object"` });
      } else {
        const problem = schemaProblem(tool.outputSchema);
        if (problem) problems.push({ tool: name, rule: 'output_schema_invalid', detail: `outputSchema ${problem}` });
      }
    }
  }
  return problems;
}

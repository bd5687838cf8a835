import { byName } from '../util/json-values.js';
import type { ToolDefinition } from './catalogue/tool-rules.js';
import type { McpChannel } from './eras/channel.js';
import type { StepLog } from './steps.js';
import { validateInWorker } from './validate/validate-in-worker.js';
import { CallToolResultSchema, checkResult } from './validate/mcp-results.js';

export interface ToolCallFacts {
  tool: string;
  /** `failed`: the call did not produce a usable CallToolResult (transport, JSON-RPC error, schema). */
  outcome: 'ok' | 'tool_error' | 'output_schema_mismatch' | 'failed';
  detail?: string;
  durationMs: number;
}

function hasRequiredArguments(tool: ToolDefinition): boolean {
  const required = tool.inputSchema['required'];
  return Array.isArray(required) && required.length > 0;
}

/**
 * Tools safe to call unasked: annotated `readOnlyHint: true`, not `destructiveHint: true`,
 * and needing no arguments. Annotations are only hints (the spec says so), which is why
 * calling is opt-in and un-annotated tools are never called. Sorted by name for repeatability.
 */
export function selectReadOnlyTools(tools: readonly ToolDefinition[], max: number): ToolDefinition[] {
  return tools
    .filter((tool) => tool.annotations?.readOnlyHint === true && tool.annotations.destructiveHint !== true && !hasRequiredArguments(tool))
    .sort(byName)
    .slice(0, max);
}

/** Calls each tool with `{}` and checks the result, `isError`, and `structuredContent` against `outputSchema`. */
/** Longest a server's outputSchema may take to check one result. */
const VALIDATION_TIMEOUT_MS = 2_000;

export async function callTools(channel: McpChannel, steps: StepLog, tools: readonly ToolDefinition[], deadlineAtMs: number): Promise<ToolCallFacts[]> {
  const calls: ToolCallFacts[] = [];
  for (const tool of tools) {
    const startedAt = steps.now();
    const outcome = await steps.rpc('tools/call', () => channel.request('tools/call', { name: tool.name, arguments: {} }));
    const durationMs = Math.round(steps.now() - startedAt);
    if (!outcome.ok) {
      calls.push({ tool: tool.name, outcome: 'failed', detail: outcome.failure.detail, durationMs });
      continue;
    }
    if (outcome.answer.kind === 'error') {
      const { code, message } = outcome.answer.error;
      calls.push({ tool: tool.name, outcome: 'failed', detail: `JSON-RPC error ${code}: ${message.slice(0, 200)}`, durationMs });
      continue;
    }
    const raw = outcome.answer.result;
    // 2026-07-28 multi-round-trip requests: the tool asks the client for input first. Not a fault; not answered.
    if (raw['resultType'] === 'input_required') {
      calls.push({ tool: tool.name, outcome: 'ok', detail: 'asked for client input (input_required); not answered', durationMs });
      continue;
    }
    // 2026-07-28 lets structuredContent be any JSON value; the SDK schema (2025) wants an object.
    const forSchema = channel.era === 'stateless' && raw['structuredContent'] !== undefined ? { ...raw, structuredContent: {} } : raw;
    const checked = checkResult(CallToolResultSchema, forSchema, 'the tools/call result');
    if (!checked.ok) {
      calls.push({ tool: tool.name, outcome: 'failed', detail: checked.failure.detail, durationMs });
      continue;
    }
    if (checked.value.isError === true) {
      const text = checked.value.content.find((block) => block.type === 'text');
      calls.push({ tool: tool.name, outcome: 'tool_error', detail: text && 'text' in text ? String(text.text).slice(0, 200) : 'isError: true', durationMs });
      continue;
    }
    if (tool.outputSchema !== undefined) {
      const structured = raw['structuredContent'];
      if (structured === undefined) {
        calls.push({ tool: tool.name, outcome: 'output_schema_mismatch', detail: 'the tool declares an outputSchema but returned no structuredContent', durationMs });
        continue;
      }
      const verdict = await validateInWorker(tool.outputSchema, structured, Math.max(0, Math.min(VALIDATION_TIMEOUT_MS, deadlineAtMs - Date.now())));
      if (!verdict.ok) {
        calls.push({ tool: tool.name, outcome: 'output_schema_mismatch', detail: `structuredContent ${verdict.problem}`, durationMs });
        continue;
      }
    }
    calls.push({ tool: tool.name, outcome: 'ok', durationMs });
  }
  return calls;
}

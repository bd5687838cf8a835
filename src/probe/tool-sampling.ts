import { byName } from '../util/json-values.js';
import type { ToolDefinition } from './catalogue/tool-rules.js';
import type { McpChannel } from './eras/channel.js';
import type { StepLog } from './steps.js';
import { validateInWorker } from './validate/validate-in-worker.js';
import { CallToolResultSchema, checkResult } from './validate/mcp-results.js';

export interface ToolCallFacts {
  tool: string;
  /**
   * `failed`: the call did not produce a usable CallToolResult (transport, JSON-RPC error, schema).
   * `not_listed`: a configured call to a tool the catalogue does not list; it was not made.
   */
  outcome: 'ok' | 'tool_error' | 'output_schema_mismatch' | 'failed' | 'not_listed';
  detail?: string;
  durationMs: number;
}

/**
 * One tool call to make: the tool, its arguments, and the schema its `structuredContent`
 * must match (the declared `outputSchema`, or one the caller supplies; none: not checked).
 */
export interface ToolCallPlan {
  tool: string;
  arguments: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
}

/**
 * The calls a CI configuration asks for, in order: only these tools are called, with the given
 * arguments (#5). A tool the catalogue does not list is not called. `outputSchema` is the
 * inline schema when given, else the tool's declared one.
 */
export interface ConfiguredCall {
  tool: string;
  arguments: Record<string, unknown>;
  /** An inline schema replacing the declared outputSchema; `false`: do not check structuredContent. */
  outputSchema?: Record<string, unknown> | false;
}

export function planConfiguredCalls(calls: readonly ConfiguredCall[], tools: readonly ToolDefinition[]): Array<ToolCallPlan | { tool: string; notListed: true }> {
  const listed = new Map(tools.map((tool) => [tool.name, tool]));
  return calls.map((call) => {
    const tool = listed.get(call.tool);
    if (!tool) return { tool: call.tool, notListed: true as const };
    const schema = call.outputSchema === false ? undefined : (call.outputSchema ?? tool.outputSchema);
    return { tool: call.tool, arguments: call.arguments, ...(schema === undefined ? {} : { outputSchema: schema }) };
  });
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

/** Sampling plans: each read-only tool with `{}`, checked against its declared outputSchema. */
export function samplingPlans(tools: readonly ToolDefinition[]): ToolCallPlan[] {
  return tools.map((tool) => ({ tool: tool.name, arguments: {}, ...(tool.outputSchema === undefined ? {} : { outputSchema: tool.outputSchema }) }));
}

/** Longest a server's outputSchema may take to check one result. */
const VALIDATION_TIMEOUT_MS = 2_000;

/** Makes each call in turn and checks the result, `isError`, and `structuredContent` against the plan's schema. */
export async function callTools(
  channel: McpChannel,
  steps: StepLog,
  plans: ReadonlyArray<ToolCallPlan | { tool: string; notListed: true }>,
  deadlineAtMs: number,
  marks: { configured?: true } = {},
): Promise<ToolCallFacts[]> {
  const calls: ToolCallFacts[] = [];
  for (const plan of plans) {
    if ('notListed' in plan) {
      calls.push({ tool: plan.tool, outcome: 'not_listed', detail: 'the catalogue does not list this tool; it was not called', durationMs: 0 });
      continue;
    }
    const tool = { name: plan.tool, outputSchema: plan.outputSchema };
    const startedAt = steps.now();
    const outcome = await steps.rpc('tools/call', () => channel.request('tools/call', { name: plan.tool, arguments: plan.arguments }), marks);
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
        calls.push({ tool: tool.name, outcome: 'output_schema_mismatch', detail: 'an outputSchema applies (declared or configured) but the result has no structuredContent', durationMs });
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

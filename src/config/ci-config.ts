import type { CallToolsMode, FailOn } from './defaults.js';

/**
 * `mcp-health.config.json`: what a CI job checks on its own MCP server (#5).
 * docs/ci.md documents every key; CI_CONFIG_SCHEMA below is the same contract for Ajv.
 */

/** Thresholds a config may set (each overrides the built-in default; an explicit flag overrides both). */
export interface ThresholdOverrides {
  slowMs?: number;
  deadlineMs?: number;
  minProtocolVersion?: string;
}

/** One configured tool call and what its answer must look like. */
export interface ToolCallExpectation {
  /** Unique within the endpoint: names the test case (default `call <tool>`, numbered when repeated). */
  label: string;
  tool: string;
  arguments: Record<string, unknown>;
  /** The answer's `isError` must be this (default false). */
  isError: boolean;
  /** `declared`: the tool's own outputSchema, when it has one; `none`: not checked; or an inline schema. */
  outputSchema: 'declared' | 'none' | Record<string, unknown>;
  /** The call, request to answer, must take at most this long; null: no budget. */
  maxLatencyMs: number | null;
}

export interface CiEndpoint {
  /** Unique; names the JUnit suite, the summary section and the annotations. */
  name: string;
  url: string;
  /** Expanded values: secrets. Never print them. */
  headers: Record<string, string>;
  expectTools: string[];
  toolCalls: ToolCallExpectation[];
  /** The tool-contract lock file (absolute), or null. */
  baselinePath: string | null;
  failOn: FailOn | undefined;
  callTools: CallToolsMode | undefined;
  thresholds: ThresholdOverrides;
}

export interface CiConfig {
  /** The file it was read from (as given), for messages. */
  source: string;
  failOn: FailOn | undefined;
  callTools: CallToolsMode | undefined;
  thresholds: ThresholdOverrides;
  waitMs: number | undefined;
  endpoints: CiEndpoint[];
  /** Every value substituted from the environment, and the whole value of each header that took one: redacted from all output. */
  secrets: string[];
}

/**
 * The longest `--wait-ms` / `waitMs`: a server that is not up after 10 minutes will not be, and
 * a typo (`1e12`) must not hold a CI runner for days.
 */
export const MAX_WAIT_MS = 10 * 60 * 1000;

/** Why a wait is unusable, or null. */
export function waitProblem(ms: number): string | null {
  return ms > MAX_WAIT_MS ? `${ms} ms is longer than the ${MAX_WAIT_MS / 60_000}-minute maximum wait` : null;
}

/**
 * Longest tool name a config may name. MCP advises 1–128 characters (2025-11-25, tool names);
 * the cap keeps test-case names (`tool "NAME" is listed`) short enough for every CI view.
 */
const MAX_TOOL_NAME_CHARS = 256;

const duration = {
  description: 'milliseconds, or a number with a unit: 500ms, 10s, 2m',
  anyOf: [
    { type: 'number', exclusiveMinimum: 0 },
    { type: 'string', minLength: 1 },
  ],
};

const thresholds = {
  type: 'object',
  additionalProperties: false,
  properties: {
    slowMs: duration,
    deadlineMs: duration,
    minProtocolVersion: { type: 'string' },
  },
};

const shared = {
  failOn: { enum: ['degraded', 'dead'] },
  callTools: { enum: ['none', 'readonly'] },
  thresholds,
};

/** The file's shape, checked with Ajv (draft-07) before anything else reads it. */
export const CI_CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    ...shared,
    waitMs: duration,
    endpoints: {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['url'],
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 100 },
          url: { type: 'string', minLength: 1 },
          headers: { type: 'object', additionalProperties: { type: 'string' } },
          expectTools: { type: 'array', items: { type: 'string', minLength: 1, maxLength: MAX_TOOL_NAME_CHARS }, maxItems: 1000 },
          toolCalls: {
            type: 'array',
            maxItems: 100,
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['tool'],
              properties: {
                tool: { type: 'string', minLength: 1, maxLength: MAX_TOOL_NAME_CHARS },
                name: { type: 'string', minLength: 1, maxLength: 200 },
                arguments: { type: 'object' },
                expect: {
                  type: 'object',
                  additionalProperties: false,
                  properties: {
                    isError: { type: 'boolean' },
                    outputSchema: { anyOf: [{ enum: ['declared', 'none'] }, { type: 'object' }] },
                    maxLatencyMs: duration,
                  },
                },
              },
            },
          },
          baseline: { type: 'string', minLength: 1 },
          ...shared,
        },
      },
    },
  },
} as const;

import {
  CallToolResultSchema,
  ImplementationSchema,
  InitializeResultSchema,
  ListPromptsResultSchema,
  ListResourcesResultSchema,
  ListToolsResultSchema,
  ServerCapabilitiesSchema,
  ToolSchema,
} from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod/v4';
import { failure, type Failure } from '../failure.js';
import { parsesToItself } from './parses-to-itself.js';

/**
 * Result schemas: the official SDK's zod schemas for the initialize-era revisions,
 * and the 2026-07-28 shapes the v1 SDK does not know (schema/2026-07-28/schema.ts).
 */

/** `server/discover` (2026-07-28). Caching hints (`ttlMs`, `cacheScope`) are read leniently, as clients must. */
export const DiscoverResultSchema = z.looseObject({
  supportedVersions: z.array(z.string()).min(1),
  capabilities: ServerCapabilitiesSchema,
  instructions: z.string().optional(),
  resultType: z.literal('complete').optional(),
  _meta: z.looseObject({ 'io.modelcontextprotocol/serverInfo': ImplementationSchema.optional() }).optional(),
});

/**
 * A tool as the page schema checks it: the SDK's Tool, with both schemas loosened to
 * "any object". Whether `inputSchema` has `type: "object"` (and `outputSchema`, before
 * 2026-07-28) is one of the tool rules, reported per tool rather than failing the page.
 */
const PageToolSchema = ToolSchema.extend({
  inputSchema: z.record(z.string(), z.unknown()),
  outputSchema: z.record(z.string(), z.unknown()).optional(),
});
export const ToolsPageSchema = ListToolsResultSchema.extend({ tools: z.array(PageToolSchema) });

export { CallToolResultSchema, InitializeResultSchema, ListPromptsResultSchema, ListResourcesResultSchema };

/** The first few problems of a failed parse, as one line naming their paths. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

/**
 * A result checked against its schema. A value zod would hand back unchanged is used as it is
 * (no copy: parses-to-itself.ts); anything else, including every failure, is zod's parse.
 */
export function checkResult<T>(schema: z.ZodType<T>, result: unknown, what: string): { ok: true; value: T } | { ok: false; failure: Failure } {
  if (parsesToItself(schema, result)) return { ok: true, value: result as T };
  const parsed = schema.safeParse(result);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, failure: failure('schema', `${what} does not match the schema: ${describeIssues(parsed.error)}`) };
}

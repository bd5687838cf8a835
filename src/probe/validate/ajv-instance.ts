import { createRequire } from 'node:module';
import type { Ajv } from 'ajv';

/** The JSON Schema dialects mcp-health checks (the spec's default, 2020-12, and draft-07 when declared). */
export type Dialect = '2020-12' | 'draft-07';

const require = createRequire(import.meta.url);

/**
 * A new Ajv instance for `dialect`, with the options every check of mcp-health uses. Strict mode is
 * off: servers use vendor keywords (`x-mcp-header` ...). Ajv is loaded on first use (synchronously:
 * it is CommonJS), so a command that never compiles a server's schema never pays for loading it.
 * The meta-schema validators generated at build time are compiled from instances made here.
 */
export function newAjv(dialect: Dialect, { keepSource = false } = {}): Ajv {
  // keepSource: the generated code stays with each function, for standalone code generation.
  const options = { strict: false, allErrors: false, validateSchema: true, addUsedSchema: false, ...(keepSource ? { code: { source: true } } : {}) };
  const ajv: Ajv =
    dialect === 'draft-07'
      ? new (require('ajv') as typeof import('ajv')).Ajv(options)
      : (new (require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js')).Ajv2020(options) as unknown as Ajv);
  const addFormats = require('ajv-formats') as (ajv: Ajv) => void;
  addFormats(ajv);
  return ajv;
}

/** The id of each dialect's meta-schema, as Ajv registers it. */
export const META_SCHEMA_IDS: Record<Dialect, string> = {
  '2020-12': 'https://json-schema.org/draft/2020-12/schema',
  'draft-07': 'http://json-schema.org/draft-07/schema',
};

import { createHash } from 'node:crypto';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as (ajv: Ajv | Ajv2020) => void;

const DRAFT_07 = new Set(['http://json-schema.org/draft-07/schema#', 'http://json-schema.org/draft-07/schema']);

/**
 * JSON Schema checks with Ajv. The spec's default dialect is 2020-12
 * (2025-11-25 basic/index "Schema Dialect"); draft-07 is honoured when declared.
 * Strict mode is off: servers use vendor keywords (`x-mcp-header` ...).
 *
 * Ajv caches every schema it compiles, so compiling (tool calls) uses a fresh
 * instance per probe; meta-schema checks (every tool) share one.
 */
function newAjv(dialect: '2020-12' | 'draft-07'): Ajv | Ajv2020 {
  const options = { strict: false, allErrors: false, validateSchema: true, addUsedSchema: false } as const;
  const ajv = dialect === 'draft-07' ? new Ajv(options) : new Ajv2020(options);
  addFormats(ajv);
  return ajv;
}

export function dialectOf(schema: Record<string, unknown>): '2020-12' | 'draft-07' | 'other' {
  const declared = schema['$schema'];
  if (declared === undefined) return '2020-12';
  if (typeof declared !== 'string') return 'other';
  if (declared.startsWith('https://json-schema.org/draft/2020-12/schema')) return '2020-12';
  if (DRAFT_07.has(declared)) return 'draft-07';
  return 'other';
}

/** One instance per dialect, made on first use (most scans never meet a draft-07 schema). */
const shared: Partial<Record<'2020-12' | 'draft-07', Ajv | Ajv2020>> = {};

/**
 * Meta-schema verdicts by schema text. The check is a pure function of the schema, and a
 * scan meets the same schemas again and again (one server software deployed many times,
 * the same tool on every page): Ajv's validateSchema is the costliest step of a healthy
 * probe's catalogue checks. Keyed by a SHA-256 of the JSON text (an entry costs ~100 bytes
 * whatever the schema's size); a schema whose text would not say what it holds (a non-finite
 * number, which JSON writes as null: `1e400` parses to Infinity) is checked but not kept.
 * Bounded; oldest entries go first.
 */
const verdicts = new Map<string, string | null>();
const VERDICTS_MAX = 2_000;

/** The memo key of a schema, or null when its JSON text would be ambiguous. */
function verdictKey(schema: Record<string, unknown>): string | null {
  let ambiguous = false;
  const text = JSON.stringify(schema, (_key, value: unknown) => {
    if (typeof value === 'number' && !Number.isFinite(value)) ambiguous = true;
    return value;
  });
  return ambiguous ? null : createHash('sha256').update(text).digest('base64');
}

/** Null when `schema` is a valid schema of its dialect (or a dialect we do not check); else the first problem. */
export function schemaProblem(schema: Record<string, unknown>): string | null {
  const dialect = dialectOf(schema);
  if (dialect === 'other') return null;
  const key = verdictKey(schema);
  const known = key === null ? undefined : verdicts.get(key);
  if (known !== undefined) return known;
  const problem = checkSchema(schema, dialect);
  if (key !== null) {
    if (verdicts.size >= VERDICTS_MAX) verdicts.delete(verdicts.keys().next().value!);
    verdicts.set(key, problem);
  }
  return problem;
}

function checkSchema(schema: Record<string, unknown>, dialect: '2020-12' | 'draft-07'): string | null {
  const ajv = (shared[dialect] ??= newAjv(dialect));
  try {
    if (ajv.validateSchema(schema)) return null;
    const first = ajv.errors?.[0];
    return first ? `${first.instancePath || '(root)'} ${first.message ?? 'is invalid'}` : 'is not a valid JSON Schema';
  } catch (err) {
    return err instanceof Error ? err.message.slice(0, 200) : 'is not a valid JSON Schema';
  }
}

export type Validator = (value: unknown) => { ok: true } | { ok: false; problem: string };

/** Compiles `schema` with a private Ajv instance; the result is the validator or why it cannot be compiled. */
export function compileSchema(schema: Record<string, unknown>): { ok: true; validate: Validator } | { ok: false; problem: string } {
  const dialect = dialectOf(schema);
  let validate: ValidateFunction;
  try {
    validate = newAjv(dialect === 'draft-07' ? 'draft-07' : '2020-12').compile(schema);
  } catch (err) {
    return { ok: false, problem: err instanceof Error ? err.message.slice(0, 200) : 'the schema does not compile' };
  }
  return {
    ok: true,
    validate: (value) => {
      if (validate(value)) return { ok: true };
      const first = validate.errors?.[0];
      return { ok: false, problem: first ? `${first.instancePath || '(root)'} ${first.message ?? 'is invalid'}` : 'does not match' };
    },
  };
}

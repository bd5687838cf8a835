import type { Ajv, ValidateFunction } from 'ajv';
import { newAjv, type Dialect } from './ajv-instance.js';
import { metaValidator } from './meta-validators.js';
import { jsonMemoKey } from '../../util/json-memo-key.js';

const DRAFT_07 = new Set(['http://json-schema.org/draft-07/schema#', 'http://json-schema.org/draft-07/schema']);
const DRAFT_2020_12_PREFIX = 'https://json-schema.org/draft/2020-12/schema';
/** The `$schema` values the generated validators stand for: the meta-schemas' own ids, with or without `#`. */
const META_SCHEMA_URIS = new Set([...DRAFT_07, DRAFT_2020_12_PREFIX, `${DRAFT_2020_12_PREFIX}#`]);

/**
 * JSON Schema checks with Ajv. The spec's default dialect is 2020-12
 * (2025-11-25 basic/index "Schema Dialect"); draft-07 is honoured when declared.
 *
 * Meta-schema checks (every tool) use validators generated at build time (meta-validators.ts);
 * compiling a server's schema (tool calls) uses a fresh Ajv instance each time, since Ajv
 * caches every schema it compiles.
 */
export function dialectOf(schema: Record<string, unknown>): Dialect | 'other' {
  const declared = schema['$schema'];
  if (declared === undefined) return '2020-12';
  if (typeof declared !== 'string') return 'other';
  if (declared.startsWith(DRAFT_2020_12_PREFIX)) return '2020-12';
  if (DRAFT_07.has(declared)) return 'draft-07';
  return 'other';
}

/**
 * Meta-schema verdicts by schema text. The check is a pure function of the schema, and a
 * scan meets the same schemas again and again (one server software deployed many times,
 * the same tool on every page). Keyed by jsonMemoKey (the text when short, its hash when
 * long); a schema whose text would not say what it holds is checked but not kept.
 * Bounded; oldest entries go first.
 */
const verdicts = new Map<string, string | null>();
const VERDICTS_MAX = 2_000;
/** Null when `schema` is a valid schema of its dialect (or a dialect we do not check); else the first problem. */
export function schemaProblem(schema: Record<string, unknown>): string | null {
  const dialect = dialectOf(schema);
  if (dialect === 'other') return null;
  const key = jsonMemoKey(schema);
  const known = key === null ? undefined : verdicts.get(key);
  if (known !== undefined) return known;
  const problem = checkSchema(schema, dialect);
  if (key !== null) {
    if (verdicts.size >= VERDICTS_MAX) verdicts.delete(verdicts.keys().next().value!);
    verdicts.set(key, problem);
  }
  return problem;
}

/** Ajv instances for meta-schema checks the generated validators do not stand for, made on first use. */
const runtimeAjv: Partial<Record<Dialect, Ajv>> = {};

function checkSchema(schema: Record<string, unknown>, dialect: Dialect): string | null {
  const declared = schema['$schema'];
  try {
    if (declared === undefined || META_SCHEMA_URIS.has(declared as string)) {
      const validate = metaValidator(dialect);
      if (validate(schema)) return null;
      return firstProblem(validate.errors);
    }
    // A `$schema` under the 2020-12 id that is not the id itself (`…/schema/`, `…/schema#/$defs/x`): Ajv
    // resolves it as a reference into its meta-schemas, or says it has none ("no schema with key or ref").
    const ajv = (runtimeAjv[dialect] ??= newAjv(dialect));
    if (ajv.validateSchema(schema)) return null;
    return firstProblem(ajv.errors);
  } catch (err) {
    return err instanceof Error ? err.message.slice(0, 200) : 'is not a valid JSON Schema';
  }
}

function firstProblem(errors: Array<{ instancePath: string; message?: string }> | null | undefined): string {
  const first = errors?.[0];
  return first ? `${first.instancePath || '(root)'} ${first.message ?? 'is invalid'}` : 'is not a valid JSON Schema';
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

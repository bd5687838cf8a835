import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { META_SCHEMA_IDS, newAjv, type Dialect } from './ajv-instance.js';

/** Ajv's validate function, as both the generated code and a compiled schema present it. */
export interface MetaValidator {
  (schema: unknown): boolean;
  errors?: Array<{ instancePath: string; message?: string }> | null;
}

const require = createRequire(import.meta.url);

/** Where the build writes `dialect`'s standalone meta-schema validator (generate-meta-validators.ts). */
export function generatedValidatorFile(dialect: Dialect): URL {
  return new URL(`./meta-schema-${dialect}.generated.cjs`, import.meta.url);
}

const loaded: Partial<Record<Dialect, MetaValidator>> = {};

/**
 * `dialect`'s meta-schema validator: the code generated at build time, loaded on first use; when
 * the build did not generate it (a bare `tsc`), the meta-schema compiled by Ajv, as before.
 */
export function metaValidator(dialect: Dialect): MetaValidator {
  return (loaded[dialect] ??= load(dialect));
}

function load(dialect: Dialect): MetaValidator {
  const file = fileURLToPath(generatedValidatorFile(dialect));
  if (existsSync(file)) {
    const exported = require(file) as MetaValidator & { default?: MetaValidator };
    return exported.default ?? exported;
  }
  return runtimeMetaValidator(dialect);
}

/** The same validator compiled by Ajv at run time (the fallback, and the reference in tests). */
export function runtimeMetaValidator(dialect: Dialect): MetaValidator {
  const validate = newAjv(dialect).getSchema(META_SCHEMA_IDS[dialect]);
  if (!validate) throw new Error(`Ajv has no meta-schema ${META_SCHEMA_IDS[dialect]}`);
  return validate as MetaValidator;
}

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import type { Dialect } from '../src/probe/validate/ajv-instance.js';
import { schemaProblem } from '../src/probe/validate/json-schema.js';
import { generatedValidatorFile, metaValidator, runtimeMetaValidator, type MetaValidator } from '../src/probe/validate/meta-validators.js';
import { rng } from './helpers/seeded-random.js';

/** Schemas servers send, good and bad, for both dialects' keywords. */
const CORPUS: unknown[] = [
  { type: 'object' },
  { type: 'object', properties: {} },
  { type: 'objectx' },
  { type: ['object', 'null'] },
  { type: [] },
  { type: 'object', properties: { a: { type: 'string', minLength: -1 } } },
  { type: 'object', required: [1] },
  { type: 'object', required: ['a', 'a'] },
  { type: 'object', properties: { a: { $ref: '#/$defs/x' } }, $defs: { x: { type: 'integer', minimum: 'zero' } } },
  { type: 'object', definitions: { x: { type: 'bogus' } } },
  { type: 'object', additionalProperties: false, patternProperties: { '^x-': { type: 'string' } } },
  { type: 'object', additionalProperties: 3 },
  { type: 'object', properties: { a: { enum: [] } } },
  { type: 'object', properties: { a: { anyOf: [] } } },
  { type: 'object', properties: { a: { oneOf: [{ type: 'string' }, { type: 'number' }] } } },
  { type: 'object', properties: { a: { items: [{ type: 'string' }] } } },
  { type: 'object', properties: { a: { prefixItems: [{ type: 'string' }], items: false } } },
  { type: 'object', properties: { a: { format: 7 } } },
  { type: 'object', properties: { a: { format: 'date-time' } } },
  { type: 'object', $id: 'urn:x#frag' },
  { type: 'object', $anchor: '1bad' },
  { type: 'object', $dynamicAnchor: 'meta', properties: { a: { $dynamicRef: '#meta' } } },
  { type: 'object', dependentRequired: { a: ['b', 'b'] } },
  { type: 'object', dependencies: { a: ['b'], c: { type: 'nope' } } },
  { type: 'object', if: { required: ['a'] }, then: { required: ['b'] }, else: 5 },
  { type: 'object', unevaluatedProperties: { type: 'string' } },
  { type: 'object', contentMediaType: 5 },
  { type: 'object', multipleOf: 0 },
  { type: 'object', maxProperties: 1.5 },
  { type: 'object', 'x-mcp-header': 'Region', properties: { region: { type: 'string', 'x-vendor': true } } },
  { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { a: { type: 'string' } } },
  { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', definitions: { a: { type: 'wat' } } },
  { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', exclusiveMinimum: true },
  { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', items: [{ type: 'string' }, 5] },
  { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', $id: 5 },
  true,
  false,
];

const VALUES: unknown[] = [null, true, 0, -1, 1.5, 'x', '', [], {}, [1], { type: 'string' }, ['a', 'a']];

/** A copy of `value` with one member replaced, added or dropped somewhere inside. */
function mutate(value: unknown, random: () => number): unknown {
  if (typeof value !== 'object' || value === null) return VALUES[Math.floor(random() * VALUES.length)];
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  const pick = random();
  if (keys.length > 0 && pick < 0.6) {
    const key = keys[Math.floor(random() * keys.length)]!;
    (copy as Record<string, unknown>)[key] = mutate((copy as Record<string, unknown>)[key], random);
  } else if (!Array.isArray(copy) && pick < 0.85) {
    const names = ['type', 'properties', 'items', 'required', 'minimum', 'enum', '$ref', 'pattern', 'allOf', 'const', 'additionalProperties'];
    copy[names[Math.floor(random() * names.length)]!] = VALUES[Math.floor(random() * VALUES.length)];
  } else if (keys.length > 0) {
    const key = keys[Math.floor(random() * keys.length)]!;
    if (Array.isArray(copy)) copy.splice(Number(key), 1);
    else delete copy[key];
  }
  return copy;
}

function verdict(validate: MetaValidator, schema: unknown): string {
  if (validate(schema)) return 'valid';
  const first = validate.errors?.[0];
  return `${first?.instancePath} ${first?.message}`;
}

describe('meta-schema validators generated at build time', () => {
  it('the build wrote one for each dialect, and they are what a check uses', () => {
    for (const dialect of ['2020-12', 'draft-07'] as Dialect[]) {
      assert.ok(existsSync(fileURLToPath(generatedValidatorFile(dialect))), `${dialect} validator generated`);
      assert.notEqual(metaValidator(dialect), runtimeMetaValidator(dialect));
    }
  });

  it('give the same verdict and first error as Ajv compiling the meta-schema, on a corpus and 4,000 mutations of it', () => {
    const random = rng(20261202);
    let invalid = 0;
    for (const dialect of ['2020-12', 'draft-07'] as Dialect[]) {
      const generated = metaValidator(dialect);
      const runtime = runtimeMetaValidator(dialect);
      const schemas = [...CORPUS];
      for (let i = 0; i < 2_000; i++) schemas.push(mutate(mutate(CORPUS[Math.floor(random() * CORPUS.length)], random), random));
      for (const schema of schemas) {
        const expected = verdict(runtime, schema);
        if (expected !== 'valid') invalid++;
        assert.equal(verdict(generated, schema), expected, `${dialect}: ${JSON.stringify(schema)}`);
      }
    }
    // The corpus and its mutations exercise both outcomes, not only one.
    assert.ok(invalid > 500, `invalid schemas seen: ${invalid}`);
  });

  it('schemaProblem names the first problem, per declared dialect', () => {
    assert.equal(schemaProblem({ type: 'object', properties: { a: { type: 'string' } } }), null);
    assert.match(schemaProblem({ type: 'object', properties: { a: { type: 'strin' } } }) ?? '', /^\/properties\/a\/type /);
    // draft-07's `items` may be an array of schemas; in 2020-12 it must be one schema.
    const tuple = { type: 'object', properties: { a: { items: [{ type: 'string' }] } } };
    assert.match(schemaProblem(tuple) ?? '', /items/);
    assert.equal(schemaProblem({ ...tuple, $schema: 'http://json-schema.org/draft-07/schema#' }), null);
    // A dialect mcp-health does not check is not reported as broken; a `$schema` under the 2020-12 id that is
    // not the id itself is what Ajv makes of it (as before the validators were generated).
    assert.equal(schemaProblem({ type: 'object', $schema: 'http://json-schema.org/draft-04/schema#', properties: { a: { type: 7 } } }), null);
    assert.match(schemaProblem({ type: 'object', $schema: 'https://json-schema.org/draft/2020-12/schema-custom' }) ?? '', /^no schema with key or ref /);
    assert.match(schemaProblem({ type: 'object', $schema: 'https://json-schema.org/draft/2020-12/schema#/', properties: { a: { type: 7 } } }) ?? '', /^\/properties\/a\/type /);
  });
});

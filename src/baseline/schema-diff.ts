import { canonicalJson } from '../probe/catalogue/catalogue-hash.js';
import { isObject } from '../util/json-values.js';

/**
 * How one JSON Schema changed, as a set of findings. Each finding says whether the new schema
 * accepts less (`narrowed`), more (`widened`) or something incomparable (`changed`) than the old.
 * Whether that breaks anyone depends on who produces the value:
 * - input (the client sends it): narrowed or changed breaks old callers; widened is compatible;
 * - output (the server sends it): widened or changed breaks old consumers; narrowed is compatible.
 * Pure; recursion is bounded by MAX_DEPTH (listed schemas are already cut at 64 levels).
 */
export type Direction = 'input' | 'output';
export type Drift = 'narrowed' | 'widened' | 'changed' | 'annotation';

export type SchemaChangeCode =
  | 'property_added_required'
  | 'property_added_optional'
  | 'property_removed'
  | 'property_became_required'
  | 'property_became_optional'
  | 'type_changed'
  | 'enum_changed'
  | 'constraint_changed'
  | 'keywords_changed'
  | 'annotation_changed';

export interface SchemaFinding {
  code: SchemaChangeCode;
  /** Where, as `a.b[].c` (empty: the schema itself). */
  path: string;
  drift: Drift;
  detail: string;
}

const MAX_DEPTH = 64;

/** Keywords that document but do not constrain. */
const ANNOTATION_KEYWORDS = ['title', 'description', 'examples', 'default', '$comment', 'deprecated'];
/** Keywords compared structurally below; any other difference is reported as `keywords_changed`. */
const STRUCTURAL_KEYWORDS = new Set(['type', 'properties', 'required', 'items', 'enum', 'const', ...ANNOTATION_KEYWORDS]);
/** Lower bounds (a larger value accepts less) and upper bounds (a smaller value accepts less). */
const LOWER_BOUNDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'];
const UPPER_BOUNDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'];

type Schema = Record<string, unknown>;

function typesOf(schema: Schema): Set<string> | null {
  const type = schema['type'];
  if (typeof type === 'string') return new Set([type]);
  if (Array.isArray(type)) return new Set(type.filter((t): t is string => typeof t === 'string'));
  return null;
}

/** Does a schema of types `accepting` accept every value of type `t`? (`number` accepts `integer`.) */
function acceptsType(accepting: Set<string> | null, t: string): boolean {
  return accepting === null || accepting.has(t) || (t === 'integer' && accepting.has('number'));
}

function typeText(types: Set<string> | null): string {
  return types === null ? 'any type' : [...types].sort().join(' | ');
}

function compareSets<T>(older: T[] | null, newer: T[] | null): Drift | null {
  // null: no restriction (accepts anything).
  const key = (v: T) => canonicalJson(v);
  if (older === null && newer === null) return null;
  if (older === null) return 'narrowed';
  if (newer === null) return 'widened';
  const a = new Set(older.map(key));
  const b = new Set(newer.map(key));
  const lost = [...a].some((v) => !b.has(v));
  const gained = [...b].some((v) => !a.has(v));
  if (lost && gained) return 'changed';
  if (lost) return 'narrowed';
  if (gained) return 'widened';
  return null;
}

function valuesOf(schema: Schema): unknown[] | null {
  if (schema['const'] !== undefined) return [schema['const']];
  return Array.isArray(schema['enum']) ? schema['enum'] : null;
}

function requiredOf(schema: Schema): Set<string> {
  const required = schema['required'];
  return new Set(Array.isArray(required) ? required.filter((r): r is string => typeof r === 'string') : []);
}

function propertiesOf(schema: Schema): Record<string, unknown> {
  return isObject(schema['properties']) ? schema['properties'] : {};
}

const join = (path: string, name: string) => (path === '' ? name : `${path}.${name}`);
const quote = (path: string) => JSON.stringify(path);

/**
 * How one bound keyword changed, or null. Numbers compare by value (an absent bound accepts
 * everything on its side). Draft-04 writes `exclusiveMinimum`/`exclusiveMaximum` as booleans
 * qualifying `minimum`/`maximum`: false → true excludes the bound itself, so it narrows
 * (absent is false). Anything else that differs (a number for a boolean, a string) is incomparable.
 */
function boundChange(keyword: string, a: unknown, b: unknown, at: string): Omit<SchemaFinding, 'path'> | null {
  if (canonicalJson(a ?? null) === canonicalJson(b ?? null)) return null;
  const text = (v: unknown) => (v === undefined ? 'none' : JSON.stringify(v));
  const detail = `${at}: ${keyword} ${text(a)} → ${text(b)}`;
  const isNumberOrAbsent = (v: unknown) => v === undefined || typeof v === 'number';
  const isFlagOrAbsent = (v: unknown) => v === undefined || typeof v === 'boolean';
  if (isNumberOrAbsent(a) && isNumberOrAbsent(b)) {
    const lower = LOWER_BOUNDS.includes(keyword);
    const stricter = a === undefined ? true : b === undefined ? false : lower ? (b as number) > (a as number) : (b as number) < (a as number);
    return { code: 'constraint_changed', drift: stricter ? 'narrowed' : 'widened', detail };
  }
  if ((keyword === 'exclusiveMinimum' || keyword === 'exclusiveMaximum') && isFlagOrAbsent(a) && isFlagOrAbsent(b)) {
    if ((a === true) === (b === true)) return null;
    return { code: 'constraint_changed', drift: b === true ? 'narrowed' : 'widened', detail };
  }
  return { code: 'constraint_changed', drift: 'changed', detail };
}

/** Compares two schemas of the same value; findings are in a stable order (by path, then kind). */
export function compareSchemas(older: Schema, newer: Schema, direction: Direction): SchemaFinding[] {
  const findings: SchemaFinding[] = [];
  walk(older, newer, '', 0, direction, findings);
  return findings;
}

function walk(older: Schema, newer: Schema, path: string, depth: number, direction: Direction, findings: SchemaFinding[]): void {
  const at = path === '' ? 'the schema' : quote(path);
  if (depth > MAX_DEPTH) {
    if (canonicalJson(older) !== canonicalJson(newer)) findings.push({ code: 'keywords_changed', path, drift: 'changed', detail: `${at} changed (nested too deep to compare)` });
    return;
  }

  const oldTypes = typesOf(older);
  const newTypes = typesOf(newer);
  const lostType = [...(oldTypes ?? ['*'])].some((t) => (t === '*' ? newTypes !== null : !acceptsType(newTypes, t)));
  const gainedType = [...(newTypes ?? ['*'])].some((t) => (t === '*' ? oldTypes !== null : !acceptsType(oldTypes, t)));
  if (lostType || gainedType) {
    const drift: Drift = lostType && gainedType ? 'changed' : lostType ? 'narrowed' : 'widened';
    findings.push({ code: 'type_changed', path, drift, detail: `${at}: type ${typeText(oldTypes)} → ${typeText(newTypes)}` });
  }

  const values = compareSets(valuesOf(older), valuesOf(newer));
  if (values) findings.push({ code: 'enum_changed', path, drift: values, detail: `${at}: allowed values ${values === 'changed' ? 'changed' : values === 'narrowed' ? 'reduced' : 'extended'}` });

  for (const keyword of [...LOWER_BOUNDS, ...UPPER_BOUNDS]) {
    const finding = boundChange(keyword, older[keyword], newer[keyword], at);
    if (finding) findings.push({ ...finding, path });
  }
  if (older['pattern'] !== newer['pattern']) {
    const drift: Drift = older['pattern'] === undefined ? 'narrowed' : newer['pattern'] === undefined ? 'widened' : 'changed';
    findings.push({ code: 'constraint_changed', path, drift, detail: `${at}: pattern ${older['pattern'] === undefined ? 'added' : newer['pattern'] === undefined ? 'removed' : 'changed'}` });
  }

  const oldProperties = propertiesOf(older);
  const newProperties = propertiesOf(newer);
  const oldRequired = requiredOf(older);
  const newRequired = requiredOf(newer);
  const noun = direction === 'input' ? 'parameter' : 'output property';
  const requiredChange = (name: string, where: string) => {
    if (oldRequired.has(name) && !newRequired.has(name)) {
      findings.push({ code: 'property_became_optional', path: where, drift: 'widened', detail: `${noun} ${quote(where)} is no longer required${direction === 'output' ? ' (may now be absent)' : ''}` });
    }
    if (!oldRequired.has(name) && newRequired.has(name)) {
      findings.push({ code: 'property_became_required', path: where, drift: 'narrowed', detail: `${noun} ${quote(where)} is now required` });
    }
  };
  for (const name of Object.keys(oldProperties).sort()) {
    const where = join(path, name);
    if (!Object.hasOwn(newProperties, name)) {
      findings.push({ code: 'property_removed', path: where, drift: direction === 'input' ? 'narrowed' : 'widened', detail: `${noun} ${quote(where)} removed` });
      continue;
    }
    requiredChange(name, where);
    const a = oldProperties[name];
    const b = newProperties[name];
    if (isObject(a) && isObject(b)) walk(a, b, where, depth + 1, direction, findings);
    else if (canonicalJson(a) !== canonicalJson(b)) findings.push({ code: 'keywords_changed', path: where, drift: 'changed', detail: `${noun} ${quote(where)}: schema changed` });
  }
  for (const name of Object.keys(newProperties).sort()) {
    if (Object.hasOwn(oldProperties, name)) continue;
    const where = join(path, name);
    const required = newRequired.has(name);
    findings.push({
      code: required ? 'property_added_required' : 'property_added_optional',
      path: where,
      // A new required input narrows what is accepted (old calls lack it); new output only adds.
      drift: required && direction === 'input' ? 'narrowed' : direction === 'input' ? 'widened' : 'narrowed',
      detail: `${noun} ${quote(where)} added${required ? ' (required)' : direction === 'input' ? ' (optional)' : ''}`,
    });
  }
  // `required` may name members `properties` does not declare ({"type":"object","required":["q"]}):
  // the set itself is the contract (review of #5: such a change went unreported).
  for (const name of [...new Set([...oldRequired, ...newRequired])].sort()) {
    if (!Object.hasOwn(oldProperties, name) && !Object.hasOwn(newProperties, name)) requiredChange(name, join(path, name));
  }

  if (isObject(older['items']) && isObject(newer['items'])) walk(older['items'], newer['items'], `${path}[]`, depth + 1, direction, findings);
  else if (canonicalJson(older['items'] ?? null) !== canonicalJson(newer['items'] ?? null)) {
    findings.push({ code: 'keywords_changed', path: `${path}[]`, drift: 'changed', detail: `${path === '' ? 'the schema' : quote(path)}: items changed` });
  }

  const changedAnnotations = ANNOTATION_KEYWORDS.filter((k) => canonicalJson(older[k] ?? null) !== canonicalJson(newer[k] ?? null));
  if (changedAnnotations.length > 0) findings.push({ code: 'annotation_changed', path, drift: 'annotation', detail: `${at}: ${changedAnnotations.join(', ')} changed` });

  // What is left (anyOf, $ref, additionalProperties, format ...) is not analysed: a difference
  // there is reported as an incomparable change, which fails in both directions. Conservative on purpose.
  const handled = new Set([...STRUCTURAL_KEYWORDS, ...LOWER_BOUNDS, ...UPPER_BOUNDS, 'pattern']);
  const otherKeys = [...new Set([...Object.keys(older), ...Object.keys(newer)])].filter((k) => !handled.has(k) && k !== '$schema').sort();
  const member = (schema: Schema, key: string) => (Object.hasOwn(schema, key) ? (schema[key] ?? null) : null);
  const changedOther = otherKeys.filter((k) => canonicalJson(member(older, k)) !== canonicalJson(member(newer, k)));
  if (changedOther.length > 0) findings.push({ code: 'keywords_changed', path, drift: 'changed', detail: `${at}: ${changedOther.join(', ')} changed` });
}

/** Whether a finding breaks the side that did not change: old callers (input) or old consumers (output). */
export function isBreaking(finding: SchemaFinding, direction: Direction): boolean {
  if (finding.drift === 'annotation') return false;
  if (finding.drift === 'changed') return true;
  return direction === 'input' ? finding.drift === 'narrowed' : finding.drift === 'widened';
}

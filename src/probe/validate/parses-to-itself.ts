import * as z from 'zod/v4';

/**
 * Whether a zod schema would accept a JSON value and give back a value equal to it, key order
 * included, so the value itself can stand for zod's copy. zod's `safeParse` builds a new object or
 * array at every level it checks (and strips unknown keys of plain `z.object`s), which made it the
 * costliest part of reading an initialize or tools/list result (docs/performance.md).
 *
 * `true` is a promise, `false` only means "not sure": the caller then parses with zod, whose
 * verdict and issues are the ones reported. So acceptance never differs from zod's; the check
 * answers `true` only for shapes it understands exactly (objects, arrays, records, optional, plain
 * strings, numbers, booleans, literals, enums) and for leaves that zod returns unchanged (a
 * refined string, a union of primitives, `z.custom`).
 *
 * For objects: every known key in the shape's own order (zod writes the shape's keys first, in
 * its order), extra keys only after them and only where the object keeps them (`looseObject`,
 * `catchall`; a plain `z.object` would strip them), every absent key optional.
 */
export function parsesToItself(schema: z.ZodType, value: unknown): boolean {
  return checkerOf(schema)(value);
}

type Check = (value: unknown) => boolean;

const checkers = new WeakMap<object, Check>();

function checkerOf(schema: z.core.$ZodType): Check {
  let check = checkers.get(schema);
  if (!check) {
    check = compile(schema);
    checkers.set(schema, check);
  }
  return check;
}

const never: Check = () => false;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  // Not a null-prototype object either: zod's copy would have Object.prototype.
  return Object.getPrototypeOf(value) === Object.prototype;
}

/** The def fields this file reads; zod's own types name them per schema kind. */
interface Def {
  type: string;
  checks?: unknown[];
  shape?: Record<string, z.core.$ZodType>;
  catchall?: z.core.$ZodType;
  element?: z.core.$ZodType;
  keyType?: z.core.$ZodType;
  valueType?: z.core.$ZodType;
  innerType?: z.core.$ZodType;
  values?: unknown[];
  entries?: Record<string, unknown>;
}

function compile(schema: z.core.$ZodType): Check {
  const def = schema._zod.def as unknown as Def;
  const plain = def.checks === undefined || def.checks.length === 0;
  switch (def.type) {
    case 'string':
      if (plain) return (v) => typeof v === 'string';
      return unchangedLeaf(schema);
    case 'boolean':
      return (v) => typeof v === 'boolean';
    case 'number':
      if (plain) return (v) => typeof v === 'number' && Number.isFinite(v);
      return unchangedLeaf(schema);
    case 'unknown':
    case 'any':
      // Present keys only (absent ones are handled by the object, below).
      return () => true;
    case 'literal': {
      const values = def.values ?? [];
      return (v) => values.includes(v);
    }
    case 'enum': {
      const values = Object.values(def.entries ?? {});
      return (v) => (typeof v === 'string' || typeof v === 'number') && values.includes(v);
    }
    case 'optional': {
      const inner = checkerOf(def.innerType!);
      return (v) => v === undefined || inner(v);
    }
    case 'array': {
      if (!plain) return never;
      const element = checkerOf(def.element!);
      return (v) => {
        if (!Array.isArray(v)) return false;
        for (let i = 0; i < v.length; i++) if (!element(v[i])) return false;
        return true;
      };
    }
    case 'record': {
      const keyDef = def.keyType!._zod.def as unknown as Def;
      if (keyDef.type !== 'string' || (keyDef.checks !== undefined && keyDef.checks.length > 0)) return never;
      const item = checkerOf(def.valueType!);
      return (v) => {
        if (!isPlainObject(v)) return false;
        for (const key in v) if (key === '__proto__' || !item(v[key])) return false;
        return true;
      };
    }
    case 'object':
      return objectCheck(def);
    case 'custom':
    case 'union':
      return unchangedLeaf(schema);
    default:
      // pipe, transform, default, lazy, nullable ...: not taken apart here; zod parses them.
      return never;
  }
}

/**
 * A schema zod returns its input from unchanged (a refined string or number, a union of
 * primitives, `z.custom`): its own safeParse, trusted only when the output is the input.
 * An object is trusted only from `z.custom`, which never copies.
 */
function unchangedLeaf(schema: z.core.$ZodType): Check {
  const custom = (schema._zod.def as unknown as Def).type === 'custom';
  return (v) => {
    if (typeof v === 'object' && v !== null && !custom) return false;
    const parsed = z.safeParse(schema, v);
    return parsed.success && parsed.data === v;
  };
}

function objectCheck(def: Def): Check {
  const names = Object.keys(def.shape!);
  const index = new Map(names.map((name, i) => [name, i]));
  const checks = names.map((name) => checkerOf(def.shape![name]!));
  const optional = names.map((name) => (def.shape![name]!._zod.def as unknown as Def).type === 'optional');
  const catchallType = def.catchall ? (def.catchall._zod.def as unknown as Def).type : undefined;
  // No catchall: zod strips extra keys; `never`: zod rejects them. Either way not the value itself.
  const extra: Check | null = def.catchall === undefined || catchallType === 'never' ? null : checkerOf(def.catchall);
  return (v) => {
    if (!isPlainObject(v)) return false;
    let last = -1;
    let seen = 0;
    let extrasBegun = false;
    for (const key in v) {
      if (key === '__proto__') return false;
      const item = v[key];
      if (item === undefined) return false;
      const i = index.get(key);
      if (i === undefined) {
        if (extra === null || !extra(item)) return false;
        extrasBegun = true;
        continue;
      }
      if (extrasBegun || i < last || !checks[i]!(item)) return false;
      last = i;
      seen++;
    }
    if (seen < names.length) {
      for (let i = 0; i < names.length; i++) if (!optional[i] && !Object.hasOwn(v, names[i]!)) return false;
    }
    return true;
  };
}

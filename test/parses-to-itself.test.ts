import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as z from 'zod/v4';
import {
  checkResult,
  DiscoverResultSchema,
  InitializeResultSchema,
  ListPromptsResultSchema,
  ListResourcesResultSchema,
  ToolsPageSchema,
} from '../src/probe/validate/mcp-results.js';
import { parsesToItself } from '../src/probe/validate/parses-to-itself.js';
import { rng } from './helpers/seeded-random.js';

const initialize = {
  protocolVersion: '2025-11-25',
  capabilities: { experimental: { x: {} }, logging: {}, tools: { listChanged: true } },
  serverInfo: { name: 'srv', title: 'Server', icons: [{ src: 'a.png', sizes: ['48x48'], theme: 'dark' }], version: '1.0.0' },
  instructions: 'hi',
};
// Shape order (PaginatedResult's `nextCursor` before `tools`): zod's copy would have it so.
const toolsPage = {
  nextCursor: 'c1',
  tools: [
    {
      name: 'get_time',
      description: 'Current time',
      inputSchema: { type: 'object', properties: {} },
      outputSchema: { type: 'object', properties: { iso: { type: 'string' } }, required: ['iso'] },
      annotations: { readOnlyHint: true },
      _meta: { k: 1 },
    },
    { name: 'add', inputSchema: { type: 'object' }, execution: { taskSupport: 'optional' } },
  ],
};
const discover = { supportedVersions: ['2026-07-28'], capabilities: {}, _meta: { 'io.modelcontextprotocol/serverInfo': { name: 's', version: '1' } } };
const resources = { resources: [{ name: 'a', uri: 'file:///a', mimeType: 'text/plain' }] };
const prompts = { prompts: [{ name: 'p', arguments: [{ name: 'x', required: true }] }] };

const ODD_VALUES: unknown[] = [null, 0, -1.5, 7, '', 'x', true, false, [], [1], {}, { a: 1 }, 'object', 'dark', 'optional'];
const ODD_KEYS = ['zz', 'name', 'type', '_meta', '__proto__', 'tools', 'version', 'title', 'icons', 'properties', '0'];

/** A copy of `value` with one random change somewhere: a value replaced, a key dropped or added, keys reordered. */
function mutate(value: unknown, random: () => number): unknown {
  const copy = JSON.parse(JSON.stringify(value)) as unknown;
  const containers: Array<Record<string, unknown> | unknown[]> = [];
  const collect = (v: unknown) => {
    if (typeof v !== 'object' || v === null) return;
    containers.push(v as Record<string, unknown>);
    for (const item of Object.values(v)) collect(item);
  };
  collect(copy);
  const target = containers[Math.floor(random() * containers.length)]!;
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const keys = Object.keys(target);
  const action = Math.floor(random() * 4);
  if (Array.isArray(target)) {
    if (action === 0 && target.length > 0) target.splice(Math.floor(random() * target.length), 1);
    else if (action === 1 || target.length === 0) target.push(pick(ODD_VALUES));
    else target[Math.floor(random() * target.length)] = pick(ODD_VALUES);
  } else if (action === 0 && keys.length > 0) {
    delete target[pick(keys)];
  } else if (action === 1) {
    // JSON.parse makes `__proto__` an own key, as a server's text would.
    Object.assign(target, JSON.parse(`{${JSON.stringify(pick(ODD_KEYS))}: ${JSON.stringify(pick(ODD_VALUES))}}`));
  } else if (action === 2 && keys.length > 0) {
    target[pick(keys)] = pick(ODD_VALUES);
  } else {
    const entries = Object.entries(target).reverse();
    for (const key of keys) delete target[key];
    for (const [key, item] of entries) target[key] = item;
  }
  return copy;
}

const CASES: Array<[string, z.ZodType, unknown]> = [
  ['initialize', InitializeResultSchema, initialize],
  ['tools/list page', ToolsPageSchema, toolsPage],
  ['server/discover', DiscoverResultSchema, discover],
  ['resources/list', ListResourcesResultSchema, resources],
  ['prompts/list', ListPromptsResultSchema, prompts],
];

describe('results used without a copy when zod would return them unchanged', () => {
  it('the well-formed results of each kind take the fast path', () => {
    // server/discover's `supportedVersions` is a refined array (`min(1)`): always zod's parse.
    for (const [name, schema, value] of CASES) assert.equal(parsesToItself(schema, value), name !== 'server/discover', name);
  });

  it('never says yes where zod rejects or changes the value (20,000 mutated results)', () => {
    let fast = 0;
    let zodOnly = 0;
    for (const [name, schema, base] of CASES) {
      for (let seed = 1; seed <= 4_000; seed++) {
        const random = rng(seed);
        let value = base;
        const changes = 1 + Math.floor(random() * 3);
        for (let i = 0; i < changes; i++) value = mutate(value, random);
        const parsed = schema.safeParse(value);
        if (parsesToItself(schema, value)) {
          fast++;
          assert.ok(parsed.success, `${name} seed ${seed}: fast path accepted what zod rejects: ${JSON.stringify(value)}`);
          // Same members, same key order: what is stored or printed from it is the same text.
          assert.equal(JSON.stringify(parsed.data), JSON.stringify(value), `${name} seed ${seed}`);
          assert.deepEqual(parsed.data, value, `${name} seed ${seed}`);
        } else if (parsed.success) {
          zodOnly++;
        }
      }
    }
    // Both paths are exercised: the mutations are neither all harmless nor all fatal.
    assert.ok(fast > 1_000, `fast path taken ${fast} times`);
    assert.ok(zodOnly > 100, `zod-only acceptances ${zodOnly}`);
  });

  it('falls back to zod where zod strips or reorders, with the same result as before', () => {
    const extraToolKey = { tools: [{ name: 't', inputSchema: { type: 'object' }, vendor: 1 }] };
    assert.equal(parsesToItself(ToolsPageSchema, extraToolKey), false);
    const checked = checkResult(ToolsPageSchema, extraToolKey, 'tools/list page 1');
    assert.ok(checked.ok);
    assert.deepEqual(checked.value, { tools: [{ name: 't', inputSchema: { type: 'object' } }] });

    const reordered = { serverInfo: { name: 's', version: '1' }, protocolVersion: 'p', capabilities: {} };
    assert.equal(parsesToItself(InitializeResultSchema, reordered), false);
    const init = checkResult(InitializeResultSchema, reordered, 'the initialize result');
    assert.ok(init.ok);
    assert.deepEqual(Object.keys(init.value), ['protocolVersion', 'capabilities', 'serverInfo']);
  });

  it('failures still carry zod issues', () => {
    const checked = checkResult(InitializeResultSchema, { protocolVersion: 1, capabilities: {}, serverInfo: { name: 's', version: '1' } }, 'the initialize result');
    assert.equal(checked.ok, false);
    assert.match(!checked.ok ? checked.failure.detail : '', /^the initialize result does not match the schema: protocolVersion: /);
  });

  it('refined leaves (a non-empty array) are left to zod', () => {
    assert.equal(parsesToItself(DiscoverResultSchema, { ...discover, supportedVersions: [] }), false);
    assert.equal(parsesToItself(z.object({ n: z.number().int() }), { n: 1.5 }), false);
    assert.equal(parsesToItself(z.object({ n: z.number().int() }), { n: 2 }), true);
  });
});

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diffContracts, type ContractDiff } from '../src/baseline/contract-diff.js';
import { parseLockfile, renderLockfile, snapshotOf, type Lockfile, type ToolContract } from '../src/baseline/lockfile.js';
import type { CiReport, EndpointReport } from '../src/ci/ci-report.js';
import { baselineCheck, verdictCheck } from '../src/ci/checks.js';
import { loadCiConfig } from '../src/config/load-ci-config.js';
import { emptyProbeResult } from '../src/probe/probe-result.js';
import { escapeMarkdown, renderCheckMarkdown } from '../src/report/check-markdown.js';
import { escapeData, escapeProperty, renderAnnotations } from '../src/report/github-annotations.js';
import { renderJunit } from '../src/report/junit.js';
import { redactor } from '../src/util/redact.js';
import { junitProblems } from './helpers/validate-junit.js';

/** The pure parts of CI mode (#5): config errors, the contract diff table, escaping, limits. */

const dir = mkdtempSync(join(tmpdir(), 'mcp-health-ci-units-'));
let files = 0;

function configProblems(config: unknown, env: NodeJS.ProcessEnv = {}): string[] {
  const path = join(dir, `mcp-health.config.${files++}.json`);
  writeFileSync(path, typeof config === 'string' ? config : JSON.stringify(config));
  const loaded = loadCiConfig(path, env);
  return loaded.ok ? [] : loaded.problems.map((p) => p.slice(path.length + 2));
}

describe('config file: errors name the JSON path of the offending key', () => {
  const endpoint = { url: 'http://127.0.0.1:3000/mcp' };
  const cases: Array<[string, unknown, NodeJS.ProcessEnv, string]> = [
    ['an unset variable, named', { endpoints: [{ ...endpoint, headers: { Authorization: 'Bearer ${MCP_TOKEN}' } }] }, {}, 'endpoints[0].headers.Authorization: environment variable MCP_TOKEN is not set'],
    ['a header name with a dash', { endpoints: [{ ...endpoint, headers: { 'X-Api-Key': '${KEY}' } }] }, {}, 'endpoints[0].headers["X-Api-Key"]: environment variable KEY is not set'],
    ['a misspelt key, with a suggestion', { endpoints: [{ ...endpoint, hedaers: {} }] }, {}, 'endpoints[0].hedaers: unknown key (did you mean "headers"?)'],
    ['a missing url', { endpoints: [{ name: 'x' }] }, {}, 'endpoints[0].url: is required'],
    ['a bad failOn', { failOn: 'sometimes' }, {}, 'failOn: must be one of "degraded", "dead"'],
    ['an unreadable duration', { thresholds: { slowMs: 'soon' } }, {}, 'thresholds.slowMs: "soon" is not a duration'],
    ['a duration of the wrong type', { waitMs: true }, {}, 'waitMs: must be milliseconds, or a number with a unit'],
    ['a bad revision', { endpoints: [{ ...endpoint, thresholds: { minProtocolVersion: 'latest' } }] }, {}, 'endpoints[0].thresholds.minProtocolVersion: "latest" is not a revision'],
    ['not a URL', { endpoints: [{ url: 'ftp://x/y' }] }, {}, 'endpoints[0].url: "ftp://x/y": ftp: URLs cannot be probed'],
    ['duplicate names', { endpoints: [endpoint, endpoint] }, {}, 'endpoints[1].name: "127.0.0.1:3000/mcp" is also the name of endpoints[0]'],
    ['an invalid inline schema', { endpoints: [{ ...endpoint, toolCalls: [{ tool: 'a', expect: { outputSchema: { type: 'nonsense' } } }] }] }, {}, 'endpoints[0].toolCalls[0].expect.outputSchema: not a valid JSON Schema'],
    ['a reserved header', { endpoints: [{ ...endpoint, headers: { 'Mcp-Session-Id': 'x' } }] }, {}, 'endpoints[0].headers["Mcp-Session-Id"]: Mcp-Session-Id is set by mcp-health itself'],
    ['not JSON', '{ "endpoints": [', {}, 'is not valid JSON'],
  ];
  for (const [what, config, env, expected] of cases) {
    it(what, () => {
      const problems = configProblems(config, env);
      assert.ok(problems.some((p) => p.startsWith(expected)), `${expected}\n  not in\n${problems.join('\n')}`);
    });
  }

  it('reports every problem at once', () => {
    const problems = configProblems({ endpoints: [{ url: 'http://127.0.0.1:1/mcp', headers: { A: '${NOPE_A}', B: '${NOPE_B}' }, thresholds: { slowMs: 'soon' } }] });
    assert.equal(problems.length, 3, problems.join('\n'));
  });

  it('resolves a valid file: secrets collected, durations with units, labels numbered, baseline next to the file', () => {
    const path = join(dir, 'ok.json');
    writeFileSync(
      path,
      JSON.stringify({
        thresholds: { slowMs: '1.5s' },
        waitMs: 30000,
        endpoints: [
          {
            url: 'HTTP://127.0.0.1:3000/mcp',
            headers: { Authorization: 'Bearer ${T}', 'X-Plain': 'visible' },
            toolCalls: [{ tool: 'add', arguments: { a: 1 } }, { tool: 'add', expect: { maxLatencyMs: '2s', isError: true } }],
            baseline: 'locks/tools.lock.json',
          },
        ],
      }),
    );
    const loaded = loadCiConfig(path, { T: 'secret-value' });
    assert.ok(loaded.ok);
    const { config } = loaded;
    assert.deepEqual(config.secrets.sort(), ['Bearer secret-value', 'secret-value']);
    assert.equal(config.thresholds.slowMs, 1500);
    assert.equal(config.waitMs, 30000);
    const only = config.endpoints[0]!;
    assert.equal(only.url, 'http://127.0.0.1:3000/mcp');
    assert.equal(only.name, '127.0.0.1:3000/mcp');
    assert.deepEqual(only.toolCalls.map((c) => [c.label, c.maxLatencyMs, c.isError]), [['call add', null, false], ['call add #2', 2000, true]]);
    assert.equal(only.baselinePath, join(dir, 'locks', 'tools.lock.json'));
  });
});

function contract(overrides: Partial<ToolContract> = {}): ToolContract {
  return {
    description: 'Adds',
    inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] },
    outputSchema: { type: 'object', properties: { sum: { type: 'number' }, note: { type: 'string' } }, required: ['sum'] },
    annotations: { readOnlyHint: true },
    ...overrides,
  };
}

const lock = (tools: Record<string, ToolContract>): Lockfile => ({ lockfileVersion: 1, tools });
const changesOf = (diff: ContractDiff) => diff.tools.flatMap((t) => t.changes.map((c) => `${t.tool}: ${c.breaking ? 'breaking' : 'compatible'}: ${c.detail}`));

describe('tool-contract diff: every change sorted into breaking or compatible', () => {
  const input = (schema: Record<string, unknown>) => contract({ inputSchema: schema });
  const output = (schema: Record<string, unknown> | undefined) => contract({ outputSchema: schema });
  const base = contract();
  const rows: Array<[string, ToolContract, string]> = [
    ['required parameter added', input({ type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' }, c: { type: 'number' } }, required: ['a', 'b', 'c'] }), 'add: breaking: parameter "c" added (required)'],
    ['optional parameter added', input({ type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' }, c: { type: 'number' } }, required: ['a', 'b'] }), 'add: compatible: parameter "c" added (optional)'],
    ['parameter removed', input({ type: 'object', properties: { a: { type: 'number' } }, required: ['a'] }), 'add: breaking: parameter "b" removed'],
    ['parameter type changed', input({ type: 'object', properties: { a: { type: 'string' }, b: { type: 'number' } }, required: ['a', 'b'] }), 'add: breaking: "a": type number → string'],
    ['parameter type narrowed', input({ type: 'object', properties: { a: { type: 'integer' }, b: { type: 'number' } }, required: ['a', 'b'] }), 'add: breaking: "a": type number → integer'],
    ['parameter type widened', input({ type: 'object', properties: { a: { type: ['number', 'string'] }, b: { type: 'number' } }, required: ['a', 'b'] }), 'add: compatible: "a": type number → number | string'],
    ['parameter made optional', input({ type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a'] }), 'add: compatible: parameter "b" is no longer required'],
    ['a bound tightened', input({ type: 'object', properties: { a: { type: 'number', maximum: 10 }, b: { type: 'number' } }, required: ['a', 'b'] }), 'add: breaking: "a": maximum none → 10'],
    ['an unanalysed keyword changed', input({ type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'], additionalProperties: false }), 'add: breaking: inputSchema: additionalProperties changed'],
    ['output property removed', output({ type: 'object', properties: { note: { type: 'string' } } }), 'add: breaking: output property "sum" removed'],
    ['output property type changed', output({ type: 'object', properties: { sum: { type: 'string' }, note: { type: 'string' } }, required: ['sum'] }), 'add: breaking: "sum": type number → string'],
    ['output type widened (old consumers may get a null)', output({ type: 'object', properties: { sum: { type: ['number', 'null'] }, note: { type: 'string' } }, required: ['sum'] }), 'add: breaking: "sum": type number → null | number'],
    ['required output property made optional', output({ type: 'object', properties: { sum: { type: 'number' }, note: { type: 'string' } } }), 'add: breaking: output property "sum" is no longer required (may now be absent)'],
    ['optional output property made required', output({ type: 'object', properties: { sum: { type: 'number' }, note: { type: 'string' } }, required: ['sum', 'note'] }), 'add: compatible: output property "note" is now required'],
    ['output property added', output({ type: 'object', properties: { sum: { type: 'number' }, note: { type: 'string' }, unit: { type: 'string' } }, required: ['sum'] }), 'add: compatible: output property "unit" added'],
    ['outputSchema dropped', output(undefined), 'add: breaking: outputSchema removed: structuredContent is no longer promised'],
    ['description changed', contract({ description: 'Adds two numbers' }), 'add: compatible: description changed'],
    ['title added', contract({ title: 'Add' }), 'add: compatible: title changed'],
    ['annotation changed, named', contract({ annotations: { readOnlyHint: false, destructiveHint: true } }), 'add: compatible: annotation destructiveHint: unset → true'],
    ['parameter description changed', input({ type: 'object', properties: { a: { type: 'number', description: 'first' }, b: { type: 'number' } }, required: ['a', 'b'] }), 'add: compatible: "a": description changed'],
  ];
  for (const [what, changed, expected] of rows) {
    it(what, () => {
      const changes = changesOf(diffContracts(lock({ add: base }), lock({ add: changed })));
      assert.ok(changes.includes(expected), `${expected}\n  not in\n${changes.join('\n')}`);
    });
  }

  it('a tool removed is breaking, a tool added compatible; counts add up; breaking first per tool', () => {
    const diff = diffContracts(lock({ add: base, echo: base }), lock({ add: contract({ description: 'x', inputSchema: { type: 'object' } }), greet: base }));
    assert.deepEqual(diff.tools.map((t) => t.tool), ['add', 'echo', 'greet']);
    assert.equal(diff.tools[1]!.changes[0]!.detail, 'tool removed');
    assert.equal(diff.tools[2]!.changes[0]!.breaking, false);
    assert.ok(diff.tools[0]!.changes[0]!.breaking, 'breaking changes come first');
    assert.equal(diff.breaking + diff.compatible, diff.tools.flatMap((t) => t.changes).length);
  });

  it('the same catalogue gives no changes, whatever the key order', () => {
    const reordered = { inputSchema: { required: ['a', 'b'], properties: { b: { type: 'number' }, a: { type: 'number' } }, type: 'object' }, outputSchema: base.outputSchema!, annotations: { readOnlyHint: true }, description: 'Adds' };
    assert.deepEqual(diffContracts(lock({ add: base }), lock({ add: reordered })).tools, []);
  });
});

describe('lock file', () => {
  it('is stable, sorted JSON whatever the listing order, and reads back', () => {
    const tools = [
      { name: 'zeta', inputSchema: { type: 'object', properties: { y: {}, x: {} } } },
      { name: 'alpha', description: 'A', inputSchema: { type: 'object' }, _meta: { churn: 1 } },
    ];
    const text = renderLockfile(snapshotOf(tools));
    assert.equal(text, renderLockfile(snapshotOf([...tools].reverse())));
    assert.ok(text.indexOf('"alpha"') < text.indexOf('"zeta"'));
    assert.ok(text.indexOf('"x"') < text.indexOf('"y"'));
    assert.equal(text.includes('_meta'), false, 'churning fields are left out');
    assert.ok(text.endsWith('}\n'));
    const parsed = parseLockfile(text);
    assert.ok(parsed.ok);
    assert.deepEqual(Object.keys(parsed.lock.tools), ['alpha', 'zeta']);
  });

  it('a malformed lock file says what is wrong', () => {
    assert.deepEqual(parseLockfile('{"lockfileVersion":2,"tools":{}}'), { ok: false, problem: 'lockfileVersion must be 1 (got 2)' });
    assert.deepEqual(parseLockfile('{"lockfileVersion":1,"tools":{"a":{}}}'), { ok: false, problem: 'tools["a"].inputSchema must be an object' });
  });
});

describe('escaping', () => {
  it('workflow command data and properties, as the Actions toolkit escapes them', () => {
    assert.equal(escapeData('50% done\r\nnext'), '50%25 done%0D%0Anext');
    assert.equal(escapeProperty('a: b, c%'), 'a%3A b%2C c%25');
  });

  it('Markdown: server text cannot open tags, links, cells or emphasis', () => {
    const escaped = escapeMarkdown('<img src=x onerror=alert(1)> [click](http://evil) | *bold* `code`\u001b[2J');
    assert.equal(escaped, '\\<img src\\=x onerror\\=alert\\(1\\)\\> \\[click\\]\\(http\\:\\/\\/evil\\) \\| \\*bold\\* \\`code\\`\\[2J');
  });
});

describe('redaction', () => {
  it('replaces secrets in strings and keys, longest first, and leaves short values alone', () => {
    const redact = redactor(['Bearer abc12345', 'abc12345', 'on']);
    assert.deepEqual(redact({ a: 'x Bearer abc12345 y', abc12345: ['abc12345!'], n: 1, flag: 'on' }), { a: 'x [redacted] y', '[redacted]': ['[redacted]!'], n: 1, flag: 'on' });
  });
});

function report(endpoints: EndpointReport[]): CiReport {
  return { startedAt: '2026-01-01T00:00:00.000Z', durationMs: 1234, endpoints, passed: endpoints.every((e) => e.passed), junitPath: 'report.xml' };
}

function endpoint(name: string, diff: ContractDiff): EndpointReport {
  const result = emptyProbeResult('http://127.0.0.1:3000/mcp', [], new Date('2026-01-01T00:00:00Z'), 30_000);
  const verdict = { status: 'dead' as const, reasons: [{ code: 'connection_refused' as const, detail: 'ECONNREFUSED' }] };
  const checks = [verdictCheck(result, verdict, 'degraded', null), baselineCheck({ mode: 'compared', path: '/x/mcp-tools.lock.json', diff })];
  return { name, url: result.url, failOn: 'degraded', thresholds: { slowMs: 1, minProtocolVersion: '2025-03-26', certificateWarningDays: 1 }, wait: null, result, verdict, baseline: { mode: 'compared', path: '/x/mcp-tools.lock.json', diff }, checks, passed: false };
}

describe('CI views of a large report', () => {
  const bigDiff: ContractDiff = {
    tools: Array.from({ length: 3000 }, (_, i) => ({ tool: `tool_${i}`, changes: [{ breaking: true, code: 'tool_removed' as const, detail: `tool removed ${'x'.repeat(300)}` }] })),
    breaking: 3000,
    compatible: 0,
  };
  const big = report([endpoint('a', bigDiff), endpoint('b', bigDiff)]);

  it('the job summary stays under 1 MiB and says where the rest is', () => {
    const markdown = renderCheckMarkdown(big);
    assert.ok(Buffer.byteLength(markdown) < 1024 * 1024, `${Buffer.byteLength(markdown)} bytes`);
    assert.ok(Buffer.byteLength(markdown) > 900 * 1024, 'it uses the room it has');
    assert.match(markdown, /> \*\*Summary truncated\*\* to stay under GitHub's 1 MiB limit: \d+ more lines\. The full report is in the JUnit file \(report\\\.xml\) and `--json`\.\n$/);
    const small = renderCheckMarkdown(report([endpoint('a', { tools: [], breaking: 0, compatible: 0 })]));
    assert.equal(small.includes('truncated'), false);
  });

  it('annotations: at most 10, worst first (dead verdicts before breaking changes), then the closing line', () => {
    const lines = renderAnnotations(report([endpoint('a', bigDiff), endpoint('b', bigDiff), endpoint('c', bigDiff), endpoint('d', bigDiff), endpoint('e', bigDiff), endpoint('f', bigDiff)]), { restAt: 'the job summary' });
    assert.equal(lines.length, 11);
    assert.ok(lines.slice(0, 6).every((l) => l.startsWith('::error title=mcp-health%3A ') && l.includes('verdict')));
    assert.ok(lines.slice(6, 10).every((l) => l.includes('tool contracts match')));
    assert.ok(lines[6]!.includes(`%0A… ${bigDiff.tools.length * 2 - 4} more lines in the job summary`));
    assert.equal(lines[10], 'mcp-health: 2 more findings not annotated (at most 10, worst first): see the job summary');
  });

  it('JUnit: valid against the schema, unique names, times in seconds; the validator does reject a broken file', async () => {
    const xml = renderJunit(report([endpoint('a', { tools: [{ tool: 'x\u0000<y>', changes: [{ breaking: true, code: 'tool_removed', detail: 'tool removed \u001b]0;t\u0007' }] }], breaking: 1, compatible: 0 })]));
    assert.deepEqual(await junitProblems(xml), []);
    assert.match(xml, /<testsuites name="mcp-health" tests="2" failures="2" errors="0" time="1\.234">/);
    const names = [...xml.matchAll(/<testcase name="([^"]*)"/g)].map((m) => m[1]);
    assert.equal(names.length, 2);
    assert.equal(new Set(names).size, names.length, 'test-case names are unique within the suite');
    assert.equal(xml.includes('\u0000'), false);
    assert.ok((await junitProblems(xml.replace(/ time="[^"]*"/, ' time="soon"'))).length > 0);
    assert.ok((await junitProblems(xml.replace(/ classname="[^"]*"/, ''))).length > 0);
  });
});

describe('docs/ci.md', () => {
  it('documents every leaf key of the configuration schema', async () => {
    const { readFileSync } = await import('node:fs');
    const { CI_CONFIG_SCHEMA } = await import('../src/config/ci-config.js');
    const doc = readFileSync(new URL('../../docs/ci.md', import.meta.url), 'utf8');
    const keys: string[] = [];
    const walk = (schema: Record<string, unknown>, path: string) => {
      const properties = (schema['properties'] ?? {}) as Record<string, Record<string, unknown>>;
      for (const [key, sub] of Object.entries(properties)) {
        const isLeaf = sub['properties'] === undefined && !(sub['items'] as Record<string, unknown> | undefined)?.['properties'];
        if (isLeaf) keys.push(path === '' ? key : `${path}.${key}`);
        const items = sub['items'] as Record<string, unknown> | undefined;
        if (items) walk(items, `${path === '' ? key : `${path}.${key}`}[]`);
        else if (sub['properties']) walk(sub, path === '' ? key : `${path}.${key}`);
      }
    };
    walk(CI_CONFIG_SCHEMA as unknown as Record<string, unknown>, '');
    const perEndpoint = new Set(['endpoints[].failOn', 'endpoints[].callTools', 'endpoints[].thresholds', 'endpoints[].thresholds.slowMs', 'endpoints[].thresholds.deadlineMs', 'endpoints[].thresholds.minProtocolVersion', 'endpoints[].toolCalls', 'endpoints[].toolCalls[].expect']);
    for (const key of keys.filter((k) => !perEndpoint.has(k))) assert.ok(doc.includes(`\`${key}\``), `docs/ci.md does not document ${key}`);
    assert.ok(doc.includes('`endpoints[].failOn`, `.callTools`, `.thresholds`'));
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseBytes, parseDurationMs } from '../src/cli/duration.js';
import { parseHeaderArgs } from '../src/cli/headers.js';
import { resourceMetadataUrls, serverMetadataUrls } from '../src/probe/auth/discover-auth.js';
import { parseWwwAuthenticate } from '../src/probe/auth/www-authenticate.js';
import { catalogueFacts } from '../src/probe/catalogue/catalogue-facts.js';
import { canonicalJson, catalogueHash } from '../src/probe/catalogue/catalogue-hash.js';
import { toolProblems, type ToolDefinition } from '../src/probe/catalogue/tool-rules.js';
import { mcpNameHeaderValue } from '../src/probe/eras/stateless-channel.js';
import { failureFromError } from '../src/probe/failure.js';
import { isInvalidTld } from '../src/probe/http/lookup.js';
import { readAnswer } from '../src/probe/jsonrpc/messages.js';
import { selectReadOnlyTools } from '../src/probe/tool-sampling.js';
import { retryAfterMs } from '../src/probe/transport/streamable-post.js';
import { schemaProblem } from '../src/probe/validate/json-schema.js';
import { axisTicks } from '../src/report/html/charts.js';
import { sanitizeForTerminal } from '../src/report/sanitize.js';

describe('durations and sizes on the command line', () => {
  it('bare numbers are milliseconds; units are ms, s, m, h', () => {
    assert.deepEqual(parseDurationMs('10000'), { ok: true, ms: 10_000 });
    assert.deepEqual(parseDurationMs('10s'), { ok: true, ms: 10_000 });
    assert.deepEqual(parseDurationMs('500ms'), { ok: true, ms: 500 });
    assert.deepEqual(parseDurationMs('1.5m'), { ok: true, ms: 90_000 });
  });
  it('rejects what is not a positive duration, saying why', () => {
    for (const bad of ['', 'ten', '10 days', '-5', '0', '5x']) {
      const parsed = parseDurationMs(bad);
      assert.equal(parsed.ok, false, bad);
    }
  });
  it('sizes: bytes or KiB/MiB/kB/MB', () => {
    assert.deepEqual(parseBytes('4MiB'), { ok: true, bytes: 4 * 1024 * 1024 });
    assert.deepEqual(parseBytes('512'), { ok: true, bytes: 512 });
    assert.equal(parseBytes('4 gigs').ok, false);
  });
});

describe('--header', () => {
  it('takes "Name: value" and expands ${VAR} from the environment', () => {
    assert.deepEqual(parseHeaderArgs(['Authorization: Bearer ${TOKEN}', 'X-Team:  blue '], { TOKEN: 'abc' }), {
      ok: true,
      headers: { Authorization: 'Bearer abc', 'X-Team': 'blue' },
      secrets: ['Bearer abc', 'abc'],
    });
  });
  it('names a missing variable instead of sending an empty secret', () => {
    const parsed = parseHeaderArgs(['Authorization: Bearer ${MISSING_TOKEN}'], {});
    assert.equal(parsed.ok, false);
    assert.match(parsed.ok ? '' : parsed.message, /MISSING_TOKEN is not set/);
  });
  it('refuses malformed headers and protocol headers mcp-health owns', () => {
    for (const bad of ['NoColon', ': empty name', 'Bad Name: x', 'Mcp-Session-Id: x', 'Content-Type: text/plain']) {
      assert.equal(parseHeaderArgs([bad], {}).ok, false, bad);
    }
  });
});

describe('WWW-Authenticate', () => {
  it('reads a Bearer challenge with quoted parameters', () => {
    const [bearer] = parseWwwAuthenticate('Bearer resource_metadata="https://a.example/.well-known/oauth-protected-resource", scope="files:read files:write"');
    assert.equal(bearer?.scheme, 'bearer');
    assert.equal(bearer?.params['resource_metadata'], 'https://a.example/.well-known/oauth-protected-resource');
    assert.equal(bearer?.params['scope'], 'files:read files:write');
  });
  it('separates several challenges, token68 included', () => {
    const challenges = parseWwwAuthenticate('Basic realm="x", Bearer error="invalid_token", error_description="the \\"token\\" expired", Negotiate abc123==');
    assert.deepEqual(challenges.map((c) => c.scheme), ['basic', 'bearer', 'negotiate']);
    assert.equal(challenges[1]?.params['error_description'], 'the "token" expired');
    assert.equal(challenges[2]?.token68, 'abc123==');
  });
  it('is total on garbage', () => {
    assert.deepEqual(parseWwwAuthenticate(''), []);
    assert.doesNotThrow(() => parseWwwAuthenticate('Bearer realm="unterminated, ,,, =="'));
  });
});

describe('discovery URLs (spec order)', () => {
  it('protected-resource metadata: path-inserted first, then the root', () => {
    assert.deepEqual(resourceMetadataUrls(new URL('https://example.com/public/mcp')), [
      'https://example.com/.well-known/oauth-protected-resource/public/mcp',
      'https://example.com/.well-known/oauth-protected-resource',
    ]);
    assert.deepEqual(resourceMetadataUrls(new URL('https://example.com/')), ['https://example.com/.well-known/oauth-protected-resource']);
  });
  it('authorization-server metadata: RFC 8414 then OIDC, path-inserted then appended', () => {
    assert.deepEqual(serverMetadataUrls(new URL('https://auth.example.com/tenant1')), [
      'https://auth.example.com/.well-known/oauth-authorization-server/tenant1',
      'https://auth.example.com/.well-known/openid-configuration/tenant1',
      'https://auth.example.com/tenant1/.well-known/openid-configuration',
    ]);
    assert.deepEqual(serverMetadataUrls(new URL('https://auth.example.com')), [
      'https://auth.example.com/.well-known/oauth-authorization-server',
      'https://auth.example.com/.well-known/openid-configuration',
    ]);
  });
});

describe('tool rules', () => {
  const tool = (name: string, inputSchema: Record<string, unknown> = { type: 'object' }, extra: Partial<ToolDefinition> = {}): ToolDefinition => ({ name, inputSchema, ...extra });
  it('accepts names of 1–128 letters, digits, _ - .', () => {
    assert.deepEqual(toolProblems([tool('getUser'), tool('DATA_EXPORT_v2'), tool('admin.tools.list'), tool('a'.repeat(128))], 'initialize'), []);
  });
  it('flags names that break the rule', () => {
    const problems = toolProblems([tool(''), tool('a'.repeat(129)), tool('with space'), tool('comma,name'), tool('ünïcode')], 'initialize');
    assert.equal(problems.length, 5);
    assert.ok(problems.every((p) => p.rule === 'name_format'));
  });
  it('flags an invalid JSON Schema in inputSchema', () => {
    const problems = toolProblems([tool('t', { type: 'object', properties: { n: { type: 'integer', minimum: 'zero' } } })], 'initialize');
    assert.deepEqual(problems.map((p) => p.rule), ['input_schema_invalid']);
  });
  it('accepts draft-07 schemas as the v1 SDK emits them', () => {
    const schema = { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { a: { type: 'number' } }, required: ['a'], additionalProperties: false };
    assert.deepEqual(toolProblems([tool('t', schema)], 'initialize'), []);
  });
  it('an outputSchema must be an object schema before 2026-07-28, not after', () => {
    const arrayOut = tool('t', { type: 'object' }, { outputSchema: { type: 'array', items: { type: 'string' } } });
    assert.deepEqual(toolProblems([arrayOut], 'initialize').map((p) => p.rule), ['output_schema_not_object']);
    assert.deepEqual(toolProblems([arrayOut], 'stateless'), []);
  });
});

describe('catalogue hash', () => {
  const a = { name: 'a', inputSchema: { type: 'object', properties: { x: { type: 'string' } } } };
  const b = { name: 'b', description: 'second', inputSchema: { type: 'object' } };
  it('ignores key order and listing order', () => {
    const reordered = { inputSchema: { properties: { x: { type: 'string' } }, type: 'object' }, name: 'a' };
    assert.equal(catalogueHash([a, b]), catalogueHash([b, reordered]));
  });
  it('changes with any part of a tool contract, not with _meta', () => {
    assert.notEqual(catalogueHash([a, b]), catalogueHash([a, { ...b, description: 'changed' }]));
    assert.equal(catalogueHash([a, b]), catalogueHash([a, { ...b, _meta: { 'x.example/build': 42 } }]));
  });
  it('canonical JSON sorts keys at every depth', () => {
    assert.equal(canonicalJson({ b: [{ d: 1, c: 2 }], a: null }), '{"a":null,"b":[{"c":2,"d":1}]}');
  });
  it('canonical JSON drops undefined members, writes undefined array items as null, orders keys by code unit', () => {
    assert.equal(canonicalJson({ z: undefined, '10': 1, '2': 2, B: 3, a: [undefined, 'é'] }), '{"10":1,"2":2,"B":3,"a":[null,"é"]}');
  });
});

describe('catalogue facts, remembered by listing text', () => {
  const listing = (): ToolDefinition[] => [
    { name: 'get_time', inputSchema: { type: 'object' }, outputSchema: { type: 'string' } },
    { name: 'bad name!', inputSchema: { type: 'object', properties: { x: { type: 'strin' } } } },
  ];
  it('a listing seen before gets the same problems and hash, with its own tools and problem list', () => {
    const first = catalogueFacts(listing(), 'initialize');
    const again = listing();
    const second = catalogueFacts(again, 'initialize');
    assert.deepEqual(second.problems.map((p) => [p.tool, p.rule]), [
      ['get_time', 'output_schema_not_object'],
      ['bad name!', 'name_format'],
      ['bad name!', 'input_schema_invalid'],
    ]);
    assert.deepEqual(second.problems, first.problems);
    assert.notEqual(second.problems, first.problems);
    assert.equal(second.hash, first.hash);
    assert.equal(second.hash, catalogueHash(again));
    // The listed tools themselves (not a remembered copy): nothing was cut for depth.
    assert.ok(second.tools.every((tool, i) => tool === again[i]));
  });
  it('depends on the era: 2026-07-28 lifted the object-only outputSchema rule', () => {
    assert.deepEqual(catalogueFacts(listing(), 'stateless').problems.map((p) => p.rule), ['name_format', 'input_schema_invalid']);
    assert.deepEqual(catalogueFacts(listing(), 'initialize').problems.map((p) => p.rule), ['output_schema_not_object', 'name_format', 'input_schema_invalid']);
  });
  it('a non-finite number and null (the same JSON text) are not confused, whichever comes first', () => {
    // Ajv takes Infinity as a number (a valid `minimum`), null not.
    const withNull = () => [{ name: 't', inputSchema: { type: 'object', properties: { n: { type: 'number', minimum: null } } } }] as unknown as ToolDefinition[];
    const withInfinity = () => [{ name: 't', inputSchema: { type: 'object', properties: { n: { type: 'number', minimum: Infinity } } } }] as unknown as ToolDefinition[];
    for (const era of ['initialize', 'stateless'] as const) {
      const order = era === 'initialize' ? [withNull, withInfinity] : [withInfinity, withNull];
      for (let round = 0; round < 2; round++) {
        for (const listing of order) {
          const expected = listing === withNull ? ['input_schema_invalid'] : [];
          assert.deepEqual(catalogueFacts(listing(), era).problems.map((p) => p.rule), expected, `${era}, round ${round}`);
        }
      }
    }
  });
  it('a long listing (keyed by its hash) is remembered as well', () => {
    const long = (): ToolDefinition[] => Array.from({ length: 40 }, (_, i) => ({ name: `tool_${i}`, description: 'x'.repeat(60), inputSchema: { type: 'object' } }));
    assert.ok(JSON.stringify(long()).length > 1_024);
    const first = catalogueFacts(long(), 'initialize');
    const second = catalogueFacts([...long().slice(0, 39), { name: 'bad name', inputSchema: { type: 'object' } }], 'initialize');
    assert.deepEqual(first.problems, []);
    assert.deepEqual(second.problems.map((p) => p.rule), ['name_format']);
    assert.equal(catalogueFacts(long(), 'initialize').hash, first.hash);
    assert.notEqual(second.hash, first.hash);
  });
  it('a tool nested too deep is cut every time it is listed', () => {
    let deep: Record<string, unknown> = { type: 'object' };
    for (let i = 0; i < 80; i++) deep = { type: 'object', properties: { x: deep } };
    for (let round = 0; round < 2; round++) {
      const facts = catalogueFacts([{ name: 'deep', inputSchema: deep }], 'initialize');
      assert.equal(facts.problems[0]?.rule, 'schema_too_deep', `round ${round}`);
      assert.equal(facts.tools[0]?.inputSchema['x-mcp-health'], 'cut: deeper than 64 levels');
    }
  });
});

describe('meta-schema checks, remembered by schema text', () => {
  it('a verdict seen before is the same verdict, valid or not, for either dialect', () => {
    const bad = { type: 'object', properties: { x: { type: 'strin' } } };
    const good = { type: 'object', properties: { x: { type: 'string' } } };
    const draft07Bad = { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', required: 'x' };
    for (let round = 0; round < 2; round++) {
      assert.match(schemaProblem(bad) ?? '', /type/, `round ${round}`);
      assert.equal(schemaProblem(good), null, `round ${round}`);
      assert.match(schemaProblem(draft07Bad) ?? '', /required/, `round ${round}`);
    }
  });
});

describe('read-only tool selection', () => {
  it('only readOnlyHint true, not destructive, no required arguments, at most N, by name', () => {
    const tools: ToolDefinition[] = [
      { name: 'z_ok', inputSchema: { type: 'object' }, annotations: { readOnlyHint: true } },
      { name: 'a_ok', inputSchema: { type: 'object', required: [] }, annotations: { readOnlyHint: true } },
      { name: 'plain', inputSchema: { type: 'object' } },
      { name: 'destroy', inputSchema: { type: 'object' }, annotations: { readOnlyHint: true, destructiveHint: true } },
      { name: 'needs', inputSchema: { type: 'object', required: ['q'] }, annotations: { readOnlyHint: true } },
      { name: 'm_ok', inputSchema: { type: 'object' }, annotations: { readOnlyHint: true } },
    ];
    assert.deepEqual(selectReadOnlyTools(tools, 2).map((t) => t.name), ['a_ok', 'm_ok']);
  });
});

describe('JSON-RPC envelopes', () => {
  it('accepts a result with our id, and an error with a null id', () => {
    assert.deepEqual(readAnswer({ jsonrpc: '2.0', id: 3, result: {} }, 3), { ok: true, answer: { kind: 'result', result: {} } });
    const error = readAnswer({ jsonrpc: '2.0', id: null, error: { code: -32600, message: 'bad' } }, 3);
    assert.equal(error.ok && error.answer.kind, 'error');
  });
  it('refuses the wrong version, the wrong id, both or neither of result/error', () => {
    assert.equal(readAnswer({ jsonrpc: '1.0', id: 1, result: {} }, 1).ok, false);
    assert.equal(readAnswer({ jsonrpc: '2.0', id: 2, result: {} }, 1).ok, false);
    assert.equal(readAnswer({ jsonrpc: '2.0', id: 1, result: {}, error: { code: 1, message: 'x' } }, 1).ok, false);
    assert.equal(readAnswer({ jsonrpc: '2.0', id: 1 }, 1).ok, false);
    assert.equal(readAnswer({ jsonrpc: '2.0', id: 1, error: { code: 'x', message: 1 } }, 1).ok, false);
  });
});

describe('small protocol pieces', () => {
  it('Mcp-Name: header-safe names as is, others in the base64 sentinel form', () => {
    assert.equal(mcpNameHeaderValue('get_weather'), 'get_weather');
    assert.equal(mcpNameHeaderValue('météo'), `=?base64?${Buffer.from('météo').toString('base64')}?=`);
    assert.equal(mcpNameHeaderValue(' padded'), `=?base64?${Buffer.from(' padded').toString('base64')}?=`);
    assert.equal(mcpNameHeaderValue('=?base64?abc?='), `=?base64?${Buffer.from('=?base64?abc?=').toString('base64')}?=`);
  });
  it('Retry-After in seconds or as an HTTP date', () => {
    assert.equal(retryAfterMs('2', 0), 2_000);
    assert.equal(retryAfterMs(new Date(10_000).toUTCString(), 4_000), 6_000);
    assert.equal(retryAfterMs('soon', 0), null);
    assert.equal(retryAfterMs(undefined, 0), null);
  });
  it('.invalid names never resolve (RFC 6761)', () => {
    assert.ok(isInvalidTld('mcp.example.invalid'));
    assert.ok(isInvalidTld('INVALID.'));
    assert.ok(!isInvalidTld('invalid.example.com'));
  });
  it('failures are classified by error codes through the cause chain, not by message text', () => {
    const wrapped = Object.assign(new Error('fetch failed'), { cause: Object.assign(new Error('whatever text'), { code: 'ECONNREFUSED' }) });
    assert.equal(failureFromError(wrapped, null).code, 'connection_refused');
    assert.equal(failureFromError(Object.assign(new Error('connection refused, honest'), { code: 'CERT_HAS_EXPIRED' }), null).code, 'tls_expired');
    assert.equal(failureFromError(new Error('ECONNREFUSED'), null).code, 'network');
    assert.equal(failureFromError(new Error('x'), 'deadline').code, 'deadline');
  });
});

describe('terminal sanitising', () => {
  it('removes escape sequences, C1 controls and bidi overrides from server text', () => {
    const hostile = 'evil\u001b[31mRED\u001b]0;pwned\u0007\u009b2J\u202eatad\nnext';
    const clean = sanitizeForTerminal(hostile);
    assert.equal(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/.test(clean), false);
    assert.equal(clean, 'evil[31mRED]0;pwned2Jatad next');
  });
  it('cuts long text', () => {
    assert.equal(sanitizeForTerminal('x'.repeat(50), 10), `${'x'.repeat(9)}…`);
  });
});

describe('chart axes', () => {
  it('a count axis has grid lines on whole numbers only; other axes in quarters', () => {
    for (const max of [1, 2, 5, 10, 20, 50, 100, 5_000]) {
      const values = axisTicks(max, true).map((t) => t * max);
      assert.ok(values.every(Number.isInteger), `${max}: ${values.join(',')}`);
      assert.equal(values[0], 0);
      assert.equal(values.at(-1), max);
      assert.ok(values.length >= 2);
    }
    assert.deepEqual(axisTicks(10, false), [0, 0.25, 0.5, 0.75, 1]);
  });
});

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadSources, readList } from '../src/sources/load-sources.js';
import { normaliseUrl } from '../src/sources/normalise-url.js';
import { locationText } from '../src/sources/target.js';
import { listen } from './fixtures/listen.js';

/** Every input format, every kind of bad line: reported with its place, the rest kept. */

const dir = mkdtempSync(join(tmpdir(), 'mcp-health-sources-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('URL normalisation', () => {
  it('lower-cases the host, drops the default port and the fragment', () => {
    assert.deepEqual(normaliseUrl('  HTTPS://MCP.Example.COM:443/Path?q=1#frag '), { ok: true, url: 'https://mcp.example.com/Path?q=1' });
    assert.deepEqual(normaliseUrl('http://127.0.0.1:80/mcp'), { ok: true, url: 'http://127.0.0.1/mcp' });
  });
  const rejected: Array<[string, RegExp]> = [
    ['javascript:alert(1)', /^javascript: URLs cannot be probed/],
    ['file:///etc/passwd', /^file: URLs cannot be probed/],
    ['ftp://example.com/x', /^ftp: URLs cannot be probed/],
    ['not a url', /^not a URL$/],
    [`https://example.com/${'a'.repeat(2100)}`, /longer than 2048 characters/],
    ['https://{tenant}.example.com/mcp', /^URL template not filled \(\{tenant\}\)$/],
    ['https://user:pw@example.com/mcp', /carries credentials/],
    ['', /^empty URL$/],
  ];
  for (const [input, reason] of rejected) {
    it(`refuses ${input.slice(0, 40)}`, () => {
      const outcome = normaliseUrl(input);
      assert.equal(outcome.ok, false);
      assert.match(outcome.ok ? '' : outcome.reason, reason);
    });
  }
});

describe('formats', () => {
  it('text: one URL a line, names, comments and blank lines', () => {
    const { entries } = readList('# my fleet\nhttps://a.example/mcp  Server A\n\n  https://b.example/mcp # trailing comment\n#https://c.example/mcp\n', 'list.txt');
    assert.deepEqual(
      entries.map((e) => [e.url, e.name, e.location.line]),
      [['https://a.example/mcp', 'Server A', 2], ['https://b.example/mcp', undefined, 4]],
    );
  });

  it('CSV: url and name columns, header:<Name> columns become headers, bad records reported by line', () => {
    const { entries, problems } = readList('name,url,header:X-Api-Key\nA,https://a.example/mcp,${KEY_A}\nB,https://b.example/mcp,\n', 'fleet.csv');
    assert.deepEqual(entries.map((e) => [e.name, e.url, e.headers, e.location.line]), [
      ['A', 'https://a.example/mcp', { 'X-Api-Key': '${KEY_A}' }, 2],
      ['B', 'https://b.example/mcp', {}, 3],
    ]);
    assert.deepEqual(problems, []);
    const broken = readList('url,name\nhttps://a.example/mcp,"unterminated\n', 'broken.csv');
    assert.equal(broken.problems.length, 1);
    assert.match(broken.problems[0]!.reason, /^CSV: /);
    assert.equal(readList('name,address\nx,https://a.example\n', 'no-url.csv').problems[0]?.reason, 'CSV has no "url" column in its header row');
  });

  it('JSON: an array of URLs or of objects with url, name and headers', () => {
    const { entries, problems } = readList(JSON.stringify(['https://a.example/mcp', { url: 'https://b.example/mcp', name: 'B', headers: { Authorization: 'Bearer ${T}' } }, 42]), 'list.json');
    assert.deepEqual(entries.map((e) => [e.url, e.name, e.location.entry]), [['https://a.example/mcp', undefined, 1], ['https://b.example/mcp', 'B', 2]]);
    assert.deepEqual(entries[1]!.headers, { Authorization: 'Bearer ${T}' });
    assert.deepEqual(problems.map((p) => [p.entry, p.reason]), [[3, 'expected a URL string or an object with "url"']]);
  });

  it('server.json: every streamable-http and sse remote, templates filled from declared defaults', () => {
    const serverJson = {
      $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
      name: 'io.github.user/weather',
      version: '1.0.0',
      remotes: [
        { type: 'streamable-http', url: 'https://{host}/mcp', variables: { host: { default: 'api.example.com' } }, headers: [{ name: 'X-Region', default: 'eu-west-1' }, { name: 'Authorization', isSecret: true, isRequired: true }] },
        { type: 'sse', url: 'https://api.example.com/sse' },
        { type: 'stdio', url: 'ignored' },
        { type: 'streamable-http', url: 'https://{tenant}.example.com/mcp', variables: { tenant: { isRequired: true } } },
      ],
    };
    const { entries } = readList(JSON.stringify(serverJson), 'server.json');
    assert.deepEqual(entries.map((e) => [e.url, e.name, e.headers]), [
      ['https://api.example.com/mcp', 'io.github.user/weather', { 'X-Region': 'eu-west-1' }],
      ['https://api.example.com/sse', 'io.github.user/weather', {}],
      ['https://{tenant}.example.com/mcp', 'io.github.user/weather', {}],
    ]);
  });

  it('registry response: every server, deleted ones skipped', () => {
    const response = {
      servers: [
        { server: { name: 'a/one', remotes: [{ type: 'streamable-http', url: 'https://one.example/mcp' }] }, _meta: { 'io.modelcontextprotocol.registry/official': { status: 'active', isLatest: true } } },
        { server: { name: 'a/gone', remotes: [{ type: 'streamable-http', url: 'https://gone.example/mcp' }] }, _meta: { 'io.modelcontextprotocol.registry/official': { status: 'deleted' } } },
        { server: { name: 'a/old', remotes: [{ type: 'sse', url: 'https://old.example/sse' }] }, _meta: { 'io.modelcontextprotocol.registry/official': { status: 'deprecated' } } },
        { nope: true },
      ],
      metadata: { count: 4 },
    };
    const { entries, problems } = readList(JSON.stringify(response), 'registry.json');
    assert.deepEqual(entries.map((e) => [e.url, e.location.entry]), [['https://one.example/mcp', 1], ['https://old.example/sse', 3]]);
    assert.deepEqual(problems.map((p) => p.entry), [4]);
  });

  it('detects the format by content when the extension says nothing', () => {
    assert.equal(readList('["https://a.example/mcp"]', 'stdin').entries.length, 1);
    assert.equal(readList('url,name\nhttps://a.example/mcp,A\n', 'stdin').entries[0]?.name, 'A');
    assert.equal(readList('https://a.example/mcp\n', 'stdin').entries.length, 1);
  });
});

describe('loading', () => {
  it('validates, de-duplicates, checks header variables, and reports each rejected entry with its place', async () => {
    const list = file('mixed.txt', ['https://A.example/mcp', 'https://a.example:443/mcp#dup', 'ftp://files.example/x', 'javascript:alert(1)', 'https://b.example/mcp'].join('\n'));
    const json = file('headers.json', JSON.stringify([{ url: 'https://c.example/mcp', headers: { Authorization: 'Bearer ${UNSET_TOKEN_FOR_TEST}' } }, { url: 'https://d.example/mcp', headers: { Authorization: 'Bearer ${SET_TOKEN}' } }]));
    const loaded = await loadSources({ files: [list, json, join(dir, 'missing.txt')], env: { SET_TOKEN: 'x' } });
    assert.deepEqual(loaded.targets.map((t) => t.url), ['https://a.example/mcp', 'https://b.example/mcp', 'https://d.example/mcp']);
    assert.equal(loaded.duplicates, 1);
    assert.deepEqual(loaded.problems.map((p) => `${locationText(p)}: ${p.reason}`), [
      `${join(dir, 'missing.txt')}: cannot read (ENOENT)`,
      `${list}:3: ftp: URLs cannot be probed (http and https only)`,
      `${list}:4: javascript: URLs cannot be probed (http and https only)`,
      `${json} (entry 1): header Authorization: environment variable UNSET_TOKEN_FOR_TEST is not set`,
    ]);
    assert.deepEqual(loaded.targets[2]!.headers, { Authorization: 'Bearer ${SET_TOKEN}' }, 'templates are kept, values are expanded only when probing');
  });

  it('reads stdin', async () => {
    const loaded = await loadSources({ files: ['-'], env: {}, readStdin: async () => 'https://s.example/mcp\n' });
    assert.deepEqual(loaded.targets.map((t) => [t.url, t.source.file]), [['https://s.example/mcp', 'stdin']]);
  });

  it('reads a live registry page by page, following nextCursor', async () => {
    const requested: string[] = [];
    const registry = await listen(
      createServer((req, res) => {
        requested.push(req.url ?? '');
        const cursor = new URL(req.url ?? '/', 'http://x').searchParams.get('cursor');
        const page = cursor === null
          ? { servers: [{ server: { name: 'r/one', remotes: [{ type: 'streamable-http', url: 'https://one.example/mcp' }] } }], metadata: { nextCursor: 'r/one:1.0.0', count: 1 } }
          : { servers: [{ server: { name: 'r/two', remotes: [{ type: 'sse', url: 'https://two.example/sse' }] } }], metadata: { count: 1 } };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(page));
      }),
    );
    try {
      const loaded = await loadSources({ files: [], registry: registry.url, env: {} });
      assert.deepEqual(loaded.targets.map((t) => [t.url, t.name, t.source.entry]), [['https://one.example/mcp', 'r/one', 1], ['https://two.example/sse', 'r/two', 2]]);
      assert.deepEqual(requested, ['/v0.1/servers?version=latest&limit=100', '/v0.1/servers?version=latest&limit=100&cursor=r%2Fone%3A1.0.0']);
    } finally {
      await registry.close();
    }
  });
});

import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { describe, it } from 'node:test';
import { listen } from './fixtures/listen.js';
import { createScriptedHandler } from './fixtures/scripted-mcp-server.js';
import { check } from './helpers/check.js';

/** Redirects are followed, but credentials never cross to another origin. */

const SECRET_HEADERS = { Authorization: 'Bearer top-secret', 'X-Api-Key': 'key-123' };

async function redirector(target: (path: string) => string, status = 307) {
  return listen(createServer((req, res) => {
    req.resume();
    res.writeHead(status, { location: target(req.url ?? '/') }).end();
  }), '/mcp');
}

describe('redirects and credentials', () => {
  it('a 307 to another origin is followed without the user-supplied headers', async () => {
    const scripted = createScriptedHandler();
    const elsewhere = await listen(createServer(scripted.handler), '/mcp', '127.0.0.2');
    const front = await redirector(() => elsewhere.url);
    try {
      const { verdict, result } = await check(front.url, { headers: SECRET_HEADERS });
      assert.equal(verdict.status, 'healthy', JSON.stringify(verdict.reasons));
      assert.ok(scripted.requestHeaders.length > 0, 'the other origin was reached');
      for (const headers of scripted.requestHeaders) {
        assert.equal(headers['authorization'], undefined);
        assert.equal(headers['x-api-key'], undefined);
      }
      assert.equal(result.steps[0]?.http?.url, elsewhere.url);
    } finally {
      await front.close();
      await elsewhere.close();
    }
  });

  it('a redirect within the same origin keeps them', async () => {
    const scripted = createScriptedHandler();
    const server = await listen(createServer((req, res) => {
      if (req.url === '/mcp') {
        req.resume();
        res.writeHead(308, { location: '/v2/mcp' }).end();
        return;
      }
      scripted.handler(req, res);
    }), '/mcp');
    try {
      const { verdict } = await check(server.url, { headers: SECRET_HEADERS });
      assert.equal(verdict.status, 'healthy', JSON.stringify(verdict.reasons));
      assert.ok(scripted.requestHeaders.every((h) => h['authorization'] === 'Bearer top-secret' && h['x-api-key'] === 'key-123'));
    } finally {
      await server.close();
    }
  });

  it('a 302 turns the POST into a GET, as fetch does, and the MCP endpoint then refuses it', async () => {
    const scripted = createScriptedHandler();
    const target = await listen(createServer(scripted.handler), '/mcp');
    const front = await redirector(() => target.url, 302);
    try {
      const { verdict, codes } = await check(front.url);
      assert.equal(verdict.status, 'dead');
      assert.deepEqual(codes, ['http_error']);
    } finally {
      await front.close();
      await target.close();
    }
  });
});

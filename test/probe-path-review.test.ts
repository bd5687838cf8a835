import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createServer as createNetServer, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { closeDispatcher, createDispatcher } from '../src/probe/http/dispatcher.js';
import { httpRequest } from '../src/probe/http/request.js';
import { schemaProblem } from '../src/probe/validate/json-schema.js';
import { listen, type RunningServer } from './fixtures/listen.js';
import { check } from './helpers/check.js';

/** One test per defect a review of session 2's speed work found (the request path, bodies, memos), named after it. */

const LIMITS = { requestTimeoutMs: 5_000, bodyLimitBytes: 4 * 1024 * 1024, maxRedirects: 5 };
const dispatcher = createDispatcher({ connectTimeoutMs: 2_000, requestTimeoutMs: 5_000, insecure: false });
let server: RunningServer;
/** gzip of gzip of 256 MiB of zeros: a few hundred bytes on the wire, whole before its output reaches any cap. */
let doubleBomb: Buffer;

before(async () => {
  doubleBomb = gzipSync(gzipSync(Buffer.alloc(256 * 1024 * 1024)));
  server = await listen(
    createServer((req, res) => {
      req.resume();
      if (req.url === '/double-gzip') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip, gzip', 'content-length': doubleBomb.length });
        res.end(doubleBomb);
      } else if (req.url === '/bad-gzip') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        res.end(Buffer.from('this is not gzip at all'));
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
      }
    }),
    '/',
  );
});

after(async () => {
  await closeDispatcher(dispatcher);
  await server.close();
});

const base = () => server.url.replace(/\/$/, '');

describe('review of the request path (session 2)', () => {
  it('bug: a small gzip-of-gzip bomb went on inflating after the cap ended the read', async () => {
    const sent = await httpRequest(dispatcher, { method: 'GET', url: `${base()}/double-gzip`, headers: {} }, LIMITS, new AbortController().signal);
    assert.ok(sent.ok);
    const read = await sent.body.readAll();
    assert.equal(read.ok, false);
    assert.equal(read.ok ? '' : read.failure.code, 'body_too_large');
    assert.equal(sent.body.decoding, false, 'the decoder is stopped once the read has ended');
  });

  it('bug: reading a body that had already failed (bad encoding) never settled', async () => {
    const sent = await httpRequest(dispatcher, { method: 'GET', url: `${base()}/bad-gzip`, headers: {} }, LIMITS, new AbortController().signal);
    assert.ok(sent.ok);
    // Let the decoder meet the bad bytes and fail before anyone reads.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const read = await Promise.race([sent.body.readAll(), new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), 3_000))]);
    assert.notEqual(read, 'pending', 'readAll settles');
    assert.equal(read !== 'pending' && !read.ok ? read.failure.code : 'ok', 'decompression');
  });

  it('bug: a schema with a non-finite number shared a memo entry with one holding null', () => {
    const infinite = JSON.parse('{"type":"number","minimum":1e400}') as Record<string, unknown>;
    const nullMinimum = { type: 'number', minimum: null };
    // Either order gives each its own verdict.
    for (const order of [[infinite, nullMinimum], [nullMinimum, infinite]]) {
      for (const schema of order) {
        const problem = schemaProblem(schema);
        if (schema === infinite) assert.equal(problem, null);
        else assert.match(problem ?? '', /minimum/);
      }
    }
  });

  it('the deadline cuts a request still waiting for its headers (not the longer request timeout)', async () => {
    const sockets = new Set<Socket>();
    const silent = createNetServer((socket) => {
      sockets.add(socket);
      socket.resume();
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const started = performance.now();
      const { result, codes } = await check(`http://127.0.0.1:${port}/mcp`, { deadlineMs: 1_000, requestTimeoutMs: 10_000 });
      const elapsedMs = performance.now() - started;
      assert.deepEqual(codes, ['timeout']);
      assert.equal(result.failure?.code, 'deadline');
      assert.ok(elapsedMs < 5_000, `cut at ${Math.round(elapsedMs)} ms, by the 1 s deadline rather than the 10 s request timeout`);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

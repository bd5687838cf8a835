import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { startGiantSseEvent, startGzipBomb, startHugeBody, startSseCommentFlood } from './fixtures/hostile-servers.js';

/**
 * Bodies meant to exhaust memory end at the decompressed-size cap. Each probe runs in
 * its own process so its peak RSS can be read: it must stay far below what the server sent.
 */

const child = fileURLToPath(new URL('./helpers/probe-child.js', import.meta.url));
const MiB = 1024 * 1024;
/** Head-room over the process's own start-up size; the bodies below are 200 MiB and 1 GiB. */
const MAX_GROWTH_BYTES = 64 * MiB;

interface ChildReport {
  status: string;
  codes: string[];
  failure: { code: string } | null;
  bytesRead: number | null;
  rssAtStartBytes: number;
  peakRssBytes: number;
}

async function probeInChild(url: string, overrides: Record<string, unknown> = {}): Promise<ChildReport> {
  const { stdout } = await promisify(execFile)(process.execPath, [child, JSON.stringify({ url, overrides: { requestTimeoutMs: 20_000, deadlineMs: 30_000, ...overrides } })], {
    timeout: 60_000,
  });
  return JSON.parse(stdout) as ChildReport;
}

describe('hostile bodies end at the cap with bounded memory', () => {
  it('body_too_large: a 200 MB body stops at the 4 MiB default cap', async () => {
    const server = await startHugeBody(200 * MiB);
    try {
      const report = await probeInChild(server.url);
      assert.equal(report.status, 'dead');
      assert.deepEqual(report.codes, ['body_too_large']);
      assert.ok(report.bytesRead !== null && report.bytesRead <= 4 * MiB + 64 * 1024, `read ${report.bytesRead} bytes`);
      const growth = report.peakRssBytes - report.rssAtStartBytes;
      assert.ok(growth < MAX_GROWTH_BYTES, `peak RSS grew by ${(growth / MiB).toFixed(1)} MiB`);
    } finally {
      await server.close();
    }
  });

  it('body_too_large: a gzip bomb (1 GiB inflated from a few MB) stops at the cap, counted after decompression', async () => {
    const server = await startGzipBomb(16);
    try {
      assert.ok(server.compressedBytes < 8 * MiB, `the bomb is ${server.compressedBytes} bytes on the wire`);
      const report = await probeInChild(server.url);
      assert.equal(report.status, 'dead');
      assert.deepEqual(report.codes, ['body_too_large']);
      const growth = report.peakRssBytes - report.rssAtStartBytes;
      assert.ok(growth < MAX_GROWTH_BYTES, `peak RSS grew by ${(growth / MiB).toFixed(1)} MiB`);
    } finally {
      await server.close();
    }
  });

  it('sse_event_too_large: one event that never ends stops at the SSE event cap', async () => {
    const server = await startGiantSseEvent(200 * MiB);
    try {
      const report = await probeInChild(server.url, { sseEventLimitBytes: 1 * MiB });
      assert.equal(report.status, 'dead');
      assert.deepEqual(report.codes, ['body_too_large']);
      assert.equal(report.failure?.code, 'sse_event_too_large');
      const growth = report.peakRssBytes - report.rssAtStartBytes;
      assert.ok(growth < MAX_GROWTH_BYTES, `peak RSS grew by ${(growth / MiB).toFixed(1)} MiB`);
    } finally {
      await server.close();
    }
  });

  it('a flood of SSE keep-alive comments is dropped as it comes: memory does not grow with the flood', async () => {
    const server = await startSseCommentFlood(8192 * MiB);
    try {
      const run = (requestTimeoutMs: number) => probeInChild(server.url, { requestTimeoutMs, deadlineMs: 10_000, bodyLimitBytes: 8192 * MiB });
      const short = await run(500);
      const long = await run(3_000);
      for (const report of [short, long]) assert.deepEqual(report.codes, ['timeout']);
      const growth = (report: ChildReport) => report.peakRssBytes - report.rssAtStartBytes;
      assert.ok(long.bytesRead! > 3 * short.bytesRead!, `read ${short.bytesRead} then ${long.bytesRead} bytes`);
      assert.ok(growth(long) - growth(short) < 16 * MiB, `peak RSS grew ${(growth(short) / MiB).toFixed(1)} MiB, then ${(growth(long) / MiB).toFixed(1)} MiB`);
      assert.ok(growth(long) < MAX_GROWTH_BYTES);
    } finally {
      await server.close();
    }
  });

  it('a lower --max-body is honoured', async () => {
    const server = await startHugeBody(8 * MiB);
    try {
      const report = await probeInChild(server.url, { bodyLimitBytes: 256 * 1024 });
      assert.deepEqual(report.codes, ['body_too_large']);
      assert.ok(report.bytesRead !== null && report.bytesRead <= 256 * 1024 + 64 * 1024);
    } finally {
      await server.close();
    }
  });
});

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { startGzipBomb, startHugeBody } from './fixtures/hostile-servers.js';

/**
 * Bodies meant to exhaust memory end at the decompressed-size cap. Each probe runs in
 * its own process so its peak RSS can be read: it must stay far below what the server sent.
 */

const child = fileURLToPath(new URL('./helpers/probe-child.js', import.meta.url));
const MiB = 1024 * 1024;
/** Head-room over the process's own start-up size; the bodies below are 200 MiB and 1 GiB. */
const MAX_GROWTH_BYTES = 48 * MiB;

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

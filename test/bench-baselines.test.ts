import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { recordProbeRequests, startRecordingServer } from './bench/probe-requests.js';

const BASELINES = fileURLToPath(new URL('./bench/baselines.js', import.meta.url));

function runBaseline(config: object): Promise<{ ok: number; failed: number }> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [BASELINES, JSON.stringify(config)], { timeout: 20_000 }, (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout)))),
  );
}

describe('benchmark baselines', () => {
  it("the raw client replays a probe's requests byte for byte (method, headers in order, body)", async () => {
    const requests = await recordProbeRequests();
    assert.deepEqual(
      requests.map((r) => JSON.parse(r.body).method),
      ['server/discover', 'initialize', 'notifications/initialized', 'tools/list', 'ping', 'ping', 'ping'],
    );
    assert.ok(requests.every((r) => r.headers.includes('user-agent') && r.headers.includes('mcp-protocol-version')));
    const dir = mkdtempSync(join(tmpdir(), 'mcp-health-baselines-'));
    const requestsFile = join(dir, 'requests.json');
    writeFileSync(requestsFile, JSON.stringify(requests));
    const server = await startRecordingServer();
    try {
      const urlsFile = join(dir, 'urls.json');
      writeFileSync(urlsFile, JSON.stringify([{ url: server.url }]));
      const outcome = await runBaseline({ kind: 'raw', urlsFile, concurrency: 1, requestsFile });
      assert.deepEqual({ ok: outcome.ok, failed: outcome.failed }, { ok: 1, failed: 0 });
      assert.deepEqual(server.recorded, requests);
    } finally {
      await server.close();
    }
  });

  it('the raw client refuses to run without recorded requests', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcp-health-baselines-'));
    const urlsFile = join(dir, 'urls.json');
    writeFileSync(urlsFile, JSON.stringify([{ url: 'http://127.0.0.1:9/never' }]));
    await assert.rejects(runBaseline({ kind: 'raw', urlsFile, concurrency: 1 }));
  });
});

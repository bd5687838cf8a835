/**
 * The HTTP requests a probe of a healthy farm endpoint sends, recorded from a real probe, so the
 * raw-undici baseline replays the very same requests (method, headers in order, body bytes) and
 * measures the floor of the stack for the work mcp-health does, not for a lighter request.
 * Loopback only: one probe of one local scripted server.
 */
import { createServer, type IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { probe, probeOptions } from '../../src/probe/probe.js';
import { listen } from '../fixtures/listen.js';
import { createScriptedHandler } from '../fixtures/scripted-mcp-server.js';

export interface RecordedRequest {
  method: string;
  /** Header names and values in the order sent, without `host` (the replay's own origin) and `content-length` (undici's). */
  headers: string[];
  body: string;
}

/** Headers a replay to another origin must not repeat verbatim. */
const PER_CONNECTION = new Set(['host', 'content-length', 'connection']);

/** A farm-like healthy endpoint (test/fixtures/farm.ts: a scripted server with its defaults) that records every request. */
export async function startRecordingServer(): Promise<{ url: string; recorded: RecordedRequest[]; close(): Promise<void> }> {
  const recorded: RecordedRequest[] = [];
  const scripted = createScriptedHandler({});
  const server = createServer(async (req, res) => {
    const parts: Buffer[] = [];
    for await (const chunk of req) parts.push(chunk as Buffer);
    const body = Buffer.concat(parts).toString('utf8');
    const headers: string[] = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      if (!PER_CONNECTION.has(req.rawHeaders[i]!.toLowerCase())) headers.push(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
    }
    recorded.push({ method: req.method ?? 'GET', headers, body });
    // The scripted handler reads the body again, from a copy.
    const replay = Object.assign(Readable.from([Buffer.from(body)]), { headers: req.headers, method: req.method, url: req.url });
    scripted.handler(replay as unknown as IncomingMessage, res);
  });
  const running = await listen(server, '/healthy/0');
  return { url: running.url, recorded, close: () => running.close() };
}

/** The requests of one real probe of a healthy endpoint. */
export async function recordProbeRequests(): Promise<RecordedRequest[]> {
  const server = await startRecordingServer();
  try {
    const result = await probe(probeOptions(server.url));
    if (result.failure) throw new Error(`the recording probe failed: ${result.failure.code} ${result.failure.detail}`);
  } finally {
    await server.close();
  }
  return server.recorded;
}

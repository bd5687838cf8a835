import { createSocket, type Socket } from 'node:dgram';

/**
 * A slow authoritative DNS server for benchmarks: names under `suffix` resolve to
 * 127.0.0.1 (A) and to nothing (AAAA) after `delayMs`; anything else is NXDOMAIN.
 * Only for a private network namespace where it is the system resolver (see dns-bench.ts).
 */
export async function startFakeDns(options: { host: string; port: number; suffix: string; delayMs: number }): Promise<{ queries: () => number; close(): Promise<void> }> {
  const socket: Socket = createSocket('udp4');
  let queries = 0;
  socket.on('message', (query, peer) => {
    queries++;
    const answer = respond(query, options.suffix);
    if (!answer) return;
    setTimeout(() => socket.send(answer, peer.port, peer.address), options.delayMs);
  });
  await new Promise<void>((resolve) => socket.bind(options.port, options.host, resolve));
  return { queries: () => queries, close: () => new Promise((resolve) => socket.close(() => resolve())) };
}

function respond(query: Buffer, suffix: string): Buffer | null {
  if (query.length < 17) return null;
  let offset = 12;
  const labels: string[] = [];
  while (offset < query.length && query[offset]! !== 0) {
    const length = query[offset]!;
    labels.push(query.subarray(offset + 1, offset + 1 + length).toString('ascii'));
    offset += length + 1;
  }
  const questionEnd = offset + 5;
  if (questionEnd > query.length) return null;
  const type = query.readUInt16BE(offset + 1);
  const name = labels.join('.').toLowerCase();
  const known = name.endsWith(suffix);
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2); // id
  header.writeUInt16BE(known ? 0x8580 : 0x8583, 2); // response, authoritative, RD, RA; NOERROR or NXDOMAIN
  header.writeUInt16BE(1, 4);
  const withAnswer = known && type === 1;
  header.writeUInt16BE(withAnswer ? 1 : 0, 6);
  const question = query.subarray(12, questionEnd);
  if (!withAnswer) return Buffer.concat([header, question]);
  const answer = Buffer.from([0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 127, 0, 0, 1]);
  return Buffer.concat([header, question, answer]);
}

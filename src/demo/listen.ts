import type { Server as HttpServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A demo server on 127.0.0.1, port 0; close() also ends open connections. */
export interface DemoServer {
  url: string;
  close(): Promise<void>;
}

export async function listenLocal(server: HttpServer, path: string): Promise<DemoServer> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A dead endpoint that stays dead: a port held by this process for the whole demo, whose every
 * connection is reset at once (ECONNRESET, `connection_reset`). A port bound and then released
 * (connection refused) could be taken by another process mid-demo and answer for it.
 */
export async function resettingLocalPort(): Promise<{ port: number; close(): Promise<void> }> {
  const { createServer } = await import('node:net');
  const server = createServer((socket) => socket.resetAndDestroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The request body as text, at most `limitBytes` (the demo servers, and the test fixtures, read small JSON-RPC requests). */
export async function readSmallBody(req: NodeJS.ReadableStream, limitBytes = 256 * 1024): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) throw new Error(`request body over ${limitBytes} bytes`);
    parts.push(chunk as Buffer);
  }
  return Buffer.concat(parts).toString('utf8');
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

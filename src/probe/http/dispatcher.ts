import type { LookupFunction } from 'node:net';
import { rootCertificates, type TLSSocket } from 'node:tls';
import { Agent, buildConnector, type Dispatcher } from 'undici';
import { probeLookup } from './lookup.js';
import { tlsFactsOf, type TlsFacts } from './tls-facts.js';

export interface DispatcherOptions {
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  /** Turn TLS verification off (`--insecure`). */
  insecure: boolean;
  /** Extra trusted CA certificates in PEM (a private CA); the system store is still used. */
  caPem?: string[];
  /** Name resolution; defaults to the system resolver (with `.invalid` short-circuited). */
  lookup?: LookupFunction;
  /** Called once, with the first TLS connection's facts. */
  onTls?: (facts: TlsFacts) => void;
}

/**
 * An undici Agent with every limit explicit: undici's own defaults (300 s header and
 * body timeouts, unlimited bodies) are wrong for a prober. Its owner closes it with
 * closeDispatcher: a lone probe when it ends, a scan when an origin's last probe ends,
 * so no idle socket outlives the work it was opened for.
 */
export function createDispatcher(options: DispatcherOptions): Agent {
  const connector = buildConnector({
    timeout: options.connectTimeoutMs,
    rejectUnauthorized: !options.insecure,
    lookup: options.lookup ?? probeLookup,
    // Setting `ca` replaces Node's default store, so the bundled roots are kept alongside.
    ...(options.caPem && options.caPem.length > 0 ? { ca: [...rootCertificates, ...options.caPem] } : {}),
  });
  let tlsSeen = false;
  const connect: buildConnector.connector = (connectOptions, callback) =>
    connector(connectOptions, (...args) => {
      const [error, socket] = args;
      if (!error && !tlsSeen && options.onTls && 'getPeerCertificate' in socket) {
        tlsSeen = true;
        options.onTls(tlsFactsOf(socket as TLSSocket));
      }
      callback(...args);
    });
  return new Agent({
    connect,
    headersTimeout: options.requestTimeoutMs,
    bodyTimeout: options.requestTimeoutMs,
    keepAliveTimeout: 4_000,
    keepAliveMaxTimeout: 10_000,
    connections: 4,
    pipelining: 1,
    maxHeaderSize: 64 * 1024,
  });
}

const CLOSE_GRACE_MS = 100;

/**
 * The reason given when retiring connections no request uses any more. undici's close() ends
 * in destroy() without a reason, which builds a ClientDestroyedError, with a stack, at each
 * level (agent, pool, client) of every dispatcher: measurable when a scan retires an origin's
 * connections hundreds of times a second. One made once serves them all.
 */
const RETIRED = Object.assign(new Error('connections retired: no request of this origin is left'), { code: 'MCP_HEALTH_RETIRED' });

/**
 * Ends the connections of a dispatcher that has no request in flight (a scan's origin whose last
 * probe has ended): its idle keep-alive sockets close as close() would close them, without an
 * error made per level. A request still in flight, which there should not be, is aborted.
 */
export async function retireDispatcher(dispatcher: Dispatcher): Promise<void> {
  await dispatcher.destroy(RETIRED).catch(() => undefined);
}

/**
 * Ends every connection of the probe. close() ends idle sockets quietly (destroy() makes
 * an error, with a stack, per socket: measurable at scan rates), but it waits for requests
 * in flight, which a hostile server could hold open: after a short grace, destroy().
 */
export async function closeDispatcher(dispatcher: Dispatcher): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), CLOSE_GRACE_MS)));
  const closed = await Promise.race([dispatcher.close().then(() => 'closed' as const, () => 'closed' as const), grace]);
  clearTimeout(timer);
  if (closed === 'late') await dispatcher.destroy().catch(() => undefined);
}

import type { LookupFunction } from 'node:net';
import { rootCertificates, type TLSSocket } from 'node:tls';
import { Agent, buildConnector } from 'undici';
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
 * One undici Agent per probe, with every limit explicit: undici's own defaults
 * (300 s header and body timeouts, unlimited bodies) are wrong for a prober.
 * The caller closes it when the probe ends, so no idle socket outlives its probe.
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

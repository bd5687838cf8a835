import { rootCertificates } from 'node:tls';
import { Agent } from 'undici';
import { probeLookup } from './lookup.js';

export interface DispatcherOptions {
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  /** Turn TLS verification off (`--insecure`). */
  insecure: boolean;
  /** Extra trusted CA certificates in PEM (a private CA); the system store is still used. */
  caPem?: string[];
}

/**
 * One undici Agent per probe, with every limit explicit: undici's own defaults
 * (300 s header and body timeouts, unlimited bodies) are wrong for a prober.
 * The caller closes it when the probe ends, so no idle socket outlives its probe.
 */
export function createDispatcher(options: DispatcherOptions): Agent {
  return new Agent({
    connect: {
      timeout: options.connectTimeoutMs,
      rejectUnauthorized: !options.insecure,
      lookup: probeLookup,
      // Setting `ca` replaces Node's default store, so the bundled roots are kept alongside.
      ...(options.caPem && options.caPem.length > 0 ? { ca: [...rootCertificates, ...options.caPem] } : {}),
    },
    headersTimeout: options.requestTimeoutMs,
    bodyTimeout: options.requestTimeoutMs,
    keepAliveTimeout: 4_000,
    keepAliveMaxTimeout: 10_000,
    connections: 4,
    pipelining: 1,
    maxHeaderSize: 64 * 1024,
  });
}


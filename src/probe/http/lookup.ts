import dns from 'node:dns';
import type { LookupFunction } from 'node:net';

/**
 * RFC 6761 §6.4: names under `.invalid` never resolve, and resolver libraries
 * SHOULD answer that at once without asking the network. Node does ask, so we
 * short-circuit here (this also keeps tests of "unknown host" on the machine).
 */
export function isInvalidTld(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return name === 'invalid' || name.endsWith('.invalid');
}

export const probeLookup: LookupFunction = (hostname, options, callback) => {
  if (isInvalidTld(hostname)) {
    const err = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
      code: 'ENOTFOUND',
      errno: -3008,
      syscall: 'getaddrinfo',
      hostname,
    });
    process.nextTick(callback, err, '', 0);
    return;
  }
  dns.lookup(hostname, options, callback as never);
};

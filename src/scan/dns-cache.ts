import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { probeLookup } from '../probe/http/lookup.js';

/**
 * A lookup function that asks the system resolver (getaddrinfo: /etc/hosts, nsswitch,
 * search domains, all kept) once per name per scan: concurrent lookups of one name share
 * one query, and answers (and failures) are remembered for `ttlMs`. With thousands of
 * endpoints on hundreds of hosts this turns N lookups into one per host; the libuv
 * thread pool that runs getaddrinfo is enlarged at start-up (see cli/main.ts).
 */
export function cachingLookup(ttlMs: number, now: () => number = Date.now): LookupFunction {
  const cache = new Map<string, { at: number; promise: Promise<LookupAddress[]> }>();
  const resolve = (hostname: string): Promise<LookupAddress[]> => {
    const key = hostname.toLowerCase();
    const hit = cache.get(key);
    if (hit && now() - hit.at < ttlMs) return hit.promise;
    const promise = new Promise<LookupAddress[]>((ok, fail) => {
      probeLookup(hostname, { all: true }, (err, addresses) => (err ? fail(err) : ok(addresses as unknown as LookupAddress[])));
    });
    cache.set(key, { at: now(), promise });
    if (cache.size > 10_000) cache.delete(cache.keys().next().value!);
    return promise;
  };
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const family = options.family === 4 || options.family === 6 ? options.family : 0;
        const usable = family === 0 ? addresses : addresses.filter((a) => a.family === family);
        if (usable.length === 0) {
          const err = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
          return callback(err, '', 0);
        }
        if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, usable);
        callback(null, usable[0]!.address, usable[0]!.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 0),
    );
  };
}

/**
 * Name resolution (getaddrinfo) runs on libuv's thread pool, four threads by default:
 * a scan of thousands of hosts would queue every lookup behind four slow answers
 * (docs/performance.md measures it). libuv sizes the pool when it is first used, so this
 * module is imported first by the CLI entry point. An explicit UV_THREADPOOL_SIZE wins.
 */
export const THREADPOOL_SIZE = 64;

if (process.env['UV_THREADPOOL_SIZE'] === undefined) process.env['UV_THREADPOOL_SIZE'] = String(THREADPOOL_SIZE);

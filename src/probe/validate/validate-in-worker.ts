import { Worker } from 'node:worker_threads';

export type WorkerVerdict = { ok: true } | { ok: false; problem: string } | { ok: false; timedOut: true; problem: string };

const WORKER_URL = new URL('./schema-worker.js', import.meta.url);

/**
 * Validates `value` against a server-supplied schema in a worker thread, terminated after
 * `timeoutMs`: a hostile pattern costs at most that much time, never the process.
 */
export function validateInWorker(schema: Record<string, unknown>, value: unknown, timeoutMs: number): Promise<WorkerVerdict> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_URL, { workerData: { schema, value }, resourceLimits: { maxOldGenerationSizeMb: 64 } });
    const timer = setTimeout(() => {
      void worker.terminate();
      resolve({ ok: false, timedOut: true, problem: `validation did not finish within ${timeoutMs} ms (a pathological pattern?)` });
    }, timeoutMs);
    worker.once('message', (verdict: WorkerVerdict) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(verdict);
    });
    worker.once('error', (err) => {
      clearTimeout(timer);
      resolve({ ok: false, problem: `validation failed: ${err.message.slice(0, 200)}` });
    });
  });
}

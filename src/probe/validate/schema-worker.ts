/**
 * Runs one JSON Schema validation off the main thread. Schemas come from servers, and a
 * `pattern` can backtrack catastrophically (ReDoS); here the caller can terminate the
 * worker at its deadline, which no timer on the main thread could do.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compileSchema } from './json-schema.js';

const { schema, value } = workerData as { schema: Record<string, unknown>; value: unknown };
const compiled = compileSchema(schema);
parentPort!.postMessage(compiled.ok ? compiled.validate(value) : { ok: false, problem: `outputSchema does not compile: ${compiled.problem}` });

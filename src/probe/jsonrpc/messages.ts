import { isObject } from '../../util/json-values.js';
import { failure, type Failure } from '../failure.js';

export type JsonRpcId = number | string;

export interface JsonRpcRequest {
  jsonrpc: '2.0';
  id: JsonRpcId;
  method: string;
  params?: Record<string, unknown>;
}

export interface JsonRpcNotification {
  jsonrpc: '2.0';
  method: string;
  params?: Record<string, unknown>;
}

export interface JsonRpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

/** A response matched to our request: a result, or a JSON-RPC error object. */
export type JsonRpcAnswer = { kind: 'result'; result: Record<string, unknown> } | { kind: 'error'; error: JsonRpcErrorObject };

/** A JSON-RPC error object as the spec defines it (integer code, string message). */
export function asErrorObject(value: unknown): JsonRpcErrorObject | null {
  if (!isObject(value)) return null;
  const { code, message } = value;
  if (typeof code !== 'number' || !Number.isInteger(code) || typeof message !== 'string') return null;
  return { code, message, ...(value['data'] === undefined ? {} : { data: value['data'] }) };
}

/**
 * Reads a JSON-RPC 2.0 error response out of any JSON value (an HTTP 4xx body, say),
 * or null when it is not one. Used to tell a modern server's error from a legacy 4xx.
 */
export function errorResponseOf(value: unknown): JsonRpcErrorObject | null {
  if (!isObject(value) || value['jsonrpc'] !== '2.0') return null;
  return asErrorObject(value['error']);
}

/** True when a message is a response (has result or error, and an id or a null id). */
export function isResponse(value: unknown): value is Record<string, unknown> {
  return isObject(value) && ('result' in value || 'error' in value) && !('method' in value);
}

/**
 * Validates the envelope of the response to request `id` (JSON-RPC 2.0 §5):
 * `jsonrpc: "2.0"`, the same id, exactly one of result/error, a well-formed error.
 */
export function readAnswer(message: unknown, id: JsonRpcId): { ok: true; answer: JsonRpcAnswer } | { ok: false; failure: Failure } {
  if (!isObject(message)) return { ok: false, failure: failure('not_jsonrpc', 'the response is not a JSON object') };
  if (message['jsonrpc'] !== '2.0') return { ok: false, failure: failure('not_jsonrpc', 'the response lacks "jsonrpc": "2.0"') };
  const hasResult = 'result' in message;
  const hasError = 'error' in message;
  if (hasResult === hasError) {
    return { ok: false, failure: failure('not_jsonrpc', 'a response must carry exactly one of "result" and "error"') };
  }
  if (hasError) {
    const error = asErrorObject(message['error']);
    if (!error) return { ok: false, failure: failure('not_jsonrpc', 'the "error" member is not a JSON-RPC error object') };
    // An error may carry a null id when the server could not read ours.
    if (message['id'] !== id && message['id'] !== null && message['id'] !== undefined) {
      return { ok: false, failure: failure('not_jsonrpc', `the response id ${JSON.stringify(message['id'])} is not ours (${JSON.stringify(id)})`) };
    }
    return { ok: true, answer: { kind: 'error', error } };
  }
  if (message['id'] !== id) {
    return { ok: false, failure: failure('not_jsonrpc', `the response id ${JSON.stringify(message['id'])} is not ours (${JSON.stringify(id)})`) };
  }
  const result = message['result'];
  if (!isObject(result)) return { ok: false, failure: failure('schema', 'the "result" member is not an object') };
  return { ok: true, answer: { kind: 'result', result } };
}

/** Parses bytes as JSON, or reports why not. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

import type { HttpResponseHead } from '../http/request.js';
import type { JsonRpcErrorObject } from '../jsonrpc/messages.js';

/** What one HTTP exchange showed, kept on the step that made it. */
export interface HttpFacts {
  status: number;
  contentType: string;
  /** Decoded body bytes read (a stream read only up to our answer counts only that far). */
  bytes: number;
  url: string;
  redirects: string[];
  /** Response headers the probe acts on. */
  sessionId?: string;
  wwwAuthenticate?: string;
  retryAfter?: string;
  /** A JSON-RPC error found in a non-2xx body (how modern servers explain a 400/404). */
  rpcError?: JsonRpcErrorObject;
}

export function httpFactsOf(head: HttpResponseHead, bytes: number): HttpFacts {
  const facts: HttpFacts = { status: head.status, contentType: head.contentType, bytes, url: head.url, redirects: head.redirects };
  const sessionId = head.headers['mcp-session-id'];
  if (sessionId !== undefined) facts.sessionId = sessionId;
  const wwwAuthenticate = head.headers['www-authenticate'];
  if (wwwAuthenticate !== undefined) facts.wwwAuthenticate = wwwAuthenticate;
  const retryAfter = head.headers['retry-after'];
  if (retryAfter !== undefined) facts.retryAfter = retryAfter;
  return facts;
}

import type * as z from 'zod/v4';
import type { McpChannel } from '../eras/channel.js';
import { failure, rpcErrorFailure, type Failure } from '../failure.js';
import type { StepLog } from '../steps.js';
import { checkResult } from '../validate/mcp-results.js';

export interface Listing<T> {
  /** Items kept (at most `maxItems`). */
  items: T[];
  /** Items seen, counting past `maxItems`. */
  count: number;
  pages: number;
  /** Stopped by the page, item or byte cap, not by the end of the list. */
  truncated: boolean;
  /** Why listing stopped early (the items before it are kept). */
  failure: Failure | null;
}

export interface ListOptions {
  maxPages: number;
  maxItems: number;
  /** Decoded bytes of all pages together: what is kept in memory stays below this. */
  maxBytes: number;
  /** Keep the items, or only count them. */
  keepItems: boolean;
  /**
   * Whether `nextCursor: ""` ends the list. 2026-07-28 made the empty string a valid
   * cursor; earlier revisions' clients (the SDK's) stop on it.
   */
  emptyCursorEnds: boolean;
}

/**
 * Follows `nextCursor` through every page of a list method, validating each page.
 * A cursor that repeats is a loop and stops the walk.
 */
export async function listAll<K extends string, T>(
  channel: McpChannel,
  steps: StepLog,
  method: string,
  key: K,
  pageSchema: z.ZodType<{ [P in K]: T[] } & { nextCursor?: string | undefined }>,
  options: ListOptions,
): Promise<Listing<T>> {
  const listing: Listing<T> = { items: [], count: 0, pages: 0, truncated: false, failure: null };
  const cursors = new Set<string>();
  let cursor: string | undefined;
  let bytes = 0;
  for (;;) {
    if (listing.pages >= options.maxPages || bytes >= options.maxBytes) {
      listing.truncated = true;
      return listing;
    }
    const outcome = await steps.rpc(method, () => channel.request(method, cursor === undefined ? {} : { cursor }));
    listing.pages++;
    bytes += outcome.http?.bytes ?? 0;
    if (!outcome.ok) return { ...listing, failure: outcome.failure };
    if (outcome.answer.kind === 'error') return { ...listing, failure: rpcErrorFailure(method, outcome.answer.error) };
    const page = checkResult(pageSchema, outcome.answer.result, `${method} page ${listing.pages}`);
    if (!page.ok) return { ...listing, failure: page.failure };
    const items = page.value[key];
    listing.count += items.length;
    if (options.keepItems) {
      for (const item of items) {
        if (listing.items.length < options.maxItems) listing.items.push(item);
        else listing.truncated = true;
      }
    }
    const next = page.value.nextCursor;
    if (next === undefined || next === null || (next === '' && options.emptyCursorEnds)) return listing;
    if (cursors.has(next)) {
      return { ...listing, failure: failure('schema', `${method} pagination loops: cursor ${JSON.stringify(next.slice(0, 60))} came back`) };
    }
    cursors.add(next);
    cursor = next;
  }
}

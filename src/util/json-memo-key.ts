import { createHash } from 'node:crypto';
import { holdsNonFinite } from './json-values.js';

/** Texts up to this length are their own key (a string key costs its length; a hash, a hash). */
const TEXT_KEY_MAX_CHARS = 1_024;

/**
 * The key under which a pure function of a JSON value may remember its answer: the value's JSON
 * text itself when short, a SHA-256 of it when long (an entry then costs ~100 bytes whatever the
 * value's size). Null when the text would not say what the value holds: a non-finite number,
 * which JSON writes as null (`1e400` parses to Infinity), so such a value is neither looked up
 * nor kept. Only a text with a `null` in it can hide one; only then is the value walked.
 */
export function jsonMemoKey(value: unknown): string | null {
  const text = JSON.stringify(value);
  if (text.includes('null') && holdsNonFinite(value)) return null;
  return text.length <= TEXT_KEY_MAX_CHARS ? `=${text}` : `#${createHash('sha256').update(text).digest('base64')}`;
}

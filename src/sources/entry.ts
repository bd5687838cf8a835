import { normaliseUrl } from './normalise-url.js';
import type { InputProblem, SourceLocation, Target } from './target.js';

/** One raw entry from any input format, before validation. */
export interface RawEntry {
  url: string;
  name?: string | undefined;
  headers?: Record<string, string> | undefined;
  location: SourceLocation;
}

const SNIPPET = 120;

/** Validates one entry into a target, or says why not (with its location). */
export function entryToTarget(entry: RawEntry): { target: Target } | { problem: InputProblem } {
  const normalised = normaliseUrl(entry.url);
  if (!normalised.ok) return { problem: { ...entry.location, reason: normalised.reason, text: entry.url.slice(0, SNIPPET) } };
  const target: Target = { url: normalised.url, source: entry.location };
  const name = entry.name?.trim();
  if (name) target.name = name;
  if (entry.headers && Object.keys(entry.headers).length > 0) target.headers = entry.headers;
  return { target };
}

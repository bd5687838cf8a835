/** One endpoint to probe, and where it came from. */
export interface Target {
  /** Normalised: http(s), lower-case host, no default port, no fragment. */
  url: string;
  name?: string;
  /** Header templates as written in the input; `${VAR}` is expanded only when probing, never stored. */
  headers?: Record<string, string>;
  source: SourceLocation;
}

export interface SourceLocation {
  /** File path, `-` for stdin, or the registry base URL. */
  file: string;
  /** 1-based line (text, CSV files). */
  line?: number;
  /** 1-based entry (JSON arrays, registry listings), when there are no useful lines. */
  entry?: number;
}

/** A rejected input entry: reported with its location; the rest of the input goes on. */
export interface InputProblem extends SourceLocation {
  reason: string;
  /** The offending text, cut short. */
  text?: string;
}

export interface SourceOutcome {
  targets: Target[];
  problems: InputProblem[];
}

export function locationText(location: SourceLocation): string {
  if (location.line !== undefined) return `${location.file}:${location.line}`;
  if (location.entry !== undefined) return `${location.file} (entry ${location.entry})`;
  return location.file;
}

import { readFile } from 'node:fs/promises';
import { expandEnv } from '../util/expand-env.js';
import { headerProblem } from '../probe/http/header-rules.js';
import { detectFormat } from './detect-format.js';
import { entryToTarget, type RawEntry } from './entry.js';
import { readCsvList } from './read-csv.js';
import { readJsonList } from './read-json.js';
import { readTextList } from './read-text.js';
import { readRegistry, REGISTRY_DEFAULTS, type RegistryOptions } from './registry-client.js';
import type { InputProblem, SourceOutcome, Target } from './target.js';

export interface LoadOptions {
  /** Positional inputs: file paths, or `-` for standard input. */
  files: string[];
  /** Base URL of a live MCP registry, if any. */
  registry?: string;
  registryOptions?: RegistryOptions;
  env: NodeJS.ProcessEnv;
  readStdin?: () => Promise<string>;
}

export interface LoadedSources extends SourceOutcome {
  /** Entries dropped because an earlier one had the same normalised URL. */
  duplicates: number;
}

/** Entries of one list, whatever its format. */
export function readList(text: string, file: string): { entries: RawEntry[]; problems: InputProblem[] } {
  switch (detectFormat(file, text)) {
    case 'json':
      return readJsonList(text, file);
    case 'csv':
      return readCsvList(text, file);
    case 'text':
      return { entries: readTextList(text, file), problems: [] };
  }
}

/** Why a target's headers cannot be sent (an unset `${VAR}`, a bad name or value), or null. */
export function headersProblem(target: Target, env: NodeJS.ProcessEnv): string | null {
  for (const [name, template] of Object.entries(target.headers ?? {})) {
    const expanded = expandEnv(template, env);
    if (!expanded.ok) return `header ${name}: ${expanded.message}`;
    const problem = headerProblem(name, expanded.value);
    if (problem) return `header ${problem}`;
  }
  return null;
}

async function readStdinText(): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of process.stdin) parts.push(chunk as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

/**
 * Reads every input, validates and normalises each entry, drops duplicates (first one wins)
 * and reports every rejected entry with its location. Never throws for bad input.
 */
export async function loadSources(options: LoadOptions): Promise<LoadedSources> {
  const entries: RawEntry[] = [];
  const problems: InputProblem[] = [];
  for (const file of options.files) {
    let text: string;
    try {
      text = file === '-' ? await (options.readStdin ?? readStdinText)() : await readFile(file, 'utf8');
    } catch (err) {
      problems.push({ file, reason: `cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` });
      continue;
    }
    const read = readList(text, file === '-' ? 'stdin' : file);
    entries.push(...read.entries);
    problems.push(...read.problems);
  }
  if (options.registry !== undefined) {
    const read = await readRegistry(options.registry, options.registryOptions ?? REGISTRY_DEFAULTS);
    entries.push(...read.entries);
    problems.push(...read.problems);
  }

  const targets: Target[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  for (const entry of entries) {
    const checked = entryToTarget(entry);
    if ('problem' in checked) {
      problems.push(checked.problem);
      continue;
    }
    const headerTrouble = headersProblem(checked.target, options.env);
    if (headerTrouble !== null) {
      problems.push({ ...checked.target.source, reason: headerTrouble, text: checked.target.url });
      continue;
    }
    if (seen.has(checked.target.url)) {
      duplicates++;
      continue;
    }
    seen.add(checked.target.url);
    targets.push(checked.target);
  }
  return { targets, problems, duplicates };
}

import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Why a file cannot be written at `path` (creating missing folders), or null when it looks
 * writable. Checked before a run does its work, so a typo in an output path (`--junit out/`, a
 * lock file under a file) is a usage error up front rather than a crash, or lost results, at the
 * end (review of #5). Writing can still fail later (a full disk); callers handle that too.
 */
export function unwritable(path: string): string | null {
  const target = resolve(path);
  const existing = statOf(target);
  if (existing) {
    if (existing.isDirectory()) return `${path} is a directory; give a file name`;
    return accessProblem(target, path);
  }
  // The nearest ancestor that exists must be a folder we may create entries in. Bounded: each
  // step goes one level up, and dirname of the root is the root.
  let ancestor = dirname(target);
  for (let depth = 0; depth < 4096; depth++) {
    const stat = statOf(ancestor);
    if (stat) {
      if (!stat.isDirectory()) return `cannot create ${path}: ${ancestor} is not a directory`;
      return accessProblem(ancestor, path);
    }
    const parent = dirname(ancestor);
    if (parent === ancestor) break;
    ancestor = parent;
  }
  return null;
}

function statOf(path: string): ReturnType<typeof statSync> | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

function accessProblem(path: string, shownAs: string): string | null {
  try {
    accessSync(path, constants.W_OK);
    return null;
  } catch (err) {
    return `cannot write ${shownAs} (${(err as NodeJS.ErrnoException).code ?? 'error'})`;
  }
}

import type { RawEntry } from './entry.js';

/**
 * Plain text: one URL per line, optionally followed by a name; `#` starts a comment
 * (at the start of a line, or after white space); blank lines are skipped.
 */
export function readTextList(text: string, file: string): RawEntry[] {
  const entries: RawEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') return;
    const [url, ...name] = line.split(/\s+/);
    entries.push({ url: url!, name: name.length > 0 ? name.join(' ') : undefined, location: { file, line: index + 1 } });
  });
  return entries;
}

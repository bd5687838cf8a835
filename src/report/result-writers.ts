import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { toSafeJson } from '../util/safe-json.js';
import type { ResultRecord } from './result-record.js';

/** Where results stream to as they complete: a file, or `-` for stdout. */
function open(path: string): NodeJS.WritableStream & { end(cb?: () => void): void } {
  return path === '-' ? process.stdout : createWriteStream(path, { encoding: 'utf8' });
}

async function close(stream: NodeJS.WritableStream & { end(cb?: () => void): void }): Promise<void> {
  if (stream === process.stdout) return;
  const file = stream as WriteStream;
  file.end();
  await once(file, 'close');
}

/** `--jsonl`: one result per line, written the moment it completes. */
export class JsonLinesWriter {
  private readonly stream;

  constructor(path: string) {
    this.stream = open(path);
  }

  write(record: ResultRecord): void {
    this.stream.write(`${toSafeJson(record)}\n`);
  }

  close(): Promise<void> {
    return close(this.stream);
  }
}

/**
 * `--json`: the whole run as one document, `{ run, results: [...], summary }`, streamed
 * (results are written as they complete, never held all at once: 10,000 endpoints fit).
 */
export class RunJsonWriter {
  private readonly stream;
  private first = true;

  constructor(path: string, run: Record<string, unknown>) {
    this.stream = open(path);
    this.stream.write(`{"run":${toSafeJson(run)},"results":[\n`);
  }

  write(record: ResultRecord): void {
    this.stream.write(`${this.first ? '' : ',\n'}${toSafeJson(record)}`);
    this.first = false;
  }

  async close(summary: Record<string, unknown>): Promise<void> {
    this.stream.write(`\n],"summary":${toSafeJson(summary)}}\n`);
    await close(this.stream);
  }
}

/**
 * The history's writer, on a thread of its own (threaded-recorder.ts starts it): a scan's thread
 * builds each result's row and posts it here, where it is written at once, in one transaction
 * per message. So the SQLite work (the statements, the indexes, the WAL) is off the thread that
 * times the probes' exchanges.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from './database.js';
import { RunRecorder, type ProbeRow } from './run-recorder.js';

export type WriterRequest =
  | { kind: 'attach'; runId: number }
  | { kind: 'rows'; rows: ProbeRow[] }
  /** Wakes the waiting thread (`done[0]` set) once everything before it is written, or the writer has failed. */
  | { kind: 'flush'; done: Int32Array }
  /** Stores the run's end once every row before it is written: its finish time is when the results are all kept. */
  | { kind: 'finish'; state: 'finished' | 'interrupted' };

export type WriterReply = { kind: 'finished' } | { kind: 'failed'; message: string };

/**
 * The writer is background work: it runs at a lower priority than the thread that times the
 * probes, so that waking it (a batch posted) does not take that thread's core mid-exchange. On a
 * busy machine the kernel otherwise runs the woken writer at once, and the scan's thread waits
 * out its transaction: measured as 0.5–5 ms per post, 40–70 ms over a 2,000-endpoint scan.
 * Linux only (a thread is addressed by its id there); elsewhere, or when refused, it stays as is.
 */
function lowerOwnPriority(): void {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(threadId) && threadId > 0) setPriority(threadId, WRITER_NICENESS);
  } catch {
    // Not Linux, or not permitted: the writer runs at the scan's priority.
  }
}
const WRITER_NICENESS = 10;

lowerOwnPriority();
const port = parentPort!;
const { path } = workerData as { path: string };
let recorder: RunRecorder | null = null;
let failed = false;
/** The run's end is stored and the connection closed: nothing more to write. */
let saved = false;

/** Sets `done[0]` (1: stored, 2: not, the writer failed) and wakes the thread waiting on it. */
function wake(done: Int32Array, value: 1 | 2): void {
  Atomics.store(done, 0, value);
  Atomics.notify(done, 0);
}

function reply(message: WriterReply): void {
  port.postMessage(message);
}

/**
 * After a failure nothing more is written, and the port stays open, so that a thread waiting on a
 * flush is still woken (a closed port would leave it waiting its full time); the scan ends the
 * writer (terminate) once it has reported the failure.
 */
function failWith(err: unknown): void {
  failed = true;
  reply({ kind: 'failed', message: err instanceof Error ? err.message : String(err) });
  try {
    db?.close();
  } catch {
    // Closing after a failed write is best effort; the failure is what the scan reports.
  }
}

let db: ReturnType<typeof openDatabase> | null = null;
try {
  db = openDatabase(path);
} catch (err) {
  failWith(err);
}

port.on('message', (request: WriterRequest) => {
  if (failed || saved) {
    if (request.kind === 'flush') wake(request.done, failed ? 2 : 1);
    return;
  }
  try {
    switch (request.kind) {
      case 'attach':
        recorder = RunRecorder.attach(db!, request.runId);
        break;
      case 'rows':
        recorder!.writeRows(request.rows);
        break;
      case 'flush':
        wake(request.done, 1);
        break;
      case 'finish':
        recorder!.finish(request.state);
        db!.close();
        // The port stays open: an abort's flush may still be on its way, and is answered (nothing is left to
        // store). The scan ends the writer when it is done with it.
        saved = true;
        reply({ kind: 'finished' });
        break;
    }
  } catch (err) {
    failWith(err);
  }
});

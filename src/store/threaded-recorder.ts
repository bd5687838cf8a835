import { Worker } from 'node:worker_threads';
import { BUSY_TIMEOUT_MS } from './database.js';
import { probeRow, type ProbeOutcome, type ProbeRow } from './run-recorder.js';
import type { WriterReply, WriterRequest } from './writer-thread.js';

const WRITER_URL = new URL('./writer-thread.js', import.meta.url);
/**
 * How long an abort (a second Ctrl+C) waits for the writer to store what it was sent: as long as a
 * write may wait for another scan's lock, and a little more (the recorder on this thread waited as long).
 */
const ABORT_FLUSH_WAIT_MS = BUSY_TIMEOUT_MS + 1_000;

/**
 * Records a run's results through a writer thread (writer-thread.ts) with its own connection to
 * the history file. Each result's row is built here (probeRow) and posted at the end of the tick
 * its probe finished in; the writer stores each batch at once, in one transaction. `kill -9`
 * loses the probes in flight and the rows on their way to the writer (posted within the last
 * moments), and the database stays consistent. Start it early (`open`), so the thread boots
 * while the inputs are read; `attach` it to the run once that exists.
 */
export class ThreadedRecorder {
  private readonly worker: Worker;
  private readonly catalogues = new Set<string>();
  private queue: ProbeRow[] = [];
  private postScheduled = false;
  private failure: string | null = null;
  private finished: Promise<void> | null = null;
  private exited = false;
  private saved = false;
  /** Ended by close(): its exit is not a failure to report. */
  private closing = false;
  private settleFinish: ((failure: string | null) => void) | null = null;
  runId = 0;

  private constructor(
    path: string,
    private readonly onFailure: (message: string) => void,
  ) {
    // A small young generation: the writer allocates little (the rows it is sent), and a scan's
    // memory is a target of its own (docs/performance.md: 10,000 endpoints under 250 MB).
    this.worker = new Worker(WRITER_URL, { workerData: { path }, resourceLimits: { maxYoungGenerationSizeMb: 4 } });
    this.worker.on('message', (reply: WriterReply) => {
      if (reply.kind === 'failed') return this.fail(reply.message);
      this.saved = true;
      // Idle from now on (it answers a late flush); it does not keep the process alive, and close() ends it.
      this.worker.unref();
      this.settleFinish?.(null);
    });
    this.worker.on('error', (err) => this.fail(err.message));
    this.worker.once('exit', () => {
      this.exited = true;
      if (!this.saved && !this.closing) this.fail('the history writer stopped before the run was saved');
    });
  }

  /** Starts the writer thread for the history at `path` (a file: an in-memory database is one connection's own). */
  static open(path: string, onFailure: (message: string) => void): ThreadedRecorder {
    return new ThreadedRecorder(path, onFailure);
  }

  /** Writes for `runId`, which this process has started (or resumed) and registered its targets with. */
  attach(runId: number): void {
    this.runId = runId;
    this.send({ kind: 'attach', runId });
  }

  /** Queues a result; its row is posted to the writer before the event loop next waits for I/O. */
  record(outcome: ProbeOutcome): void {
    if (this.failure !== null) return;
    this.queue.push(probeRow(outcome, this.catalogues));
    if (this.postScheduled) return;
    this.postScheduled = true;
    setImmediate(() => this.post());
  }

  private post(): void {
    this.postScheduled = false;
    if (this.queue.length === 0) return;
    const rows = this.queue;
    this.queue = [];
    this.send({ kind: 'rows', rows });
  }

  private send(request: WriterRequest): void {
    if (this.failure === null && !this.exited) this.worker.postMessage(request);
  }

  private fail(message: string): void {
    if (this.failure !== null) return;
    this.failure = message;
    this.queue = [];
    this.onFailure(message);
    this.settleFinish?.(message);
  }

  /**
   * For an abort (a second Ctrl+C, before process.exit): posts what is queued and blocks until
   * the writer has stored everything sent (or has failed), or ABORT_FLUSH_WAIT_MS passed. True when stored.
   */
  flushNow(): boolean {
    this.post();
    if (this.failure !== null || this.exited) return false;
    const done = new Int32Array(new SharedArrayBuffer(4));
    this.send({ kind: 'flush', done });
    Atomics.wait(done, 0, 0, ABORT_FLUSH_WAIT_MS);
    return Atomics.load(done, 0) === 1;
  }

  /** Stores what is queued and marks the run `state`; resolves once stored, rejects with the writer's failure. */
  finish(state: 'finished' | 'interrupted'): Promise<void> {
    this.finished ??= new Promise<void>((resolve, reject) => {
      this.settleFinish = (failure) => {
        this.settleFinish = null;
        if (failure === null) resolve();
        else reject(new Error(failure));
      };
      if (this.failure !== null) return this.settleFinish(this.failure);
      this.post();
      this.send({ kind: 'finish', state });
    });
    return this.finished;
  }

  /** Ends the writer: after finish(), or whatever it is doing (a scan that failed before its run finished). */
  async close(): Promise<void> {
    this.closing = true;
    if (!this.exited) await this.worker.terminate();
  }
}

import { pipeline, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import { failure, failureFromError, type Failure } from '../failure.js';
import type { RequestClock } from './request-clock.js';

export type BodyOutcome = { ok: true; bytes: Buffer } | { ok: false; failure: Failure; bytesRead: number };

/** Thrown inside body iteration only; converted to a `Failure` before it leaves this folder's callers. */
export class BodyFailure extends Error {
  constructor(readonly failure: Failure) {
    super(failure.detail);
  }
}

const MAX_CODINGS = 2;
const ignore = () => undefined;

function decoderFor(coding: string): NodeJS.ReadWriteStream | null | 'unsupported' {
  // Flush modes let a truncated stream end quietly instead of waiting for more input.
  const lenient = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
  switch (coding) {
    case '':
    case 'identity':
      return null;
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip(lenient);
    case 'deflate':
      return zlib.createInflate(lenient);
    case 'br':
      return zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
    default:
      return 'unsupported';
  }
}

/**
 * A response body, decompressed while streaming and counted in decoded bytes,
 * so a 200 MB body or a gzip bomb stops at the cap with bounded memory.
 * Read it once: `readAll()` or `chunks()`; `discard()` frees the connection.
 */
export class DecodedBody {
  private bytesSeen = 0;
  private consumed = false;
  private readonly stream: Readable;
  private readonly setupFailure: Failure | null = null;
  private readonly decoded: boolean;

  constructor(
    private readonly raw: Readable & { arrayBuffer?: () => Promise<ArrayBuffer> },
    contentEncoding: string,
    private readonly limitBytes: number,
    private readonly clock: RequestClock,
    /** Content-Length, when the server declared one. */
    private readonly declaredBytes: number | null = null,
  ) {
    // Destroying an unread undici body emits 'error' (RequestAbortedError); discarding is deliberate.
    raw.on('error', ignore);
    clock.watch(raw);
    // Most responses have no Content-Encoding: nothing to parse.
    const codings =
      contentEncoding === ''
        ? []
        : contentEncoding
            .split(',')
            .map((c) => c.trim().toLowerCase())
            .filter((c) => c !== '' && c !== 'identity')
            .reverse();
    const decoders: NodeJS.ReadWriteStream[] = [];
    for (const coding of codings.slice(0, MAX_CODINGS + 1)) {
      const decoder = decoderFor(coding);
      if (decoder === 'unsupported' || decoders.length >= MAX_CODINGS) {
        this.setupFailure = failure('decompression', `unsupported content-encoding: ${contentEncoding.slice(0, 80)}`);
        break;
      }
      if (decoder) decoders.push(decoder);
    }
    this.decoded = decoders.length > 0;
    if (decoders.length === 0 || this.setupFailure) {
      this.stream = raw;
    } else {
      this.stream = (pipeline as (...streams: unknown[]) => Readable)(raw, ...decoders, () => {
        /* errors surface through iteration of the last stream */
      });
    }
  }

  get bytesRead(): number {
    return this.bytesSeen;
  }

  /** Decoded chunks; throws `BodyFailure` on cap, timeout, reset or bad encoding. */
  async *chunks(): AsyncGenerator<Buffer> {
    if (this.consumed) throw new Error('body already consumed');
    this.consumed = true;
    if (this.setupFailure) {
      this.discard();
      throw new BodyFailure(this.setupFailure);
    }
    try {
      for await (const chunk of this.stream) {
        const buffer = chunk as Buffer;
        this.bytesSeen += buffer.length;
        if (this.bytesSeen > this.limitBytes) {
          throw new BodyFailure(
            failure('body_too_large', `response body exceeded ${this.limitBytes} bytes (decoded)`),
          );
        }
        yield buffer;
      }
    } catch (err) {
      if (err instanceof BodyFailure) throw err;
      throw new BodyFailure(failureFromError(err, this.clock.expired()));
    } finally {
      this.discard();
    }
  }

  async readAll(): Promise<BodyOutcome> {
    // Fast path: a plain body whose declared length fits the cap is read whole by undici
    // (HTTP framing stops it at that length; the clock still cuts a stall).
    if (!this.consumed && !this.decoded && !this.setupFailure && this.declaredBytes !== null && this.declaredBytes <= this.limitBytes && this.raw.arrayBuffer) {
      this.consumed = true;
      try {
        const bytes = Buffer.from(await this.raw.arrayBuffer());
        this.bytesSeen = bytes.length;
        return { ok: true, bytes };
      } catch (err) {
        return { ok: false, failure: failureFromError(err, this.clock.expired()), bytesRead: this.bytesSeen };
      } finally {
        this.discard();
      }
    }
    if (!this.decoded && this.declaredBytes !== null && this.declaredBytes > this.limitBytes) {
      this.consumed = true;
      this.discard();
      return { ok: false, failure: failure('body_too_large', `response body of ${this.declaredBytes} bytes exceeds ${this.limitBytes}`), bytesRead: 0 };
    }
    return this.collect();
  }

  /**
   * Reads the whole body by its events, counting decoded bytes against the cap. Cheaper than
   * async iteration (an iterator, its end-of-stream watcher and a promise per chunk), and this
   * runs for nearly every response of a scan.
   */
  private collect(): Promise<BodyOutcome> {
    if (this.consumed) throw new Error('body already consumed');
    this.consumed = true;
    if (this.setupFailure) {
      this.discard();
      return Promise.resolve({ ok: false, failure: this.setupFailure, bytesRead: 0 });
    }
    const stream = this.stream;
    return new Promise<BodyOutcome>((resolve) => {
      const parts: Buffer[] = [];
      let settled = false;
      const settle = (outcome: BodyOutcome) => {
        if (settled) return;
        settled = true;
        stream.off('data', onData);
        stream.off('end', onEnd);
        stream.off('error', onError);
        stream.off('close', onClose);
        this.discard();
        resolve(outcome);
      };
      const onData = (chunk: Buffer) => {
        this.bytesSeen += chunk.length;
        if (this.bytesSeen > this.limitBytes) {
          settle({ ok: false, failure: failure('body_too_large', `response body exceeded ${this.limitBytes} bytes (decoded)`), bytesRead: this.bytesSeen });
        } else {
          parts.push(chunk);
        }
      };
      const onEnd = () => settle({ ok: true, bytes: parts.length === 1 ? parts[0]! : Buffer.concat(parts) });
      const onError = (err: unknown) => settle({ ok: false, failure: failureFromError(err, this.clock.expired()), bytesRead: this.bytesSeen });
      // Closed without 'end' or 'error' (destroyed quietly): the body was cut short.
      const onClose = () => onError(stream.errored ?? Object.assign(new Error('the response body was cut short'), { code: 'UND_ERR_SOCKET' }));
      // Ended or destroyed before anyone read it (a reset, a bad encoding, the request timer):
      // those events have already fired, and would never fire again for the listeners below.
      if (stream.readableEnded) return onEnd();
      if (stream.destroyed) return onClose();
      stream.on('data', onData);
      stream.on('end', onEnd);
      stream.on('error', onError);
      stream.on('close', onClose);
    });
  }

  /**
   * Stops reading and stops the request clock. A body read to its end is left alone, so its
   * keep-alive connection can serve the probe's next request; an unfinished one is destroyed
   * (which closes that connection: the price of not reading what we do not want).
   */
  discard(): void {
    this.clock.stop();
    // A decoder still working is stopped even when the wire body has ended: a small
    // `gzip, gzip` bomb arrives whole long before its output reaches the cap, and would go on
    // inflating (on libuv's thread pool, which name lookups share) after we stopped reading.
    if (this.decoding) {
      this.stream.on('error', ignore);
      this.stream.destroy();
    }
    // The raw body has had an 'error' listener since the constructor.
    if (!this.raw.readableEnded && !this.raw.destroyed) this.raw.destroy();
  }

  /** True while a decoder stream is alive (neither ended nor destroyed): what `discard()` must stop. */
  get decoding(): boolean {
    return this.stream !== this.raw && !this.stream.readableEnded && !this.stream.destroyed;
  }
}

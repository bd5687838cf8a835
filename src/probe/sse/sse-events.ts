import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { failure } from '../failure.js';
import { BodyFailure } from '../http/body.js';

export interface SseEvent {
  /** The event type; `message` when the server named none (as EventSource does). */
  event: string;
  data: string;
  id?: string;
}

/**
 * Server-sent events from a byte stream (parsing by eventsource-parser).
 * Memory stays bounded: what the parser can be holding (the event being assembled,
 * or one unfinished line) is capped at `eventLimitBytes` by EventSizeMeter;
 * comments (keep-alives) are dropped as they come.
 * Throws `BodyFailure` (sse_event_too_large, or whatever the byte stream threw).
 */
export async function* sseEvents(chunks: AsyncIterable<Buffer>, eventLimitBytes: number): AsyncGenerator<SseEvent> {
  const ready: SseEvent[] = [];
  const parser = createParser({
    onEvent(message: EventSourceMessage) {
      ready.push({ event: message.event ?? 'message', data: message.data, ...(message.id === undefined ? {} : { id: message.id }) });
    },
  });
  const decoder = new TextDecoder('utf-8');
  const meter = new EventSizeMeter();
  const tooLarge = () =>
    new BodyFailure(failure('sse_event_too_large', `a server-sent event exceeded ${eventLimitBytes} bytes`));

  for await (const chunk of chunks) {
    if (meter.add(chunk) > eventLimitBytes) throw tooLarge();
    parser.feed(decoder.decode(chunk, { stream: true }));
    while (ready.length > 0) {
      const event = ready.shift()!;
      if (event.data.length > eventLimitBytes) throw tooLarge();
      yield event;
    }
  }
  parser.feed(decoder.decode());
  parser.reset({ consume: true });
  while (ready.length > 0) yield ready.shift()!;
}

const LF = 0x0a;
const CR = 0x0d;
const COLON = 0x3a;

/**
 * Counts the bytes of the event being assembled, as the parser will hold them: field lines
 * since the last blank line (the event boundary). Comment lines (keep-alives) hold nothing
 * and are not counted, so a flood of comments is not mistaken for a huge event, while data
 * lines interleaved with comments still add up. Line ends: LF, CR or CRLF (the SSE spec's).
 */
export class EventSizeMeter {
  private pending = 0;
  /** The line being read, comments included: the parser buffers an unfinished line whatever it is. */
  private lineBytes = 0;
  private atLineStart = true;
  private inComment = false;
  private afterCr = false;

  /** Feeds a chunk; returns the most the parser can be holding after it. */
  add(chunk: Uint8Array): number {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (byte === LF && this.afterCr) {
        this.afterCr = false;
        continue;
      }
      this.afterCr = byte === CR;
      if (byte === LF || byte === CR) {
        if (this.atLineStart) this.pending = 0;
        this.atLineStart = true;
        this.inComment = false;
        this.lineBytes = 0;
        continue;
      }
      if (this.atLineStart) this.inComment = byte === COLON;
      this.atLineStart = false;
      this.lineBytes++;
      if (!this.inComment) this.pending++;
    }
    return Math.max(this.pending, this.lineBytes);
  }
}

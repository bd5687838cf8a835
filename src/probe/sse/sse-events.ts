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
 * Memory stays bounded: the bytes of one unfinished event are capped at
 * `eventLimitBytes`; comments (keep-alives) are dropped as they come.
 * Throws `BodyFailure` (sse_event_too_large, or whatever the byte stream threw).
 */
export async function* sseEvents(chunks: AsyncIterable<Buffer>, eventLimitBytes: number): AsyncGenerator<SseEvent> {
  const ready: SseEvent[] = [];
  let completedInFeed = false;
  const parser = createParser({
    onEvent(message: EventSourceMessage) {
      completedInFeed = true;
      ready.push({ event: message.event ?? 'message', data: message.data, ...(message.id === undefined ? {} : { id: message.id }) });
    },
    onComment() {
      completedInFeed = true;
    },
  });
  const decoder = new TextDecoder('utf-8');
  let pendingBytes = 0;
  const tooLarge = () =>
    new BodyFailure(failure('sse_event_too_large', `a server-sent event exceeded ${eventLimitBytes} bytes`));

  for await (const chunk of chunks) {
    completedInFeed = false;
    parser.feed(decoder.decode(chunk, { stream: true }));
    // Bytes since the last complete event or comment (approximate to one chunk).
    pendingBytes = completedInFeed ? 0 : pendingBytes + chunk.length;
    if (pendingBytes > eventLimitBytes) throw tooLarge();
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

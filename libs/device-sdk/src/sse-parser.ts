/**
 * An incremental server-sent events parser (WHATWG HTML, "event stream
 * interpretation"), fed text as it arrives from a fetch body or a socket.
 * Small on purpose: a simulator holds one per open stream.
 */

export interface SseEvent {
  event: string;
  data: string;
  /** The last event id seen on the stream so far (it persists across events, as the spec says). */
  lastEventId: string;
}

export class SseParser {
  private buffer = '';
  private event = '';
  private data: string | undefined;
  lastEventId = '';

  /** Parses `text` and calls `emit` for each complete event; comments (heartbeats) are skipped. */
  feed(text: string, emit: (event: SseEvent) => void): void {
    this.buffer += text;
    let start = 0;
    for (;;) {
      const lf = this.buffer.indexOf('\n', start);
      const cr = this.buffer.indexOf('\r', start);
      let end: number;
      let next: number;
      if (cr >= 0 && (lf < 0 || cr < lf)) {
        // A lone \r at the end may be the first half of \r\n: wait for more.
        if (cr === this.buffer.length - 1) break;
        end = cr;
        next = this.buffer[cr + 1] === '\n' ? cr + 2 : cr + 1;
      } else if (lf >= 0) {
        end = lf;
        next = lf + 1;
      } else break;
      this.line(this.buffer.slice(start, end), emit);
      start = next;
    }
    this.buffer = this.buffer.slice(start);
  }

  private line(line: string, emit: (event: SseEvent) => void): void {
    if (line === '') {
      if (this.data !== undefined) emit({ event: this.event || 'message', data: this.data, lastEventId: this.lastEventId });
      this.event = '';
      this.data = undefined;
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data = this.data === undefined ? value : `${this.data}\n${value}`;
    else if (field === 'id' && !value.includes('\0')) this.lastEventId = value;
  }
}

/**
 * Yields each event of a fetch body as it completes; ends when the stream ends
 * (an event cut off by the end is dropped). For readers that want a loop, not
 * a callback: the CLI's and the demo's revocation watch.
 */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      const events: SseEvent[] = [];
      parser.feed(done ? decoder.decode() : decoder.decode(value, { stream: true }), (event) => events.push(event));
      yield* events;
      if (done) return;
    }
  } finally {
    reader.releaseLock();
  }
}

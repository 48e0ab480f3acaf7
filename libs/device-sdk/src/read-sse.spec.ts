import { SseEvent, readSse } from './sse-parser';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function collect(chunks: string[]): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  for await (const event of readSse(streamOf(chunks))) events.push(event);
  return events;
}

describe(readSse.name, () => {
  it('dispatches an event at each blank line, with its type, id and data', async () => {
    expect(await collect(['event: progress\nid: 7\ndata: {"a":1}\n\n', 'data: plain\n\n'])).toEqual([
      { event: 'progress', lastEventId: '7', data: '{"a":1}' },
      { event: 'message', lastEventId: '7', data: 'plain' },
    ]);
  });

  it('reassembles lines split across chunks, including a CRLF split between \\r and \\n', async () => {
    expect(await collect(['event: prog', 'ress\r', '\ndata: {"b"', ':2}\r\n\r\n'])).toEqual([{ event: 'progress', lastEventId: '', data: '{"b":2}' }]);
  });

  it('joins multi-line data, skips comments (heartbeats) and drops an event cut off by the end of the stream', async () => {
    expect(await collect([': heartbeat\n\ndata: one\ndata: two\n\n', 'event: progress\ndata: half'])).toEqual([
      { event: 'message', lastEventId: '', data: 'one\ntwo' },
    ]);
  });
});

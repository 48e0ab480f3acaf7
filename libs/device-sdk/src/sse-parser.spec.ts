import { SseEvent, SseParser } from './sse-parser';

function parse(chunks: string[]): SseEvent[] {
  const parser = new SseParser();
  const events: SseEvent[] = [];
  for (const chunk of chunks) parser.feed(chunk, (event) => events.push(event));
  return events;
}

describe(SseParser.name, () => {
  it('parses the device stream: event, id, data; skips heartbeats', () => {
    const text = ': connected\n\nevent: flags\nid: 7\ndata: {"rev":7}\n\n: heartbeat\n\nevent: flags\nid: 8\ndata: {"rev":8}\n\n';
    expect(parse([text])).toEqual([
      { event: 'flags', data: '{"rev":7}', lastEventId: '7' },
      { event: 'flags', data: '{"rev":8}', lastEventId: '8' },
    ]);
  });

  it('gives the same events however the bytes are split, with LF, CRLF or CR line ends', () => {
    const lf = 'event: flags\nid: 3\ndata: a\ndata: b\n\ndata: plain\n\n';
    const expected = [
      { event: 'flags', data: 'a\nb', lastEventId: '3' },
      { event: 'message', data: 'plain', lastEventId: '3' },
    ];
    for (const text of [lf, lf.replace(/\n/g, '\r\n')]) {
      expect(parse([text])).toEqual(expected);
      expect(parse(text.split(''))).toEqual(expected);
    }
    // A lone CR ends a line too, once the next byte shows it is not half of CRLF.
    const cr = 'data: a\rdata: b\r\rdata: c\n\n';
    expect(parse(cr.split(''))).toEqual([
      { event: 'message', data: 'a\nb', lastEventId: '' },
      { event: 'message', data: 'c', lastEventId: '' },
    ]);
  });

  it('dispatches nothing for a block without data, and waits for the blank line', () => {
    expect(parse(['event: flags\nid: 1\n\n'])).toEqual([]);
    expect(parse(['event: flags\ndata: x\n'])).toEqual([]);
  });
});

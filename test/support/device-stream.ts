/** A device's event stream (GET /v1/device/events), or an OFREP event stream, over real HTTP, parsed as server-sent events. */

export interface SseEvent {
  event?: string;
  id?: string;
  data?: string;
}

export interface OpenedStream {
  status: number;
  headers: Headers;
  /** Every event received so far, in order (comments and heartbeats left out). */
  events: SseEvent[];
  /** Whether the server has ended the stream (or it was closed here). */
  ended(): boolean;
  close(): void;
}

export function openDeviceStream(baseUrl: string, credential: string, lastEventId?: string): Promise<OpenedStream> {
  return openSse(`${baseUrl}/v1/device/events`, { authorization: `Bearer ${credential}`, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) });
}

/** Any server-sent events URL (an OFREP event stream carries its token in the URL). */
export async function openSse(url: string, headers: Record<string, string> = {}): Promise<OpenedStream> {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  const events: SseEvent[] = [];
  let ended = false;
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: SseEvent = {};
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) event.event = line.slice(7);
            else if (line.startsWith('id: ')) event.id = line.slice(4);
            else if (line.startsWith('data: ')) event.data = line.slice(6);
          }
          if (event.event) events.push(event);
        }
      }
    } catch {
      // aborted, or the connection was cut
    }
    ended = true;
  })();
  return { status: response.status, headers: response.headers, events, ended: () => ended, close: () => controller.abort() };
}

import type { ServerResponse } from 'node:http';

/** The event a response emits once it has become a long-lived stream (streamOpened). */
export const STREAM_OPENED = 'killswitch:stream-opened';

/**
 * Tells whoever counts requests in flight that this response is now a long-lived stream (server-sent events): its
 * request has been answered, though its response stays open for as long as the client listens. The API's request log
 * context counts a request until then (installRequestLogContextSwitch), not for the stream's whole life.
 */
export function streamOpened(response: ServerResponse): void {
  response.emit(STREAM_OPENED);
}

/**
 * Text from the server made inert for a terminal. Kill reasons, alert names and other people's words reach the
 * responder's terminal through the CLI; an escape sequence among them (ESC, CSI, OSC, a carriage return) could
 * clear the screen, forge output, set the window title, write a link or the clipboard. Every control character
 * but line feed and tab is shown as a visible `\xNN` / `\u{NNNN}` instead; JSON output escapes what
 * JSON.stringify leaves raw (DEL and the C1 controls), so it stays valid JSON.
 */

// C0 but tab and line feed, DEL, C1; and the bidirectional overrides and isolates that reorder what a line shows.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// What JSON.stringify leaves raw of the above (it escapes C0 itself).
const JSON_RAW = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const hex = (char: string, width: number) => char.codePointAt(0)!.toString(16).padStart(width, '0');

/** `text` with each control character written out as `\xNN` (or `\u{NNNN}`), line feeds and tabs kept. */
export function inert(text: string): string {
  return text.replace(CONTROLS, (char) => (char.codePointAt(0)! <= 0xff ? `\\x${hex(char, 2)}` : `\\u{${hex(char, 4)}}`));
}

/** JSON text with the control characters JSON.stringify leaves raw escaped as `\uNNNN`: the same value, inert. */
export function inertJson(json: string): string {
  return json.replace(JSON_RAW, (char) => `\\u${hex(char, 4)}`);
}

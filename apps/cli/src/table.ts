/** Plain aligned text tables and the small value formats the human output uses. */

export type Cell = string | number | boolean | null | undefined;

export function cell(value: Cell): string {
  if (value === null || value === undefined || value === '') return '-';
  return String(value).replace(/\s+/g, ' ');
}

/** Columns padded to their widest cell; the last column is not padded. */
export function table(headers: string[], rows: Cell[][]): string {
  const text = [headers, ...rows.map((row) => row.map(cell))];
  const widths = headers.map((_, i) => Math.max(...text.map((row) => String(row[i] ?? '').length)));
  return text.map((row) => row.map((value, i) => (i === row.length - 1 ? String(value) : String(value).padEnd(widths[i]))).join('  ')).join('\n');
}

/** `label   value` lines, labels aligned. */
export function fields(pairs: [string, Cell][]): string {
  const width = Math.max(...pairs.map(([label]) => label.length));
  return pairs.map(([label, value]) => `  ${label.padEnd(width)}  ${cell(value)}`).join('\n');
}

export function truncate(text: string | null | undefined, max = 60): string {
  if (!text) return '';
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}

export function percent(ratio: number): string {
  return `${Math.floor(ratio * 1000) / 10} %`;
}

/** Keyset paging shared by every list route: `?limit=&cursor=` → `{ items, nextCursor }`. */
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { AppError } from '@killswitch/http';

export const CURSOR_INVALID = 'cursor is not valid; use nextCursor from the previous page';

export class PageQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500, default: 50, description: 'items on a page' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer from 1 to 500' })
  @Min(1, { message: 'limit must be an integer from 1 to 500' })
  @Max(500, { message: 'limit must be an integer from 1 to 500' })
  limit?: number;

  @ApiPropertyOptional({
    pattern: '^[A-Za-z0-9_-]{1,200}$',
    description: 'nextCursor of the previous page; without it, the first page',
    example: 'MjAyNi0xMi0wNQ',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: CURSOR_INVALID })
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const DEFAULT_PAGE_SIZE = 50;

/** What the key inside a cursor may look like, by the column a list is ordered by. */
export const CURSOR_KEY = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  /** A positive bigint (audit seq, checkpoint id). */
  integer: /^[1-9]\d{0,18}$/,
  /** Slugs and integration keys: printable text, no control characters (PostgreSQL refuses NUL in text). */
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  text: /^[^\u0000-\u001f\u007f]{1,200}$/,
} as const;

export function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

/**
 * The key of a cursor, or a 400 when it is not one this list handed out: a
 * cursor must be canonical base64url of UTF-8 (it re-encodes to itself) and
 * its key must have the shape of the column the list is ordered by, so a
 * forged or truncated cursor never reaches the database as a bad uuid or a NUL.
 */
export function decodeCursor(cursor: string | undefined, shape: RegExp): string | undefined {
  if (cursor === undefined) return undefined;
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (encodeCursor(key) !== cursor || !shape.test(key) || !numbersFitBigint(key)) throw new AppError('invalid_input', CURSOR_INVALID);
  return key;
}

/** PostgreSQL's bigint: a key's number past it (a 19-digit one the shape lets through) never reaches the database. */
const MAX_BIGINT = 9_223_372_036_854_775_807n;

function numbersFitBigint(key: string): boolean {
  return (key.match(/\d{19,}/g) ?? []).every((digits) => BigInt(digits) <= MAX_BIGINT);
}

/** Fetches limit+1 rows to know whether a next page exists. */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  const nextCursor = rows.length > limit ? encodeCursor(keyOf(items[items.length - 1])) : null;
  return { items, nextCursor };
}

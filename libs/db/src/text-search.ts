import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';

/** A search text: anything printable, matched literally (no wildcards). */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
export const SEARCH_TEXT = /^[^\u0000-\u001f\u007f]{1,128}$/u;
export const SEARCH_TEXT_RULE = '1-128 characters without control characters';

/** The `q` query parameter of a list route: validated, documented with what it matches. */
export function SearchTextField(matches: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ description: `text to find (${matches}), matched literally; ${SEARCH_TEXT_RULE}` }),
    IsOptional(),
    IsString({ message: 'q must be a string' }),
    Matches(SEARCH_TEXT, { message: `q must be ${SEARCH_TEXT_RULE}` }),
  );
}

/** LIKE's wildcards (and its escape) matched as themselves. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A Prisma string filter: contains the text, any case, wildcards literal. */
export function containsText(text: string): { contains: string; mode: 'insensitive' } {
  return { contains: escapeLike(text), mode: 'insensitive' };
}

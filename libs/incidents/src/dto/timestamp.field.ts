import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Matches, ValidateBy } from 'class-validator';

/** A full timestamp with a time zone: a date alone, or a local time, would be read in the server's zone. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** An optional ISO 8601 timestamp with a time zone, kept as a string (the service decides what "too late" means). */
export function TimestampField(name: string, description: string): PropertyDecorator {
  const message = `${name} must be an ISO 8601 timestamp with a time zone, e.g. 2020-01-02T10:00:00Z`;
  return applyDecorators(
    ApiPropertyOptional({ type: String, format: 'date-time', description, example: '2020-01-02T10:00:00Z' }),
    IsOptional(),
    IsString({ message }),
    Matches(TIMESTAMP, { message }),
    // A year before 1970 is no report time (and validator's ISO 8601 check refuses years below 100 as not dates at all):
    // said of a timestamp in the right form only, under a constraint name of its own (two `matches` would share one).
    ValidateBy(
      {
        name: 'fromYear1970',
        validator: { validate: (value: unknown) => typeof value !== 'string' || !TIMESTAMP.test(value) || Number(value.slice(0, 4)) >= 1970 },
      },
      { message: `${name} must be in 1970 or later` },
    ),
    IsISO8601({ strict: true, strictSeparator: true }, { message }),
  );
}

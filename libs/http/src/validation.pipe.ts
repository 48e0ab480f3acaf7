import { ArgumentMetadata, Injectable, ValidationError, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';
import { AppError } from './app-error';
import { optionalFieldsSentAsNull, pathsWithNul } from './input-checks';

/** Turns class-validator's tree into lines such as `scope.vendorFirmware: lt must be a version`. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): string[] {
  const lines: string[] = [];
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const messages = Object.values(error.constraints ?? {});
    // A field that is missing fails every check; the message that says it is required speaks for all of them.
    const required = messages.filter((message) => message.includes(' is required'));
    for (const message of required.length ? required : messages) {
      lines.push(message.startsWith(error.property) && parent ? `${parent}.${message}` : message);
    }
    if (error.children?.length) lines.push(...flattenValidationErrors(error.children, path));
  }
  // Several constraints of one field often share a message (MinLength and MaxLength): say it once.
  return [...new Set(lines)];
}

/** A body can fail on every item of a long list: the first problems say what to fix, the rest are counted. */
export const MAX_DETAILS = 10;

function invalid(details: string[]): AppError {
  const shown = details.length > MAX_DETAILS ? [...details.slice(0, MAX_DETAILS), `and ${details.length - MAX_DETAILS} more like these`] : details;
  return new AppError('invalid_input', shown.join('; '), shown);
}

/**
 * The global pipe: unknown fields are refused (whitelist + forbidNonWhitelisted),
 * types are converted only where a DTO says so, a body must be a JSON object
 * (no body at all counts as `{}`, so the DTO says whether fields were needed),
 * NUL characters are refused in bodies, query and path parameters, and an
 * optional field may not be sent as null unless the contract gives null a meaning.
 */
@Injectable()
export class StrictValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => {
        const details = flattenValidationErrors(errors);
        return details.length ? invalid(details) : new AppError('invalid_input', 'invalid input');
      },
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'custom') return super.transform(value, metadata);
    const isDto = typeof metadata.metatype === 'function' && ![String, Number, Boolean, Array, Object].includes(metadata.metatype as never);
    let input = value;
    if (metadata.type === 'body' && isDto) {
      if (input === undefined) input = {};
      if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new AppError('invalid_input', 'the request body must be a JSON object');
    }
    const withNul = pathsWithNul(input, metadata.data ?? '');
    if (withNul.length) throw invalid(withNul.map((path) => `${path || metadata.type} must not contain NUL characters`));
    return super.transform(input, metadata);
  }

  protected override validate(object: object, options?: ValidationPipeOptions): Promise<ValidationError[]> | ValidationError[] {
    const sentAsNull = optionalFieldsSentAsNull(object);
    if (sentAsNull.length) throw invalid(sentAsNull.map((path) => `${path} must not be null (omit it instead)`));
    return super.validate(object, options);
  }
}

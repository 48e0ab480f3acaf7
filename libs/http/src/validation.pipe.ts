import { ArgumentMetadata, Injectable, ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError } from './app-error';

/** Turns class-validator's tree into lines such as `scope.vendorFirmware: lt must be a version`. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): string[] {
  const lines: string[] = [];
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      lines.push(message.startsWith(error.property) && parent ? `${parent}.${message}` : message);
    }
    if (error.children?.length) lines.push(...flattenValidationErrors(error.children, path));
  }
  return lines;
}

/**
 * The global pipe: unknown fields are refused (whitelist + forbidNonWhitelisted),
 * types are converted only where a DTO says so, and a body must be a JSON object.
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
        return new AppError('invalid_input', details.join('; ') || 'invalid input', details);
      },
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const isDto = typeof metadata.metatype === 'function' && ![String, Number, Boolean, Array, Object].includes(metadata.metatype as never);
    if (metadata.type === 'body' && isDto && (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value))) {
      throw new AppError('invalid_input', 'the request body must be a JSON object');
    }
    return super.transform(value, metadata);
  }
}

import { ValidationOptions, registerDecorator } from 'class-validator';
import { parseMatcher } from '@killswitch/evaluation';

/** A firmware matcher such as { "lt": "3.5.1_00.68" }; the message says exactly what is wrong. */
export function IsFirmwareMatcher(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) => {
    let lastError = '';
    registerDecorator({
      name: 'isFirmwareMatcher',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate(value: unknown, args) {
          const parsed = parseMatcher(value, args?.property ?? 'firmware');
          lastError = parsed.ok ? '' : parsed.error;
          return parsed.ok;
        },
        defaultMessage: () => lastError,
      },
    });
  };
}

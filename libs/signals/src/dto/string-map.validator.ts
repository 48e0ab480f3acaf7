import { ValidationArguments, ValidationOptions, registerDecorator } from 'class-validator';
import { truncateCodePoints } from '@killswitch/db';

/**
 * Alertmanager's label and annotation sets take whatever Alertmanager can send, since it does not retry a refused
 * notification and every alert in it would be lost: names in any characters (Prometheus 3 and Alertmanager 0.27 allow
 * UTF-8 names such as `service.name`), values of any length, as many entries as the route's body limit holds (the
 * intake cuts each value before storing it: incoming-signal.ts). Only what Alertmanager never sends is refused: a set
 * that is not an object of strings, or an empty name. A message shows at most 64 characters of a name.
 */

/** What is wrong with a label or annotation set, naming the entry; undefined when nothing is. */
export function stringMapProblem(field: string, value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${field} must be an object of string values, as Alertmanager sends it`;
  for (const [name, v] of Object.entries(value)) {
    if (name === '') return `${field} has an empty name: a label or annotation needs one`;
    if (typeof v !== 'string') return `${field}.${truncateCodePoints(name, 64, '…')} must be a string`;
  }
  return undefined;
}

/** Alertmanager's label and annotation sets: a flat object of string values; the message names what is wrong. */
export function IsStringMap(field: string, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'isStringMap',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: (args: ValidationArguments) => stringMapProblem(field, args.value) ?? '', ...options },
      validator: {
        validate: (value: unknown) => stringMapProblem(field, value) === undefined,
      },
    });
  };
}

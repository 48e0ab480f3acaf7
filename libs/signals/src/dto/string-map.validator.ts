import { ValidationArguments, ValidationOptions, registerDecorator } from 'class-validator';

/**
 * Alertmanager's label and annotation sets take whatever Alertmanager can send, since it does not retry a refused
 * notification and every alert in it would be lost: names in any characters (Prometheus 3 and Alertmanager 0.27 allow
 * UTF-8 names such as `service.name`), values of any length, as many entries as the route's body limit holds. The
 * intake cuts each value to MAX_MAP_VALUE characters before storing it (incoming-signal.ts). Only what Alertmanager
 * never sends is refused: a set that is not an object of strings, or an empty name.
 */
export const MAX_MAP_VALUE = 4096;

/** What is wrong with a label or annotation set, naming the entry; undefined when nothing is. */
export function stringMapProblem(field: string, value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${field} must be an object of string values, as Alertmanager sends it`;
  for (const [name, v] of Object.entries(value)) {
    if (name === '') return `${field} has an empty name: a label or annotation needs one`;
    if (typeof v !== 'string') return `${field}.${name} must be a string`;
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

import { ValidationOptions, registerDecorator } from 'class-validator';

/** Prometheus label names; annotations follow the same rule. */
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
export const MAX_MAP_ENTRIES = 64;
export const MAX_MAP_VALUE = 4096;

/** Alertmanager's label and annotation sets: a flat object of string values, bounded in size. */
export function IsStringMap(field: string, options?: ValidationOptions): PropertyDecorator {
  const rule = `${field} must be an object of at most ${MAX_MAP_ENTRIES} string values of at most ${MAX_MAP_VALUE} characters, named like Prometheus labels ([A-Za-z_][A-Za-z0-9_]*)`;
  return (target, propertyName) => {
    registerDecorator({
      name: 'isStringMap',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: rule, ...options },
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
          const entries = Object.entries(value);
          return entries.length <= MAX_MAP_ENTRIES && entries.every(([name, v]) => LABEL_NAME.test(name) && typeof v === 'string' && v.length <= MAX_MAP_VALUE);
        },
      },
    });
  };
}

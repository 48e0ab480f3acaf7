import { ValidationArguments, ValidationOptions, registerDecorator } from 'class-validator';

/** Prometheus label names; annotations follow the same rule. */
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
export const MAX_MAP_ENTRIES = 64;
export const MAX_MAP_VALUE = 4096;

/** Characters (code points), as a person counts them: an emoji is one, not its two UTF-16 units. */
function characters(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

/** What is wrong with a label or annotation set, naming the entry; undefined when nothing is. */
export function stringMapProblem(field: string, value: unknown): string | undefined {
  const rule = `${field} must be an object of at most ${MAX_MAP_ENTRIES} string values of at most ${MAX_MAP_VALUE} characters, named like Prometheus labels ([A-Za-z_][A-Za-z0-9_]*)`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return rule;
  const entries = Object.entries(value);
  if (entries.length > MAX_MAP_ENTRIES) return `${field} has ${entries.length} entries: at most ${MAX_MAP_ENTRIES}`;
  for (const [name, v] of entries) {
    if (!LABEL_NAME.test(name))
      return `${field} has a name that is not a Prometheus label name ([A-Za-z_][A-Za-z0-9_]*, at most 128): ${JSON.stringify(name.slice(0, 64))}`;
    if (typeof v !== 'string') return `${field}.${name} must be a string`;
    const length = characters(v);
    if (length > MAX_MAP_VALUE) return `${field}.${name} is ${length} characters long: at most ${MAX_MAP_VALUE}`;
  }
  return undefined;
}

/** Alertmanager's label and annotation sets: a flat object of string values, bounded in size; the message names what is wrong. */
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

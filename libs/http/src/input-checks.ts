import { IS_OPTIONAL, getMetadataStorage } from 'class-validator';

/**
 * Checks the validation pipe makes on every input before class-validator:
 * what the DTO decorators cannot express once for all fields.
 */

/** A field name as a message shows it: at most 64 characters (an Alertmanager label's name may be of any length). */
function shownName(name: string): string {
  const characters = [...name];
  return characters.length > 64 ? `${characters.slice(0, 63).join('')}…` : name;
}

/** Paths (`inventory.0.vendorModel`) of strings and field names holding a NUL, which PostgreSQL cannot store. */
export function pathsWithNul(value: unknown, path: string): string[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [path] : [];
  if (typeof value !== 'object' || value === null) return [];
  const found: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${shownName(key)}` : shownName(key);
    if (key.includes('\u0000')) found.push(path ? `${path} field names` : 'field names');
    else found.push(...pathsWithNul(child, childPath));
  }
  return found;
}

const SWAGGER_PROPERTY = 'swagger/apiModelProperties';

/** Properties marked @IsOptional, which skips every check for null as for a missing field (unlike @ValidateIf). */
function optionalProperties(target: object['constructor']): Set<string> {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(target, '', true, false);
  return new Set(metadata.filter((m) => m.name === IS_OPTIONAL).map((m) => m.propertyName));
}

function nullMeansSomething(prototype: object, property: string): boolean {
  const declared = Reflect.getMetadata(SWAGGER_PROPERTY, prototype, property) as { nullable?: boolean } | undefined;
  return declared?.nullable === true;
}

/**
 * Paths of optional fields sent as null. class-validator's @IsOptional lets
 * null through as if the field were absent, and the service then writes it
 * (or fails on it); null is refused unless the contract (the property's
 * OpenAPI `nullable`) gives it a meaning. Walks the transformed DTO, so nested
 * DTOs (a kill's scope, inventory items) are checked against their own class.
 */
export function optionalFieldsSentAsNull(instance: unknown, path = ''): string[] {
  if (Array.isArray(instance)) return instance.flatMap((item, i) => optionalFieldsSentAsNull(item, `${path}.${i}`));
  if (typeof instance !== 'object' || instance === null || instance.constructor === Object || instance instanceof Date) return [];
  const optional = optionalProperties(instance.constructor);
  const found: string[] = [];
  for (const [key, value] of Object.entries(instance)) {
    const childPath = path ? `${path}.${key}` : key;
    if (value === null) {
      if (optional.has(key) && !nullMeansSomething(Object.getPrototypeOf(instance) as object, key)) found.push(childPath);
    } else {
      found.push(...optionalFieldsSentAsNull(value, childPath));
    }
  }
  return found;
}

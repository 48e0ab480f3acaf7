import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { INTEGRATION_KEY, INTEGRATION_KEY_RULE, LABEL, LABEL_RULE, SLUG, SLUG_RULE, VERSION, VERSION_RULE } from './patterns';

interface FieldOptions {
  example: string;
  optional?: boolean;
}

/** A string field of one shape, documented and validated, with messages that name the field and say what to fix. */
function patternField(name: string, pattern: RegExp, rule: string, { example, optional }: FieldOptions, maxLength?: number): PropertyDecorator {
  return applyDecorators(
    ...(optional ? [ApiPropertyOptional({ example }), IsOptional()] : [ApiProperty({ example })]),
    IsString({ message: `${name} must be a string` }),
    ...(maxLength ? [MaxLength(maxLength, { message: `${name} must be ${rule}` })] : []),
    Matches(pattern, { message: `${name} must be ${rule}` }),
  );
}

export const SlugField = (name: string, options: FieldOptions) => patternField(name, SLUG, SLUG_RULE, options);
export const LabelField = (name: string, options: FieldOptions) => patternField(name, LABEL, LABEL_RULE, options);
export const IntegrationKeyField = (name: string, options: FieldOptions) => patternField(name, INTEGRATION_KEY, INTEGRATION_KEY_RULE, options);
export const VersionField = (name: string, options: FieldOptions) => patternField(name, VERSION, VERSION_RULE, options, 128);

import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { Role } from '@killswitch/db';
import { ROLES } from '../roles';

/** A non-empty list of distinct roles: a person's (`ROLES`), or for an API token any role, `signals` included. */
export function RolesField({ optional = false, token = false } = {}): PropertyDecorator {
  const allowed: readonly Role[] = token ? Object.values(Role) : ROLES;
  const list = allowed.join(', ');
  return applyDecorators(
    ...(optional ? [ApiPropertyOptional({ enum: allowed, isArray: true }), IsOptional()] : [ApiProperty({ enum: allowed, isArray: true })]),
    IsArray({ message: `roles must be a list of ${list}` }),
    ArrayMinSize(1, { message: 'roles must name at least one role' }),
    ArrayMaxSize(allowed.length),
    ArrayUnique({ message: 'roles must not repeat a role' }),
    IsIn(allowed, { each: true, message: `roles must each be one of ${list}` }),
  );
}

/** A display name: optional, 1 to 200 characters, no control characters. */
function NameField(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ minLength: 1, maxLength: 200, example: 'Ada Lovelace' }),
    IsOptional(),
    IsString({ message: 'name must be a string' }),
    Matches(/^[^\p{Cc}]{1,200}$/u, { message: 'name must be 1 to 200 characters, without control characters' }),
  );
}

export const PASSWORD_RULE = 'password must be 12 to 256 characters';

export class CreateUserDto {
  @ApiProperty({ example: 'responder@example.com' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;

  @NameField()
  name?: string;

  @ApiProperty({ minLength: 12 })
  @IsString()
  @MinLength(12, { message: PASSWORD_RULE })
  @MaxLength(256, { message: PASSWORD_RULE })
  password!: string;

  @RolesField()
  roles!: Role[];
}

export class UpdateUserDto {
  @NameField()
  name?: string;

  @RolesField({ optional: true })
  roles?: Role[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean({ message: 'disabled must be true or false' })
  disabled?: boolean;
}

export class UserView {
  @ApiProperty() id!: string;
  @ApiProperty({
    description: 'A local account: its email. A single sign-on account: the email its provider vouches for (email_verified), else oidc:<issuer>#<subject>',
  })
  email!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The OpenID Connect issuer this person signs in through; null for a local account (email and password)',
  })
  issuer!: string | null;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty({ enum: Role, isArray: true, description: 'Empty for a single sign-on account its provider no longer maps to any role' })
  roles!: Role[];
  @ApiProperty() disabled!: boolean;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class UserPage {
  @ApiProperty({ type: [UserView] }) items!: UserView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

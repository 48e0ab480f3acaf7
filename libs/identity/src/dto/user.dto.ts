import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsEmail, IsEnum, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { Role } from '@killswitch/db';

/** A non-empty list of distinct roles. */
export function RolesField({ optional = false } = {}): PropertyDecorator {
  return applyDecorators(
    ...(optional ? [ApiPropertyOptional({ enum: Role, isArray: true }), IsOptional()] : [ApiProperty({ enum: Role, isArray: true })]),
    IsArray({ message: 'roles must be a list of admin, responder, approver, auditor' }),
    ArrayMinSize(1, { message: 'roles must name at least one role' }),
    ArrayMaxSize(4),
    ArrayUnique({ message: 'roles must not repeat a role' }),
    IsEnum(Role, { each: true, message: 'roles must each be one of admin, responder, approver, auditor' }),
  );
}

export const PASSWORD_RULE = 'password must be 12 to 256 characters';

export class CreateUserDto {
  @ApiProperty({ example: 'responder@example.com' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: 12 })
  @IsString()
  @MinLength(12, { message: PASSWORD_RULE })
  @MaxLength(256, { message: PASSWORD_RULE })
  password!: string;

  @RolesField()
  roles!: Role[];
}

export class UpdateUserDto {
  @RolesField({ optional: true })
  roles?: Role[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean({ message: 'disabled must be true or false' })
  disabled?: boolean;
}

export class UserView {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: Role, isArray: true }) roles!: Role[];
  @ApiProperty() disabled!: boolean;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class UserPage {
  @ApiProperty({ type: [UserView] }) items!: UserView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

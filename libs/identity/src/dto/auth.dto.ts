import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { Role } from '@killswitch/db';
import { PASSWORD_RULE } from './user.dto';

export class LoginDto {
  @ApiProperty({ example: 'admin@example.com' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty()
  @IsString({ message: 'password must be a string' })
  @MinLength(1, { message: 'password must not be empty' })
  @MaxLength(256, { message: PASSWORD_RULE })
  password!: string;
}

export class LoginResult {
  @ApiProperty() accessToken!: string;
  @ApiProperty() expiresAt!: Date;
  @ApiProperty({ example: 'Bearer' }) tokenType!: 'Bearer';
  @ApiProperty({ description: 'true for a one-time password: change it before anything else' }) mustChangePassword!: boolean;
}

export class BrowserSessionResult {
  @ApiProperty() expiresAt!: Date;
  @ApiProperty({ description: 'send it as the X-CSRF-Token header on every request that is not a GET; the session itself is in the HttpOnly cookie' })
  csrfToken!: string;
  @ApiProperty({ description: 'true for a one-time password: change it before anything else' }) mustChangePassword!: boolean;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString({ message: 'currentPassword must be a string' })
  @MaxLength(256)
  currentPassword!: string;

  @ApiProperty({ minLength: 12 })
  @IsString({ message: 'newPassword must be a string' })
  @MinLength(12, { message: 'newPassword must be 12 to 256 characters' })
  @MaxLength(256, { message: 'newPassword must be 12 to 256 characters' })
  newPassword!: string;
}

export class MeView {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: Role, isArray: true }) roles!: Role[];
  @ApiProperty({ enum: ['session', 'api-token'] }) via!: 'session' | 'api-token';
  @ApiProperty() mustChangePassword!: boolean;
  @ApiPropertyOptional({ description: 'signed in with the browser cookie: the CSRF token to send as X-CSRF-Token on writes' })
  csrfToken?: string;
}

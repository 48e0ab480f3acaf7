import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class SignInOptions {
  @ApiProperty({ description: 'email and password sign-in is open to everyone (false: LOCAL_LOGIN=off, only the break-glass admin)' })
  localLogin!: boolean;
  @ApiPropertyOptional({ description: 'the OIDC provider\'s name for "Sign in with <name>"; absent when single sign-on is not configured' })
  ssoProvider?: string;
}

export class DeviceStart {
  @ApiProperty({ description: 'send it back to POST /v1/auth/oidc/device/token (a secret: only its SHA-256 is stored)' }) deviceCode!: string;
  @ApiProperty() userCode!: string;
  @ApiProperty() verificationUri!: string;
  @ApiPropertyOptional() verificationUriComplete?: string;
  @ApiProperty({ description: 'seconds' }) expiresIn!: number;
  @ApiProperty({ description: 'seconds to wait between polls: a sooner poll is answered 429 slow_down with Retry-After' }) interval!: number;
}

export class DeviceTokenDto {
  @ApiProperty()
  @IsString({ message: 'deviceCode must be a string' })
  @MinLength(1, { message: 'deviceCode must not be empty' })
  @MaxLength(2048, { message: 'deviceCode must be at most 2048 characters' })
  deviceCode!: string;
}

export class DevicePending {
  @ApiProperty({ example: true, description: 'the person has not approved at the provider yet: poll again after `interval` seconds' }) pending!: true;
}

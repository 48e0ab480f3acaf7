import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, Matches, Min } from 'class-validator';
import { Role } from '@killswitch/db';
import { RolesField } from './user.dto';

const NAME_RULE = 'name must be 1-100 letters, digits, spaces or ._:@/-, not only spaces';

export class CreateApiTokenDto {
  @ApiProperty({ example: 'pagerduty-automation' })
  @IsString({ message: 'name must be a string' })
  @Matches(/^[\w .:@/-]{1,100}$/, { message: NAME_RULE })
  @Matches(/\S/, { message: NAME_RULE })
  name!: string;

  @RolesField({ token: true })
  roles!: Role[];

  @ApiPropertyOptional({ description: 'days until the token expires (1-365); never, if omitted' })
  @IsOptional()
  @IsInt({ message: 'expiresInDays must be an integer from 1 to 365' })
  @Min(1, { message: 'expiresInDays must be an integer from 1 to 365' })
  @Max(365, { message: 'expiresInDays must be an integer from 1 to 365' })
  expiresInDays?: number;
}

export class ApiTokenView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'the first characters, to recognise a token' }) prefix!: string;
  @ApiProperty({ enum: Role, isArray: true }) roles!: Role[];
  @ApiProperty() createdById!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) expiresAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) revokedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) lastUsedAt!: Date | null;
}

export class CreatedApiToken extends ApiTokenView {
  @ApiProperty({ description: 'shown once; only its SHA-256 is stored' }) token!: string;
}

export class ApiTokenPage {
  @ApiProperty({ type: [ApiTokenView] }) items!: ApiTokenView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEnum, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { Transform } from 'class-transformer';
import { FailMode, PageQuery, SearchTextField } from '@killswitch/db';
import { IntegrationKeyField, SlugField } from '@killswitch/devices';

const NAME_RULE = 'name must be 1-200 characters, not only spaces';

export class CreateVendorDto {
  @SlugField('slug', { example: 'xiaomi' })
  slug!: string;

  @ApiProperty({ example: 'Xiaomi' })
  @IsString({ message: NAME_RULE })
  @MinLength(1, { message: NAME_RULE })
  @MaxLength(200, { message: NAME_RULE })
  @Matches(/\S/, { message: NAME_RULE })
  name!: string;
}

/** The same fields as a vendor's, with a model's own examples. */
export class CreateVendorModelDto {
  @SlugField('slug', { example: 'mijia-cam-360' })
  slug!: string;

  @ApiProperty({ example: 'Mijia Camera 360' })
  @IsString({ message: NAME_RULE })
  @MinLength(1, { message: NAME_RULE })
  @MaxLength(200, { message: NAME_RULE })
  @Matches(/\S/, { message: NAME_RULE })
  name!: string;
}

export const FAIL_MODE_DOC =
  'closed (default): a device that cannot get a fresh answer turns the integration off. open keeps it on, which means an attacker who blocks the device network defeats a kill.';

export class CreateIntegrationDto {
  @IntegrationKeyField('key', { example: 'xiaomi.camera-stream' })
  key!: string;

  @SlugField('vendor', { example: 'xiaomi' })
  vendor!: string;

  @ApiProperty({ example: 'Xiaomi camera streaming' })
  @IsString({ message: NAME_RULE })
  @MinLength(1, { message: NAME_RULE })
  @MaxLength(200, { message: NAME_RULE })
  @Matches(/\S/, { message: NAME_RULE })
  name!: string;

  @ApiPropertyOptional({ enum: FailMode, description: FAIL_MODE_DOC })
  @IsOptional()
  @IsEnum(FailMode, { message: 'failMode must be closed or open' })
  failMode?: FailMode;
}

export class UpdateIntegrationDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: NAME_RULE })
  @MinLength(1, { message: NAME_RULE })
  @MaxLength(200, { message: NAME_RULE })
  @Matches(/\S/, { message: NAME_RULE })
  name?: string;

  @ApiPropertyOptional({ enum: FailMode, description: FAIL_MODE_DOC })
  @IsOptional()
  @IsEnum(FailMode, { message: 'failMode must be closed or open' })
  failMode?: FailMode;
}

export class VendorModelView {
  @ApiProperty() id!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
  @ApiProperty() vendor!: string;
  @ApiProperty() createdAt!: Date;
}

export class IntegrationView {
  @ApiProperty() id!: string;
  @ApiProperty() key!: string;
  @ApiProperty() vendor!: string;
  @ApiProperty() capability!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: FailMode, description: FAIL_MODE_DOC }) failMode!: FailMode;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class VendorView {
  @ApiProperty() id!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ type: [VendorModelView] }) models!: VendorModelView[];
  @ApiProperty({ type: [IntegrationView] }) integrations!: IntegrationView[];
}

export class VendorPage {
  @ApiProperty({ type: [VendorView] }) items!: VendorView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class IntegrationPage {
  @ApiProperty({ type: [IntegrationView] }) items!: IntegrationView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class VendorListQuery extends PageQuery {
  @SearchTextField("in a vendor's slug or name, or one of its integration keys, any case")
  q?: string;

  @ApiPropertyOptional({ description: 'true: only vendors with a kill switch in force (active, lift requested or lifting)' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'killed must be true or false' })
  killed?: boolean;
}

export class IntegrationListQuery extends PageQuery {
  @SearchTextField('in an integration key or name, any case')
  q?: string;
}

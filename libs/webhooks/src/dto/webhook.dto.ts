import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { PageQuery, WebhookDeliveryState, WebhookFormat } from '@killswitch/db';
import { WEBHOOK_EVENT_TYPES, WebhookEventType } from '../webhook-events';
import { MAX_URL_LENGTH } from '../url-guard';

const URL_RULE = `url must be an absolute http:// or https:// URL of at most ${MAX_URL_LENGTH} characters`;
const EVENTS_RULE = `events must be a list of 1 to ${WEBHOOK_EVENT_TYPES.length} different event types from: ${WEBHOOK_EVENT_TYPES.join(', ')}`;
const FORMATS = Object.values(WebhookFormat);
const FORMAT_RULE = `format must be one of ${FORMATS.join(', ')}`;
const DESCRIPTION_RULE = 'description must be at most 500 characters on one line';
const ONE_LINE = /^[^\p{Cc}]*$/u;

export class CreateWebhookDto {
  @ApiProperty({
    example: 'https://hooks.example.com/killswitch',
    description: 'http(s); its host must not resolve to a link-local, metadata or (unless allowed) private address',
  })
  @IsString({ message: URL_RULE })
  @MaxLength(MAX_URL_LENGTH, { message: URL_RULE })
  url!: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true, example: ['kill.created', 'lift.requested'] })
  @IsArray({ message: EVENTS_RULE })
  @ArrayMinSize(1, { message: EVENTS_RULE })
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length, { message: EVENTS_RULE })
  @ArrayUnique({ message: EVENTS_RULE })
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true, message: EVENTS_RULE })
  events!: WebhookEventType[];

  @ApiPropertyOptional({ enum: WebhookFormat, default: WebhookFormat.cloudevents })
  @IsOptional()
  @IsIn(FORMATS, { message: FORMAT_RULE })
  format?: WebhookFormat;

  @ApiPropertyOptional({ example: 'the #incidents channel' })
  @IsOptional()
  @IsString({ message: DESCRIPTION_RULE })
  @MaxLength(500, { message: DESCRIPTION_RULE })
  @Matches(ONE_LINE, { message: DESCRIPTION_RULE })
  description?: string;
}

/** A partial update; `description: null` clears it. Enabling again clears the failure record. */
export class UpdateWebhookDto {
  @ApiPropertyOptional()
  @ValidateIf((o: UpdateWebhookDto) => o.url !== undefined)
  @IsString({ message: URL_RULE })
  @MaxLength(MAX_URL_LENGTH, { message: URL_RULE })
  url?: string;

  @ApiPropertyOptional({ enum: WEBHOOK_EVENT_TYPES, isArray: true })
  @ValidateIf((o: UpdateWebhookDto) => o.events !== undefined)
  @IsArray({ message: EVENTS_RULE })
  @ArrayMinSize(1, { message: EVENTS_RULE })
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length, { message: EVENTS_RULE })
  @ArrayUnique({ message: EVENTS_RULE })
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true, message: EVENTS_RULE })
  events?: WebhookEventType[];

  @ApiPropertyOptional({ enum: WebhookFormat })
  @ValidateIf((o: UpdateWebhookDto) => o.format !== undefined)
  @IsIn(FORMATS, { message: FORMAT_RULE })
  format?: WebhookFormat;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'null clears it' })
  @IsOptional()
  @IsString({ message: DESCRIPTION_RULE })
  @MaxLength(500, { message: DESCRIPTION_RULE })
  @Matches(ONE_LINE, { message: DESCRIPTION_RULE })
  description?: string | null;

  @ApiPropertyOptional()
  @ValidateIf((o: UpdateWebhookDto) => o.enabled !== undefined)
  @IsBoolean({ message: 'enabled must be true or false' })
  enabled?: boolean;
}

export class WebhookView {
  @ApiProperty() id!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true }) events!: string[];
  @ApiProperty({ enum: WebhookFormat }) format!: WebhookFormat;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'why the worker disabled it' }) disabledReason!: string | null;
  @ApiProperty({ nullable: true, type: Date, description: 'since when every attempt has failed' }) failingSince!: Date | null;
  @ApiProperty({
    nullable: true,
    type: Date,
    description: 'until when deliveries are also signed with the secret the last rotation replaced; null when only the current secret signs',
  })
  previousSecretExpiresAt!: Date | null;
  @ApiProperty({ nullable: true, type: String }) createdById!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class WebhookCreated extends WebhookView {
  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'the Standard Webhooks signing secret; shown only here' })
  secret!: string;
}

export const DEFAULT_SECRET_GRACE_SEC = 86_400;
export const MAX_SECRET_GRACE_SEC = 604_800;
const GRACE_RULE = `graceSec must be a whole number of seconds from 0 to ${MAX_SECRET_GRACE_SEC}`;

export class RotateWebhookSecretDto {
  @ApiPropertyOptional({
    minimum: 0,
    maximum: MAX_SECRET_GRACE_SEC,
    default: DEFAULT_SECRET_GRACE_SEC,
    description: 'how long deliveries are also signed with the old secret, so the receiver can switch over; 0 drops the old secret at once',
  })
  @IsOptional()
  @IsInt({ message: GRACE_RULE })
  @Min(0, { message: GRACE_RULE })
  @Max(MAX_SECRET_GRACE_SEC, { message: GRACE_RULE })
  graceSec?: number;
}

export class WebhookSecretRotated extends WebhookView {
  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'the new signing secret; shown only here' })
  secret!: string;
}

export class WebhookPage {
  @ApiProperty({ type: [WebhookView] }) items!: WebhookView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class WebhookAttemptView {
  @ApiProperty({ description: '1 for the first' }) attempt!: number;
  @ApiProperty() startedAt!: Date;
  @ApiProperty() durationMs!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'null when no answer came' }) statusCode!: number | null;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty({ nullable: true, type: Date, description: 'when it is tried again; null after a success or once given up' }) nextRetryAt!: Date | null;
}

export class WebhookDeliveryView {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'the webhook-id header, the same on every attempt' }) webhookId!: string;
  @ApiProperty({ example: 'kill.created' }) eventType!: string;
  @ApiProperty({ enum: WebhookDeliveryState }) state!: WebhookDeliveryState;
  @ApiProperty() attemptCount!: number;
  @ApiProperty({ nullable: true, type: Number }) lastStatusCode!: number | null;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty({ nullable: true, type: Date }) nextRetryAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) deliveredAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date, description: 'when a person asked for it to be sent again, until the worker acts on it; asks meanwhile join it' })
  retryRequestedAt!: Date | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ type: [WebhookAttemptView], description: 'every attempt, first first' }) attempts!: WebhookAttemptView[];
}

export class WebhookDeliveryPage {
  @ApiProperty({ type: [WebhookDeliveryView] }) items!: WebhookDeliveryView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class WebhookDeliveryListQuery extends PageQuery {}

/**
 * Alertmanager's webhook notification, version 4 (prometheus.io/docs/alerting/latest/configuration/#webhook_config),
 * every field it sends and nothing else. Alertmanager does not retry a notification refused with a 4xx, and every alert
 * in it is then lost, so the fields take whatever Alertmanager can send: UTF-8 label names, values, group keys and
 * generator URLs of any length (the route's body limit bounds the whole). Only a shape Alertmanager never sends is
 * refused. A notification holds at most MAX_ALERTS alerts: group alerts so that a group holds no more, and set
 * `max_alerts` in the receiver's webhook_config as a backstop (Alertmanager then leaves the rest out, at every flush,
 * and counts them in `truncatedAlerts`; without it a larger group is refused with a 400).
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Min, ValidateNested } from 'class-validator';
import { IsStringMap } from './string-map.validator';

export const MAX_ALERTS = 100;
/** The Alertmanager route's body limit: 100 alerts of about 2.5 KiB each (BODY_LIMIT_BYTES when that is larger). */
export const ALERTMANAGER_BODY_LIMIT = 256 * 1024;
export const FINGERPRINT = /^[A-Za-z0-9._:-]{1,128}$/;
export const FINGERPRINT_RULE = '1-128 letters, digits, . _ : or -';
/** Go's time.Time in JSON (nanoseconds allowed); a firing alert's endsAt is the zero time, 0001-01-01T00:00:00Z. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const STATUS_RULE = 'must be firing or resolved';
const ALERTS_RULE = 'alerts must be a list of alerts: { status, labels, annotations, startsAt, endsAt, generatorURL, fingerprint }';

export class AlertmanagerAlertDto {
  @ApiProperty({ enum: ['firing', 'resolved'] })
  @IsIn(['firing', 'resolved'], { message: `status ${STATUS_RULE}` })
  status!: 'firing' | 'resolved';

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'names in any characters (UTF-8, as Prometheus 3 allows); a value over 4096 characters is stored cut to 4096',
    example: { alertname: 'CameraFeedLeak', killswitch_vendor: 'xiaomi' },
  })
  @IsStringMap('labels')
  labels!: Record<string, string>;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'as labels: a value over 4096 characters is stored cut' })
  @IsStringMap('annotations')
  annotations!: Record<string, string>;

  @ApiProperty({ example: '2026-12-01T10:00:00Z' })
  @Matches(RFC3339, { message: 'startsAt must be an RFC 3339 time' })
  startsAt!: string;

  @ApiProperty({ description: '0001-01-01T00:00:00Z while firing' })
  @Matches(RFC3339, { message: 'endsAt must be an RFC 3339 time' })
  endsAt!: string;

  @ApiProperty({ description: 'kept as the proposal’s link when it is an http or https URL; anything else is dropped' })
  @IsString({ message: 'generatorURL must be a string' })
  generatorURL!: string;

  @ApiProperty({ example: '3f1c2a9b8e7d6c5b' })
  @Matches(FINGERPRINT, { message: `fingerprint must be ${FINGERPRINT_RULE}` })
  fingerprint!: string;
}

export class AlertmanagerWebhookDto {
  @ApiProperty({ enum: ['4'] })
  @IsIn(['4'], { message: 'version must be "4" (Alertmanager webhook payload version 4)' })
  version!: '4';

  @ApiProperty()
  @IsString({ message: 'groupKey must be a string' })
  groupKey!: string;

  @ApiPropertyOptional({ description: 'alerts Alertmanager left out because of max_alerts' })
  @IsOptional()
  @IsInt({ message: 'truncatedAlerts must be a whole number, 0 or more' })
  @Min(0, { message: 'truncatedAlerts must be a whole number, 0 or more' })
  truncatedAlerts?: number;

  @ApiProperty({ enum: ['firing', 'resolved'] })
  @IsIn(['firing', 'resolved'], { message: `status ${STATUS_RULE}` })
  status!: 'firing' | 'resolved';

  @ApiProperty()
  @IsString({ message: 'receiver must be a string' })
  receiver!: string;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  @IsStringMap('groupLabels')
  groupLabels!: Record<string, string>;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  @IsStringMap('commonLabels')
  commonLabels!: Record<string, string>;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  @IsStringMap('commonAnnotations')
  commonAnnotations!: Record<string, string>;

  @ApiProperty()
  @IsString({ message: 'externalURL must be a string' })
  externalURL!: string;

  @ApiProperty({ type: [AlertmanagerAlertDto], maxItems: MAX_ALERTS })
  @IsArray({ message: ALERTS_RULE })
  @ArrayMinSize(1, { message: 'alerts must hold at least one alert' })
  @ArrayMaxSize(MAX_ALERTS, { message: `alerts must hold at most ${MAX_ALERTS} alerts: set max_alerts: ${MAX_ALERTS} in the receiver's webhook_config` })
  // ValidateNested takes a list for an object ([[]] would pass it): each must be a plain object
  @IsObject({ each: true, message: ALERTS_RULE })
  @ValidateNested({ each: true, message: ALERTS_RULE })
  @Type(() => AlertmanagerAlertDto)
  alerts!: AlertmanagerAlertDto[];
}

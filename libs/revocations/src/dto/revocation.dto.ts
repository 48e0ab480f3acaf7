import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '@killswitch/db';

export const DELIVERY_STATES = ['queued', 'sent', 'acknowledged', 'failed', 'expired', 'canceled'] as const;

export class DeliveriesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATES, description: 'only deliveries in this state' })
  @IsOptional()
  @IsIn(DELIVERY_STATES, { message: `state must be one of ${DELIVERY_STATES.join(', ')}` })
  state?: (typeof DELIVERY_STATES)[number];
}

export class DeliveriesExportQuery {
  @IsOptional()
  @IsIn(DELIVERY_STATES, { message: `state must be one of ${DELIVERY_STATES.join(', ')}` })
  state?: (typeof DELIVERY_STATES)[number];
}

export class DeliveryCountsView {
  @ApiProperty() queued!: number;
  @ApiProperty() sent!: number;
  @ApiProperty() acknowledged!: number;
  @ApiProperty() failed!: number;
  @ApiProperty() expired!: number;
  @ApiProperty() canceled!: number;
}

export class RevocationViewDto {
  @ApiProperty() id!: string;
  @ApiProperty() killSwitchId!: string;
  @ApiProperty({ enum: ['kill', 'lift'] }) kind!: string;
  @ApiProperty() rev!: number;
  @ApiProperty({ description: 'devices the revocation must reach' }) target!: number;
  @ApiProperty({ type: DeliveryCountsView }) counts!: DeliveryCountsView;
  @ApiProperty({ description: 'acknowledged ÷ (target − canceled)' }) progress!: number;
  @ApiProperty({ type: [Number] }) milestones!: number[];
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) fannedOutAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) completedAt!: Date | null;
}

export class DeliveryView {
  @ApiProperty() deviceId!: string;
  @ApiProperty() rev!: number;
  @ApiProperty({ enum: DELIVERY_STATES }) state!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty() queuedAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) sentAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) acknowledgedAt!: Date | null;
}

export class DeliveryPage {
  @ApiProperty({ type: [DeliveryView] }) items!: DeliveryView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

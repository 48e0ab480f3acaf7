import { ApiProperty } from '@nestjs/swagger';
import { DeviceView } from '@killswitch/devices';

export class ToldIntegration {
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ required: false, description: "the kill's device message, as the device reads it" }) reason?: string;
  @ApiProperty({ required: false, type: [String] }) killSwitchIds?: string[];
  @ApiProperty({ required: false }) incidentId?: string;
  @ApiProperty({ enum: ['open', 'closed'] }) failMode!: string;
}

export class OpenDelivery {
  @ApiProperty() revocationId!: string;
  @ApiProperty() killSwitchId!: string;
  @ApiProperty({ enum: ['kill', 'lift'], description: 'what the revocation carries' }) kind!: string;
  @ApiProperty() rev!: number;
  @ApiProperty({ enum: ['queued', 'sent', 'failed'] }) state!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty() queuedAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) sentAt!: Date | null;
}

export class DeviceStatus {
  @ApiProperty({ type: DeviceView }) device!: DeviceView;
  @ApiProperty({ description: 'the revision the device would be answered with now' }) rev!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/ToldIntegration' },
    description: 'what the device is told now, per linked integration (the body of its next poll)',
  })
  integrations!: Record<string, ToldIntegration>;
  @ApiProperty({ description: 'the highest revision the device acknowledged (0: none)' }) ackedRev!: number;
  @ApiProperty({ nullable: true, type: Date }) lastSeenAt!: Date | null;
  @ApiProperty({ type: [OpenDelivery], description: 'deliveries queued, sent but not acknowledged, or failed; newest first' })
  openDeliveries!: OpenDelivery[];
}

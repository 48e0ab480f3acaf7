import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { TimelineEntryType } from '@killswitch/db';
import { TimestampField } from './timestamp.field';

export const NOTE_MAX_LENGTH = 4000;
const BODY_RULE = `body must be 1 to ${NOTE_MAX_LENGTH} characters, not only spaces`;

export class CreateNoteDto {
  @ApiProperty({ example: 'Xiaomi confirms the flaw; fix expected in 3.5.1_00.68.', maxLength: NOTE_MAX_LENGTH })
  @IsString({ message: BODY_RULE })
  @MaxLength(NOTE_MAX_LENGTH, { message: BODY_RULE })
  @Matches(/\S/, { message: BODY_RULE })
  body!: string;

  @TimestampField('at', 'when it happened (default: now); not in the future')
  at?: string;
}

export class TimelineEntryView {
  @ApiProperty({ description: 'a decimal string' }) id!: string;
  @ApiProperty() incidentId!: string;
  @ApiProperty() at!: Date;
  @ApiProperty({ enum: TimelineEntryType }) type!: TimelineEntryType;
  @ApiProperty({ description: 'who: an email, or system:<component>' }) actor!: string;
  @ApiProperty({ nullable: true, type: String }) actorId!: string | null;
  @ApiProperty() body!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'ids of what the entry is about (kill switch, revocation, …)' })
  refs!: Record<string, unknown>;
}

export class TimelinePage {
  @ApiProperty({ type: [TimelineEntryView] }) items!: TimelineEntryView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

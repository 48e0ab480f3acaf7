import { ApiProperty } from '@nestjs/swagger';

export class CheckpointView {
  @ApiProperty({ example: '7' }) id!: string;
  @ApiProperty({ description: 'the last entry the checkpoint covers (decimal string)', example: '42' }) seq!: string;
  @ApiProperty({ description: 'that entry’s hash: the chain head when it was signed' }) headHash!: string;
  @ApiProperty() at!: Date;
  @ApiProperty({ description: 'the signing key; verify against /.well-known/jwks.json' }) kid!: string;
  @ApiProperty({ description: 'compact JWS (EdDSA, typ killswitch-audit-checkpoint+jwt) of { seq, headHash, at }' }) signature!: string;
}

export class CheckpointPage {
  @ApiProperty({ type: [CheckpointView] }) items!: CheckpointView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

import { Injectable } from '@nestjs/common';
import { mkdir, open } from 'node:fs/promises';
import * as path from 'node:path';
import { EnvConfig } from '@killswitch/config';

export const CHECKPOINT_FILE = 'audit-checkpoints.jsonl';

/** One line of the export: the signed JWS is what counts; the rest is there to be read by people. */
export interface ExportedCheckpoint {
  seq: string;
  headHash: string;
  at: string;
  kid: string;
  jws: string;
}

/**
 * Appends checkpoints, one JSON line each, to a file outside the database
 * (AUDIT_CHECKPOINT_DIR): someone able to rewrite the whole chain in the
 * database cannot reach back into what was exported.
 */
@Injectable()
export class CheckpointExport {
  readonly file: string;

  constructor(config: EnvConfig) {
    this.file = path.resolve(config.AUDIT_CHECKPOINT_DIR, CHECKPOINT_FILE);
  }

  /** Appends and syncs to disk before resolving: an exported checkpoint survives a crash right after. */
  async append(checkpoint: ExportedCheckpoint): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const handle = await open(this.file, 'a', 0o640);
    try {
      await handle.appendFile(`${JSON.stringify(checkpoint)}\n`);
      await handle.datasync();
    } finally {
      await handle.close();
    }
  }
}

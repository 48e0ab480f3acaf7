/**
 * What a device keeps across restarts so that a restart does not reopen the
 * door to rollback: the highest revision applied (rev and iat), the snapshot
 * it holds, the revision it acknowledged and the keys it learned through
 * endorsements. Pinned keys are not stored: they come from enrollment.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DeviceJwk } from './types';

export interface DeviceClientState {
  version: 1;
  deviceId: string;
  /** The highest revision applied, and the iat it was signed at. */
  rev?: number;
  iat?: number;
  /** The compact JWS of the snapshot held (re-verified on load). */
  snapshot?: string;
  ackedRev?: number;
  learnedKeys: DeviceJwk[];
}

export interface StateStore {
  load(): Promise<DeviceClientState | undefined> | DeviceClientState | undefined;
  save(state: DeviceClientState): Promise<void> | void;
}

/** Keeps the state in memory (tests, or a device that persists elsewhere through `current`). */
export class MemoryStateStore implements StateStore {
  current: DeviceClientState | undefined;
  load(): DeviceClientState | undefined {
    return this.current && structuredClone(this.current);
  }
  save(state: DeviceClientState): void {
    this.current = structuredClone(state);
  }
}

/** A JSON file, replaced atomically (write to a temporary file, then rename). */
export class FileStateStore implements StateStore {
  constructor(private readonly path: string) {}

  async load(): Promise<DeviceClientState | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const state = JSON.parse(text) as DeviceClientState;
    if (state?.version !== 1) throw new Error(`${this.path}: not a device state file (version ${String(state?.version)})`);
    return state;
  }

  async save(state: DeviceClientState): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(state), { mode: 0o600 });
    await rename(temporary, this.path);
  }
}

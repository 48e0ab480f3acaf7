/** The stored login: `$XDG_CONFIG_HOME/killswitch/config.json` (default ~/.config), readable by its owner only. */
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { CliError, ExitCode } from '@killswitch/api-client';

export interface StoredLogin {
  url: string;
  accessToken: string;
  expiresAt: string;
}

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  // The XDG spec says a relative XDG_CONFIG_HOME is to be ignored.
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.config');
  return join(base, 'killswitch', 'config.json');
}

function isStoredLogin(value: unknown): value is StoredLogin {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.url === 'string' && typeof v.accessToken === 'string' && typeof v.expiresAt === 'string';
}

export async function readLogin(env: NodeJS.ProcessEnv = process.env): Promise<StoredLogin | undefined> {
  const file = configPath(env);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CliError(ExitCode.failure, `cannot read ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!isStoredLogin(parsed)) {
    throw new CliError(ExitCode.failure, `${file} is not a killswitch login`, 'run `killswitch logout` to remove it, then log in again');
  }
  return parsed;
}

/** Writes the login with mode 0600 (through a temporary file, so a reader never sees half of it); returns the path. */
export async function saveLogin(login: StoredLogin, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const file = configPath(env);
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, JSON.stringify(login, null, 2) + '\n', { mode: 0o600, flag: 'w' });
    await chmod(temporary, 0o600); // an existing temporary file keeps its old mode through writeFile
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new CliError(ExitCode.failure, `cannot write ${file}: ${(error as Error).message}`);
  }
  return file;
}

/** Removes the stored login; false if there was none. */
export async function removeLogin(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const file = configPath(env);
  try {
    await rm(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new CliError(ExitCode.failure, `cannot remove ${file}: ${(error as Error).message}`);
  }
}

/** Which API to call and with which token: --url/--token, else KILLSWITCH_URL/KILLSWITCH_TOKEN, else the stored login. */
import type { Command } from 'commander';
import { ApiClient, CliError, ExitCode, normaliseBaseUrl } from '@killswitch/api-client';
import { readLogin } from './config-store';

export interface GlobalOptions {
  url?: string;
  token?: string;
  json?: boolean;
}

export function globalsOf(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

const LOGIN_HINT = 'run `killswitch login --url <api> --email <you>`, or pass --token / set KILLSWITCH_TOKEN';

/** The API base URL from --url or KILLSWITCH_URL, if either is given. */
export function explicitUrl(globals: GlobalOptions, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const raw = globals.url ?? (env.KILLSWITCH_URL || undefined);
  return raw === undefined ? undefined : normaliseBaseUrl(raw);
}

export async function connect(command: Command, env: NodeJS.ProcessEnv = process.env): Promise<ApiClient> {
  const globals = globalsOf(command);
  const stored = await readLogin(env);
  const url = explicitUrl(globals, env) ?? (stored ? normaliseBaseUrl(stored.url) : undefined);
  if (!url) throw new CliError(ExitCode.usage, 'no API URL: pass --url or set KILLSWITCH_URL', LOGIN_HINT);

  const explicitToken = globals.token ?? (env.KILLSWITCH_TOKEN || undefined);
  if (explicitToken) return new ApiClient(url, explicitToken);
  if (!stored) throw new CliError(ExitCode.auth, `not logged in to ${url}`, LOGIN_HINT);
  // A stored token goes only to the API it was issued by, never to another --url.
  if (normaliseBaseUrl(stored.url) !== url) throw new CliError(ExitCode.auth, `not logged in to ${url} (the stored login is for ${stored.url})`, LOGIN_HINT);
  if (!(Date.parse(stored.expiresAt) > Date.now())) throw new CliError(ExitCode.auth, `the login to ${url} expired at ${stored.expiresAt}`, LOGIN_HINT);
  return new ApiClient(url, stored.accessToken);
}

/** `killswitch login --sso`: the OIDC provider's device authorization grant, relayed by the API, which opens the session. */
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiClient, ApiError, CliError, ExitCode } from '@killswitch/api-client';

interface DeviceStart {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  verificationUriComplete?: string;
  expiresIn: number;
  interval: number;
}

export interface SsoLogin {
  accessToken: string;
  expiresAt: string;
  email: string;
}

/**
 * Asks the API to start the device grant, tells the person where to approve it (`tell`, on stderr), then polls
 * every `interval` seconds, longer when told to slow down, until the API answers with a session (as POST
 * /v1/auth/login does), or the code expires.
 */
export async function ssoLogin(url: string, tell: (message: string) => void): Promise<SsoLogin> {
  const api = new ApiClient(url);
  const started = await api.post<DeviceStart>('/v1/auth/oidc/device');
  tell(
    `to sign in, open ${started.verificationUriComplete ?? started.verificationUri}` +
      `${started.verificationUriComplete ? '' : ` and enter the code ${started.userCode}`} (code ${started.userCode}, valid ${started.expiresIn} s)`,
  );
  const deadline = Date.now() + started.expiresIn * 1000;
  let interval = started.interval;
  let wait = interval;
  while (Date.now() < deadline) {
    await sleep(wait * 1000);
    wait = interval;
    let answer: { accessToken?: string; expiresAt?: string; pending?: true };
    try {
      answer = await api.post('/v1/auth/oidc/device/token', { deviceCode: started.deviceCode });
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 429) throw error;
      // Told to wait: slow_down (polled too soon; or the provider wants the polls further apart, and Retry-After is
      // the new interval, RFC 8628's 5 s more), or this address is held back for a while (poll as before after it).
      const retryAfter = error.retryAfterSec ?? interval + 5;
      if (error.code === 'slow_down') interval = Math.max(interval, retryAfter);
      wait = Math.max(interval, retryAfter);
      continue;
    }
    if (answer.accessToken && answer.expiresAt) {
      const me = await new ApiClient(url, answer.accessToken).get<{ email: string }>('/v1/auth/me');
      return { accessToken: answer.accessToken, expiresAt: answer.expiresAt, email: me.email };
    }
  }
  throw new CliError(ExitCode.auth, `the sign-in code ${started.userCode} expired before it was approved: run killswitch login --sso again`);
}

/** `killswitch login --sso`: the OIDC provider's device authorization grant, relayed by the API, which opens the session. */
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiClient, CliError, ExitCode } from '@killswitch/api-client';

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
 * until the API answers with a session (as POST /v1/auth/login does), or the code expires.
 */
export async function ssoLogin(url: string, tell: (message: string) => void): Promise<SsoLogin> {
  const api = new ApiClient(url);
  const started = await api.post<DeviceStart>('/v1/auth/oidc/device');
  tell(
    `to sign in, open ${started.verificationUriComplete ?? started.verificationUri}` +
      `${started.verificationUriComplete ? '' : ` and enter the code ${started.userCode}`} (code ${started.userCode}, valid ${started.expiresIn} s)`,
  );
  const deadline = Date.now() + started.expiresIn * 1000;
  while (Date.now() < deadline) {
    await sleep(started.interval * 1000);
    const answer = await api.post<{ accessToken?: string; expiresAt?: string; pending?: true }>('/v1/auth/oidc/device/token', {
      deviceCode: started.deviceCode,
    });
    if (answer.accessToken && answer.expiresAt) {
      const me = await new ApiClient(url, answer.accessToken).get<{ email: string }>('/v1/auth/me');
      return { accessToken: answer.accessToken, expiresAt: answer.expiresAt, email: me.email };
    }
  }
  throw new CliError(ExitCode.auth, `the sign-in code ${started.userCode} expired before it was approved: run killswitch login --sso again`);
}

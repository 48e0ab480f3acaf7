// `killswitch login --sso`, the built CLI, against the real API and a real OpenID Connect provider (oidc-provider on a
// loopback port, its device approval walked without a browser): the CLI polls at the provider's interval, waits as
// long as a slow_down says, and signs the person in once they approved.
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { TestApi } from '../../../test/support/api-harness';
import { parseMetrics, sampleValue } from '../../../test/support/metrics-text';
import { TestOidcProvider, approveDeviceWithoutBrowser } from '../../../test/support/oidc-provider';
import { SsoHarness, startSsoHarness } from '../../../test/support/sso-harness';
import { CliSandbox } from '../test/cli-harness';

const ROLE_MAP = { 'ks-oncall': ['responder', 'approver'] };
const POLL_ROUTE = { method: 'POST', route: '/v1/auth/oidc/device/token' };

jest.setTimeout(90_000);

describe('killswitch login --sso (CLI against a real API and OIDC provider)', () => {
  let harness: SsoHarness;
  let provider: TestOidcProvider;
  let api: TestApi;
  let url: string;
  let cli: CliSandbox;
  const login = `cli-${randomUUID().slice(0, 8)}`;
  const email = `${login}@example.test`;

  /** How many polls the API has answered with `status`, in this process (the metrics registry is shared). */
  async function pollAnswers(status: number): Promise<number> {
    const samples = parseMetrics((await api.request('GET', '/metrics')).text);
    return sampleValue(samples, 'killswitch_http_request_duration_seconds_count', { ...POLL_ROUTE, status: String(status) }) ?? 0;
  }

  beforeAll(async () => {
    harness = await startSsoHarness(ROLE_MAP, { accounts: { [login]: { email, groups: ['ks-oncall'] } }, provider: { deviceIntervalSec: 1 } });
    ({ provider, api } = harness);
    url = await api.listen();
    cli = new CliSandbox();
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
    cli?.remove();
  });

  it('waits as long as a slow_down says, polls no sooner from then on, and signs in once the person approved', async () => {
    const [slowedBefore, signedInBefore] = [await pollAnswers(429), await pollAnswers(200)];
    // The provider answers the CLI's first poll slow_down: the API lengthens the interval from 1 s to 6 s and says so.
    await provider.slowDownNext();

    const { child, result } = cli.start(['login', '--sso', '--url', url], { timeoutMs: 60_000 });
    await approveDeviceWithoutBrowser(await printed(child, /open (\S+)/), login);
    const run = await result;

    expect(run.stderr).toMatch(/code \S+, valid \d+ s/);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`logged in to ${url} as ${email} (single sign-on)`);
    // One slow_down, and no poll of the CLI's refused as too soon after it.
    expect(await pollAnswers(429)).toBe(slowedBefore + 1);
    expect(await pollAnswers(200)).toBe(signedInBefore + 1);
    expect(await cli.json(['whoami'])).toMatchObject({ email, roles: ['responder', 'approver'], via: 'session' });
  });
});

/** The first match of `pattern` in what the child prints on stderr, once it has printed it. */
function printed(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`the CLI never printed ${pattern}: ${text}`)), 20_000);
    child.stderr!.on('data', (chunk: Buffer | string) => {
      text += chunk.toString();
      const match = pattern.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
}

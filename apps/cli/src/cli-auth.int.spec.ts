import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { CliSandbox } from '../test/cli-harness';

// Each test spawns several CLI processes: slower than the default allows on a busy machine.
jest.setTimeout(90_000);

describe('killswitch login, logout, whoami (CLI against a real API)', () => {
  let api: TestApi;
  let url: string;
  let cli: CliSandbox;
  let responder: Awaited<ReturnType<TestApi['userWith']>>;

  beforeAll(async () => {
    api = await startTestApi();
    url = await api.listen();
    cli = new CliSandbox();
    responder = await api.userWith('responder');
  });
  afterAll(async () => {
    await api.close();
    cli.remove();
  });

  it('logs in with --password-stdin, stores { url, accessToken, expiresAt } with mode 0600, and later commands use it', async () => {
    const login = await cli.run(['login', '--url', `${url}/`, '--email', responder.email, '--password-stdin'], { input: `${responder.password}\n` });
    expect(login.stderr).toBe('');
    expect(login.code).toBe(0);
    expect(login.stdout).toContain(`logged in to ${url} as ${responder.email}`);

    expect(statSync(cli.configFile).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(cli.configFile, 'utf8'));
    expect(Object.keys(stored).sort()).toEqual(['accessToken', 'expiresAt', 'url']);
    expect(stored.url).toBe(url);
    expect(Date.parse(stored.expiresAt)).toBeGreaterThan(Date.now());
    expect(login.stdout).not.toContain(stored.accessToken); // the token is never printed

    const me = await cli.json(['whoami']);
    expect(me).toMatchObject({ email: responder.email, roles: ['responder'], via: 'session', url });
    const kills = await cli.json(['kills', 'list']);
    expect(Object.keys(kills).sort()).toEqual(['items', 'nextCursor']);
    expect(kills.items).toEqual(expect.any(Array));
  });

  it('lets --token and KILLSWITCH_TOKEN override the stored login, and KILLSWITCH_URL the stored URL', async () => {
    const admin = await api.adminToken();
    expect(await cli.json(['whoami', '--token', admin])).toMatchObject({ email: 'admin@killswitch.test' });
    expect(await cli.json(['whoami'], { env: { KILLSWITCH_TOKEN: admin } })).toMatchObject({ email: 'admin@killswitch.test' });
    expect(await cli.json(['whoami'], { env: { KILLSWITCH_URL: url, KILLSWITCH_TOKEN: admin } })).toMatchObject({ email: 'admin@killswitch.test' });
  });

  it('never sends the stored token to another API URL', async () => {
    const run = await cli.run(['whoami', '--url', 'http://127.0.0.1:45678']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`not logged in to http://127.0.0.1:45678 (the stored login is for ${url})`);
  });

  it('refuses an expired stored login before calling the API', async () => {
    const stored = JSON.parse(readFileSync(cli.configFile, 'utf8'));
    const other = new CliSandbox();
    try {
      await other.run(['login', '--url', url, '--email', responder.email, '--password-stdin'], { input: responder.password });
      writeFileSync(other.configFile, JSON.stringify({ ...stored, expiresAt: '2020-01-01T00:00:00.000Z' }));
      const run = await other.run(['whoami']);
      expect(run.code).toBe(3);
      expect(run.stderr).toContain('expired at 2020-01-01T00:00:00.000Z');
      expect(run.stderr).toContain('killswitch login');
    } finally {
      other.remove();
    }
  });

  it('says a wrong password is refused, with the request id, and exits 3 without storing anything', async () => {
    const other = new CliSandbox();
    try {
      const run = await other.run(['login', '--url', url, '--email', responder.email, '--password-stdin'], { input: 'not-the-password' });
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/^killswitch: .+ \(401 Unauthorized, request id [^)]+\)\n/);
      expect(run.stdout).toBe('');
      expect(() => statSync(other.configFile)).toThrow();
    } finally {
      other.remove();
    }
  });

  it('refuses to prompt for a password without a terminal, as a usage error', async () => {
    const run = await cli.run(['login', '--url', url, '--email', responder.email]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--password-stdin');
  });

  it('exits 3 with a clear message when not logged in at all', async () => {
    const other = new CliSandbox();
    try {
      const run = await other.run(['kills', 'list', '--url', url]);
      expect(run.code).toBe(3);
      expect(run.stderr).toContain(`not logged in to ${url}`);
    } finally {
      other.remove();
    }
  });

  it('exits 3 on 403: a role that may not do this', async () => {
    const auditor = await api.userWith('auditor');
    const run = await cli.run(['kill', '--vendor', 'xiaomi', '--reason', 'auditors cannot kill'], {
      env: { KILLSWITCH_URL: url, KILLSWITCH_TOKEN: auditor.token },
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('403 Forbidden, request id');
  });

  it('says plainly when the API cannot be reached, and exits 6', async () => {
    const run = await cli.run(['kills', 'list', '--url', 'http://127.0.0.1:45678', '--token', 'x']);
    expect(run.code).toBe(6);
    expect(run.stderr).toContain('cannot reach the API at http://127.0.0.1:45678: connection refused (ECONNREFUSED)');
  });

  it('logs out: the session ends on the server and the file is gone', async () => {
    const { accessToken } = JSON.parse(readFileSync(cli.configFile, 'utf8'));
    expect((await api.request('GET', '/v1/auth/me', { token: accessToken })).status).toBe(200);
    const run = await cli.run(['logout']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`logged out of ${url}`);
    expect(() => statSync(cli.configFile)).toThrow();
    expect((await api.request('GET', '/v1/auth/me', { token: accessToken })).status).toBe(401);
    expect((await cli.run(['whoami', '--url', url])).code).toBe(3);
  });
});

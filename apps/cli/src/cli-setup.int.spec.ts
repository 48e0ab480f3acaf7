import { randomBytes } from 'node:crypto';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { CliSandbox } from '../test/cli-harness';

// Each test spawns several CLI processes: slower than the default allows on a busy machine.
jest.setTimeout(90_000);

/** Setting up without curl: the catalogue, people, tokens and one's own password from the CLI. */
describe('killswitch vendors, integrations, users, tokens and password (CLI against a real API)', () => {
  let api: TestApi;
  let cli: CliSandbox;
  let admin: Record<string, string>;
  const run = randomBytes(3).toString('hex');
  const vendor = `acme-${run}`;

  beforeAll(async () => {
    api = await startTestApi();
    const url = await api.listen();
    cli = new CliSandbox();
    admin = { KILLSWITCH_URL: url, KILLSWITCH_TOKEN: await api.adminToken() };
  });
  afterAll(async () => {
    await api.close();
    cli.remove();
  });

  it('builds a vendor with a model and two integrations, warning when fail mode open is chosen', async () => {
    expect(await cli.json(['vendors', 'create', vendor, '--name', 'Acme'], { env: admin })).toMatchObject({ slug: vendor, name: 'Acme' });
    expect(await cli.json(['vendors', 'add-model', vendor, 'cam-1', '--name', 'Acme Cam'], { env: admin })).toMatchObject({ slug: 'cam-1' });
    const closed = await cli.run(['integrations', 'create', `${vendor}.camera`, '--name', 'Camera'], { env: admin });
    expect(closed.code).toBe(0);
    expect(closed.stdout).toMatch(/fail mode\s+closed/);
    expect(closed.stderr).not.toContain('warning');
    const open = await cli.run(['integrations', 'create', `${vendor}.plug`, '--name', 'Plug', '--fail-mode', 'open', '--json'], { env: admin });
    expect(open.code).toBe(0);
    expect(JSON.parse(open.stdout)).toMatchObject({ key: `${vendor}.plug`, failMode: 'open' });
    expect(open.stderr).toContain('warning: fail mode open keeps this integration ON');
    expect(await cli.json(['integrations', 'update', `${vendor}.plug`, '--fail-mode', 'closed'], { env: admin })).toMatchObject({ failMode: 'closed' });

    const listed = await cli.run(['vendors', 'list', '--all'], { env: admin });
    expect(listed.stdout).toMatch(new RegExp(`${vendor}\\s+Acme\\s+cam-1\\s+${vendor}.camera ${vendor}.plug`));
    const dup = await cli.run(['vendors', 'create', vendor, '--name', 'Acme'], { env: admin });
    expect(dup.code).not.toBe(0);
    expect(dup.stderr).toContain(`vendor ${vendor} already exists`);
  });

  it('adds a person whose generated password works, who then changes it; the old one stops working', async () => {
    const email = `responder-${run}@example.com`;
    const user = await cli.json(['users', 'create', email, '--roles', 'responder', '--name', 'Rosa Responder'], { env: admin });
    expect(user).toMatchObject({ email, name: 'Rosa Responder', roles: ['responder'], password: expect.any(String) });
    const token = await api.login(email, user.password);

    const newPassword = `a new password ${run}`;
    const changed = await cli.run(['password', '--password-stdin'], {
      env: { ...admin, KILLSWITCH_TOKEN: token },
      input: `${user.password}\n${newPassword}\n`,
    });
    expect(changed.code).toBe(0);
    expect(changed.stdout).toContain('password changed');
    expect((await api.request('POST', '/v1/auth/login', { body: { email, password: user.password } })).status).toBe(401);
    await api.login(email, newPassword);

    const wrong = await cli.run(['password', '--password-stdin'], { env: { ...admin, KILLSWITCH_TOKEN: token }, input: `not it at all\n${newPassword}2\n` });
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('currentPassword is wrong');

    const disabled = await cli.json(['users', 'update', user.id, '--disable'], { env: admin });
    expect(disabled).toMatchObject({ id: user.id, disabled: true });
    expect((await api.request('POST', '/v1/auth/login', { body: { email, password: newPassword } })).status).toBe(401);
  });

  it('mints a token with roles the minter holds and revokes it; a wider token is refused', async () => {
    const responder = await api.userWith('responder');
    const env = { ...admin, KILLSWITCH_TOKEN: responder.token };
    const minted = await cli.json(['tokens', 'create', `ci-${run}`, '--roles', 'responder', '--expires-in-days', '30'], { env });
    expect(minted).toMatchObject({ name: `ci-${run}`, roles: ['responder'], token: expect.any(String) });
    expect((await api.request('GET', '/v1/kill-switches', { token: minted.token })).status).toBe(200);

    const wider = await cli.run(['tokens', 'create', `wide-${run}`, '--roles', 'admin'], { env });
    expect(wider.code).not.toBe(0);
    expect(wider.stderr).toContain('a token cannot hold roles you do not have: admin');
    const days = await cli.run(['tokens', 'create', `x-${run}`, '--roles', 'responder', '--expires-in-days', '0'], { env });
    expect(days.code).toBe(2);

    const listed = await cli.json(['tokens', 'list', '--all'], { env });
    expect(listed.items.map((t: { id: string }) => t.id)).toContain(minted.id);
    expect(await cli.json(['tokens', 'revoke', minted.id], { env })).toEqual({ id: minted.id, revoked: true });
    expect((await api.request('GET', '/v1/kill-switches', { token: minted.token })).status).toBe(401);
  });

  it('keeps a responder out of the directory and the auditor out of every write', async () => {
    const responder = await api.userWith('responder');
    const users = await cli.run(['users', 'list'], { env: { ...admin, KILLSWITCH_TOKEN: responder.token } });
    expect(users.code).not.toBe(0);
    expect(users.stderr).toContain('403');
    const auditor = await api.userWith('auditor');
    const create = await cli.run(['vendors', 'create', `x-${run}`, '--name', 'X'], { env: { ...admin, KILLSWITCH_TOKEN: auditor.token } });
    expect(create.code).not.toBe(0);
    expect(create.stderr).toContain('403');
  });
});

import { PrismaClient } from '@killswitch/db';
import { TestApi, startTestApi } from '../../../../test/support/api-harness';
import { testPrisma } from '../../../../test/support/db';
import { SeededVendor, seedVendor } from '../../../../test/support/fleet';
import { foldRefusals } from '../../../../test/support/refusals';
import { checkFourEyes } from './four-eyes';

type User = Awaited<ReturnType<TestApi['userWith']>>;

/** An admin who wants a lift approved must not be able to make the approver: four eyes compares people, not accounts. */
describe(checkFourEyes.name, () => {
  let api: TestApi;
  let prisma: PrismaClient;
  let v: SeededVendor;
  let requester: User;

  beforeAll(async () => {
    api = await startTestApi();
    prisma = testPrisma();
    v = await seedVendor(api);
  });
  beforeEach(async () => {
    requester = await api.userWith('admin');
  });
  afterAll(async () => {
    await api.close();
    await prisma.$disconnect();
  });

  /** An account the given admin creates through the API, signed in. */
  async function createdBy(token: string, roles: string[]): Promise<User> {
    const email = `made-${Math.random().toString(36).slice(2)}@killswitch.test`;
    const password = 'a-password-of-some-length';
    const created = await api.request('POST', '/v1/users', { token, body: { email, password, roles } });
    expect(created.status).toBe(201);
    return { id: created.body.id, email, password, token: await api.login(email, password) };
  }

  /** A kill by the requester (or `by`) and their pending request to lift it. */
  async function requestedLift(by: User = requester): Promise<string> {
    const kill = await api.request('POST', '/v1/kill-switches', {
      token: by.token,
      body: { scope: { vendor: v.vendor, integration: v.camera }, reason: 'strangers feeds' },
    });
    expect(kill.status).toBe(201);
    const lift = await api.request('POST', `/v1/kill-switches/${kill.body.id}/lift-requests`, { token: by.token, body: { reason: 'fixed' } });
    expect(lift.status).toBe(201);
    return lift.body.id as string;
  }

  const approve = (token: string, id: string) => api.request('POST', `/v1/lift-requests/${id}/approve`, { token, body: { reason: 'looks fine' } });
  /** The refused approvals of a lift request in the audit log (refusals are counted first, then folded into the chain). */
  const refusals = async (id: string) => {
    await foldRefusals(api);
    return prisma.auditEntry.findMany({ where: { action: 'lift-request.approve', outcome: 'refused', targetId: id } });
  };

  it('refuses an approver whose account the requester created (403 with a code, audited)', async () => {
    const approver = await createdBy(requester.token, ['approver']);
    const id = await requestedLift();
    const refused = await approve(approver.token, id);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'approver_granted_by_requester', message: expect.stringMatching(/created by the requester/) });
    expect(await refusals(id)).toEqual([expect.objectContaining({ actorId: approver.id, reason: refused.body.message })]);
    expect((await api.request('GET', `/v1/lift-requests/${id}`, { token: requester.token })).body.state).toBe('pending');
  });

  it('refuses an existing user the requester promoted to approver', async () => {
    const colleague = await api.userWith('responder'); // created by the bootstrap admin, not by the requester
    const promoted = await api.request('PATCH', `/v1/users/${colleague.id}`, { token: requester.token, body: { roles: ['responder', 'approver'] } });
    expect(promoted.status).toBe(200);
    const id = await requestedLift();
    const refused = await approve(colleague.token, id);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'approver_granted_by_requester', message: expect.stringMatching(/approver role was granted by the requester/) });
    expect(await refusals(id)).toHaveLength(1);
  });

  it('counts a grant made with an API token as made by the token’s creator', async () => {
    const minted = await api.request('POST', '/v1/api-tokens', { token: requester.token, body: { name: 'provisioning', roles: ['admin'] } });
    expect(minted.status).toBe(201);
    const approver = await createdBy(minted.body.token, ['approver']);
    const id = await requestedLift();
    expect((await approve(approver.token, id)).status).toBe(403);
  });

  it('refuses an admin whose admin role the requester granted', async () => {
    const colleague = await api.userWith('auditor');
    expect((await api.request('PATCH', `/v1/users/${colleague.id}`, { token: requester.token, body: { roles: ['admin'] } })).status).toBe(200);
    const id = await requestedLift();
    expect((await approve(colleague.token, id)).body).toMatchObject({
      statusCode: 403,
      code: 'approver_granted_by_requester',
      message: expect.stringMatching(/^your admin role was granted by the requester of this lift/),
    });
  });

  it('allows an approver made by a third admin', async () => {
    const third = await api.userWith('admin');
    const approver = await createdBy(third.token, ['approver']);
    const id = await requestedLift();
    const approved = await approve(approver.token, id);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ decidedById: approver.id });
  });

  it('allows a user whose approver role a third admin granted, though the requester granted them another role', async () => {
    const colleague = await api.userWith('auditor');
    expect((await api.request('PATCH', `/v1/users/${colleague.id}`, { token: requester.token, body: { roles: ['auditor', 'responder'] } })).status).toBe(200);
    const third = await api.userWith('admin');
    expect(
      (await api.request('PATCH', `/v1/users/${colleague.id}`, { token: third.token, body: { roles: ['auditor', 'responder', 'approver'] } })).status,
    ).toBe(200);
    const id = await requestedLift();
    expect((await approve(colleague.token, id)).status).toBe(200);
  });

  it('refuses an admin who created the requester’s account: they chose its password (403 with its own code, audited)', async () => {
    // The admin signs in as an account they made, asks for the lift with it, then approves it as themselves.
    const puppet = await createdBy(requester.token, ['responder']);
    const id = await requestedLift(puppet);
    const refused = await approve(requester.token, id);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'requester_appointed_by_approver', message: expect.stringMatching(/owes their account or role to you/) });
    expect(await refusals(id)).toEqual([expect.objectContaining({ actorId: requester.id, reason: refused.body.message })]);
    expect((await api.request('GET', `/v1/lift-requests/${id}`, { token: puppet.token })).body.state).toBe('pending');
  });

  it('refuses an approver the requester appointed through another admin they made', async () => {
    const deputy = await createdBy(requester.token, ['admin']);
    const approver = await createdBy(deputy.token, ['approver']);
    const id = await requestedLift();
    const refused = await approve(approver.token, id);
    expect(refused.body).toMatchObject({
      statusCode: 403,
      code: 'approver_granted_by_requester',
      message: expect.stringMatching(/through people they appointed/),
    });
  });

  it('refuses an approver who appointed the requester through another admin they made', async () => {
    const deputy = await createdBy(requester.token, ['admin']);
    const puppet = await createdBy(deputy.token, ['responder']);
    const id = await requestedLift(puppet);
    expect((await approve(requester.token, id)).body).toMatchObject({ statusCode: 403, code: 'requester_appointed_by_approver' });
  });

  it('follows role grants along the chain: an admin role granted by the requester to a colleague who then made the approver', async () => {
    const colleague = await api.userWith('auditor'); // created by the bootstrap admin
    expect((await api.request('PATCH', `/v1/users/${colleague.id}`, { token: requester.token, body: { roles: ['admin'] } })).status).toBe(200);
    const approver = await createdBy(colleague.token, ['approver']);
    const id = await requestedLift();
    expect((await approve(approver.token, id)).body).toMatchObject({
      statusCode: 403,
      code: 'approver_granted_by_requester',
      message: expect.stringMatching(/^your account, or a role you hold or held, comes from the requester of this lift through people they appointed/),
    });
  });

  it('follows a role someone granted themselves back to whoever made them an admin, after they gave the admin role up', async () => {
    const colleague = await api.userWith('auditor'); // created by the bootstrap admin
    expect((await api.request('PATCH', `/v1/users/${colleague.id}`, { token: requester.token, body: { roles: ['auditor', 'admin'] } })).status).toBe(200);
    const self = await api.request('PATCH', `/v1/users/${colleague.id}`, { token: colleague.token, body: { roles: ['auditor', 'admin', 'approver'] } });
    expect(self.status).toBe(200);
    expect((await api.request('PATCH', `/v1/users/${colleague.id}`, { token: colleague.token, body: { roles: ['auditor', 'approver'] } })).status).toBe(200);
    const id = await requestedLift();
    // The nearest link: the requester gave them the admin role with which they granted themselves approver.
    expect((await approve(colleague.token, id)).body).toMatchObject({
      statusCode: 403,
      code: 'approver_granted_by_requester',
      message: expect.stringMatching(/^your admin role was granted by the requester/),
    });
  });

  it('still refuses whoever gave the requester the role they asked with after that role was taken away', async () => {
    const asker = await api.userWith('auditor'); // created by the bootstrap admin
    expect((await api.request('PATCH', `/v1/users/${asker.id}`, { token: requester.token, body: { roles: ['auditor', 'responder'] } })).status).toBe(200);
    const id = await requestedLift(asker);
    expect((await api.request('PATCH', `/v1/users/${asker.id}`, { token: requester.token, body: { roles: ['auditor'] } })).status).toBe(200);
    expect((await approve(requester.token, id)).body).toMatchObject({ statusCode: 403, code: 'requester_appointed_by_approver' });
  });

  it('refuses the approval of a policy by whoever made its author an admin, after the author was demoted', async () => {
    const colleague = await api.userWith('auditor');
    expect((await api.request('PATCH', `/v1/users/${colleague.id}`, { token: requester.token, body: { roles: ['admin'] } })).status).toBe(200);
    const policy = await api.request('POST', '/v1/auto-kill-policies', {
      token: colleague.token,
      body: {
        name: `demoted author's policy ${Math.random()}`,
        match: { alertname: 'CameraLeak', vendor: v.vendor },
        integration: v.camera,
        maxAffectedDevices: 10,
      },
    });
    expect(policy.status).toBe(201);
    expect((await api.request('PATCH', `/v1/users/${colleague.id}`, { token: requester.token, body: { roles: ['auditor'] } })).status).toBe(200);
    const refused = await api.request('POST', `/v1/auto-kill-policies/${policy.body.id}/approve`, { token: requester.token });
    expect(refused.body).toMatchObject({ statusCode: 403, code: 'requester_appointed_by_approver' });
  });

  it('allows two people the same third admin appointed', async () => {
    const third = await api.userWith('admin');
    const asker = await createdBy(third.token, ['responder']);
    const approver = await createdBy(third.token, ['approver']);
    const id = await requestedLift(asker);
    expect((await approve(approver.token, id)).status).toBe(200);
  });

  it('refuses an admin the approval of a policy written by an admin they made', async () => {
    const deputy = await createdBy(requester.token, ['admin']);
    const policy = await api.request('POST', '/v1/auto-kill-policies', {
      token: deputy.token,
      body: { name: `deputy's policy ${Math.random()}`, match: { alertname: 'CameraLeak', vendor: v.vendor }, integration: v.camera, maxAffectedDevices: 10 },
    });
    expect(policy.status).toBe(201);
    const refused = await api.request('POST', `/v1/auto-kill-policies/${policy.body.id}/approve`, { token: requester.token });
    expect(refused.body).toMatchObject({
      statusCode: 403,
      code: 'requester_appointed_by_approver',
      message: expect.stringMatching(/^the author of this policy owes/),
    });
  });

  it('records who created each account and who granted each role', async () => {
    const approver = await createdBy(requester.token, ['approver', 'auditor']);
    expect(await prisma.user.findUniqueOrThrow({ where: { id: approver.id }, select: { createdById: true } })).toEqual({ createdById: requester.id });
    const grants = await prisma.roleGrant.findMany({ where: { userId: approver.id }, orderBy: { role: 'asc' } });
    expect(grants.map((g) => [g.role, g.grantedById])).toEqual([
      ['approver', requester.id],
      ['auditor', requester.id],
    ]);
  });
});

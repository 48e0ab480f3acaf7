import { TestApi, TestResponse, startTestApi } from '../../../../test/support/api-harness';
import { SeededVendor, seedVendor } from '../../../../test/support/fleet';
import { FourEyes } from './four-eyes';

type User = Awaited<ReturnType<TestApi['userWith']>>;

/**
 * A lift request (or auto-kill policy) still open to a decision tells whoever reads it whether they may decide it,
 * and why not: the refusal its route answers, word for word, so the UI offers no button that would answer 403.
 */
describe(`${FourEyes.name}.verdict in the views`, () => {
  let api: TestApi;
  let v: SeededVendor;
  let requester: User;
  let appointed: User;
  let unrelated: User;
  let puppet: User;
  let auditor: User;
  let otherAdmin: User;

  beforeAll(async () => {
    api = await startTestApi();
    v = await seedVendor(api);
  });
  // Every account exists before the requests are made (a newer one may not decide them).
  beforeEach(async () => {
    requester = await api.userWith('admin');
    appointed = await api.userWith('approver', { createdBy: requester.token });
    puppet = await api.userWith('responder', { createdBy: requester.token });
    unrelated = await api.userWith('approver');
    auditor = await api.userWith('auditor');
    otherAdmin = await api.userWith('admin');
  });
  afterAll(async () => {
    await api.close();
  });

  async function requestedLift(by: User, body: Record<string, unknown> = { reason: 'fixed' }): Promise<string> {
    const kill = await api.request('POST', '/v1/kill-switches', {
      token: by.token,
      body: { scope: { vendor: v.vendor, integration: v.camera }, reason: 'strangers feeds' },
    });
    expect(kill.status).toBe(201);
    const lift = await api.request('POST', `/v1/kill-switches/${kill.body.id}/lift-requests`, { token: by.token, body });
    expect(lift.status).toBe(201);
    return lift.body.id as string;
  }

  const read = async (token: string, id: string) => (await api.request('GET', `/v1/lift-requests/${id}`, { token })).body;
  /** The request as it appears in the reader's list of pending requests. */
  const listed = async (token: string, id: string) => {
    const page = await api.request('GET', '/v1/lift-requests?state=pending&limit=500', { token });
    expect(page.status).toBe(200);
    return (page.body.items as { id: string }[]).find((item) => item.id === id);
  };
  const decide = (token: string, id: string, verb: string, body: Record<string, unknown> = {}) =>
    api.request('POST', `/v1/lift-requests/${id}/${verb}`, { token, body });
  /** The refusal a view announced, as the route's 403 carries it. */
  const refusalOf = (answer: TestResponse) => ({ code: answer.body.code, message: answer.body.message });

  it('tells the requester they may not decide their own request, in the words the approve route answers', async () => {
    const id = await requestedLift(requester);
    const view = await read(requester.token, id);
    expect(view).toMatchObject({ state: 'pending', youMayDecide: false, whyNot: { code: 'self_approval' } });
    const refused = await decide(requester.token, id, 'approve');
    expect(refused.status).toBe(403);
    expect(view.whyNot).toEqual(refusalOf(refused));
    expect((await listed(requester.token, id)) ?? {}).toMatchObject({ youMayDecide: false, whyNot: view.whyNot });
  });

  it('tells an approver the requester appointed that they may not, and why, in the list and the request alike', async () => {
    const id = await requestedLift(requester);
    const view = await read(appointed.token, id);
    expect(view).toMatchObject({
      youMayDecide: false,
      whyNot: {
        code: 'approver_granted_by_requester',
        message: 'your account was created by the requester of this lift, so you cannot approve it: ask someone they did not appoint (four eyes)',
      },
    });
    expect(await listed(appointed.token, id)).toEqual(view);
    const refused = await decide(appointed.token, id, 'approve');
    expect(refused.status).toBe(403);
    expect(view.whyNot).toEqual(refusalOf(refused));
    // Reject is refused for the same reason, in its own verb.
    expect(refusalOf(await decide(appointed.token, id, 'reject', { reason: 'not yet' }))).toEqual({
      code: 'approver_granted_by_requester',
      message: view.whyNot.message.replace('cannot approve', 'cannot reject'),
    });
  });

  it('tells an admin who made the requester’s account that they may not decide the request they made with it', async () => {
    const id = await requestedLift(puppet);
    const view = await read(requester.token, id);
    expect(view).toMatchObject({ youMayDecide: false, whyNot: { code: 'requester_appointed_by_approver' } });
    expect(view.whyNot).toEqual(refusalOf(await decide(requester.token, id, 'approve')));
  });

  it('tells an unrelated approver they may decide, and the approve route agrees', async () => {
    const id = await requestedLift(requester);
    const view = await read(unrelated.token, id);
    expect(view.youMayDecide).toBe(true);
    expect(view).not.toHaveProperty('whyNot');
    expect(await listed(unrelated.token, id)).toEqual(view);
    const approved = await decide(unrelated.token, id, 'approve');
    expect(approved.status).toBe(200);
    // Decided: nothing is left to decide, and the views say nothing of it.
    expect(approved.body).not.toHaveProperty('youMayDecide');
    expect(await read(unrelated.token, id)).not.toHaveProperty('youMayDecide');
  });

  it('tells an auditor their roles do not decide lifts, as the route’s role check answers', async () => {
    const id = await requestedLift(requester);
    const view = await read(auditor.token, id);
    expect(view).toMatchObject({ youMayDecide: false, whyNot: { code: 'forbidden', message: 'this needs one of the roles admin, approver' } });
    expect(view.whyNot).toEqual(refusalOf(await decide(auditor.token, id, 'approve')));
  });

  it('tells an API token it cannot decide, though its creator could', async () => {
    const id = await requestedLift(requester);
    const minted = await api.request('POST', '/v1/api-tokens', { token: unrelated.token, body: { name: 'ci', roles: ['approver'] } });
    expect(minted.status).toBe(201);
    const view = await read(minted.body.token, id);
    expect(view).toMatchObject({ youMayDecide: false, whyNot: { code: 'api_token_cannot_decide' } });
    expect(view.whyNot).toEqual(refusalOf(await decide(minted.body.token, id, 'approve')));
    expect((await read(unrelated.token, id)).youMayDecide).toBe(true);
  });

  it('tells each reader of a break-glass lift whether they may sign it off, as the review route answers', async () => {
    const id = await requestedLift(requester, { reason: 'users locked out', breakGlass: true });
    const mine = await read(requester.token, id);
    expect(mine).toMatchObject({ state: 'completed', reviewPending: true, youMayDecide: false, whyNot: { code: 'self_approval' } });
    expect(mine.whyNot.message).toMatch(/must review it/);
    const theirs = await read(appointed.token, id);
    expect(theirs).toMatchObject({ youMayDecide: false, whyNot: { code: 'approver_granted_by_requester' } });
    expect(theirs.whyNot).toEqual(refusalOf(await decide(appointed.token, id, 'review')));
    expect((await read(unrelated.token, id)).youMayDecide).toBe(true);
    expect((await decide(unrelated.token, id, 'review')).status).toBe(200);
    expect(await read(appointed.token, id)).not.toHaveProperty('youMayDecide');
  });

  it('tells each reader of a list whether they may decide each request, per requester', async () => {
    const byRequester = [await requestedLift(requester), await requestedLift(requester)];
    const byPuppet = await requestedLift(puppet);
    const byOther = await requestedLift(otherAdmin);
    const verdicts = async (token: string) => {
      const page = await api.request('GET', '/v1/lift-requests?state=pending&limit=500', { token });
      const items = page.body.items as { id: string; youMayDecide: boolean; whyNot?: { code: string } }[];
      return Object.fromEntries(
        [...byRequester, byPuppet, byOther].map((id) => {
          const item = items.find((i) => i.id === id);
          return [id, item?.youMayDecide ? 'yes' : item?.whyNot?.code];
        }),
      );
    };
    expect(await verdicts(appointed.token)).toEqual({
      [byRequester[0]]: 'approver_granted_by_requester',
      [byRequester[1]]: 'approver_granted_by_requester',
      [byPuppet]: 'yes', // two people the same admin made: neither appointed the other
      [byOther]: 'yes',
    });
    expect(await verdicts(requester.token)).toEqual({
      [byRequester[0]]: 'self_approval',
      [byRequester[1]]: 'self_approval',
      [byPuppet]: 'requester_appointed_by_approver',
      [byOther]: 'yes',
    });
    // …and each verdict is what the approve route answers.
    expect((await decide(appointed.token, byPuppet, 'approve')).status).toBe(200);
    expect((await decide(requester.token, byOther, 'approve')).status).toBe(200);
  });

  describe('auto-kill policies', () => {
    async function writtenPolicy(by: User): Promise<string> {
      const policy = await api.request('POST', '/v1/auto-kill-policies', {
        token: by.token,
        body: { name: `policy ${Math.random()}`, match: { alertname: 'CameraLeak', vendor: v.vendor }, integration: v.camera, maxAffectedDevices: 10 },
      });
      expect(policy.status).toBe(201);
      return policy.body.id as string;
    }
    const readPolicy = async (token: string, id: string) => (await api.request('GET', `/v1/auto-kill-policies/${id}`, { token })).body;
    const approvePolicy = (token: string, id: string) => api.request('POST', `/v1/auto-kill-policies/${id}/approve`, { token });

    it('tells its author, the admin who made the author, an approver and an unrelated admin whether they may approve it', async () => {
      const deputy = await api.userWith('admin', { createdBy: requester.token });
      const id = await writtenPolicy(deputy);
      const verdicts = {
        author: await readPolicy(deputy.token, id),
        maker: await readPolicy(requester.token, id),
        approver: await readPolicy(unrelated.token, id),
        unrelated: await readPolicy(otherAdmin.token, id),
      };
      expect(verdicts.author).toMatchObject({ youMayDecide: false, whyNot: { code: 'self_approval' } });
      expect(verdicts.maker).toMatchObject({
        youMayDecide: false,
        whyNot: { code: 'requester_appointed_by_approver', message: expect.stringMatching(/^the author of this policy owes/) },
      });
      expect(verdicts.approver).toMatchObject({ youMayDecide: false, whyNot: { code: 'forbidden', message: 'this needs one of the roles admin' } });
      expect(verdicts.unrelated.youMayDecide).toBe(true);
      for (const [who, token] of [
        ['author', deputy.token],
        ['maker', requester.token],
        ['approver', unrelated.token],
      ] as const) {
        expect({ who, ...refusalOf(await approvePolicy(token, id)) }).toEqual({ who, ...verdicts[who].whyNot });
      }
      const page = await api.request('GET', '/v1/auto-kill-policies?limit=500', { token: requester.token });
      // The list gives what the read gives, the budget its kills in force use (autoKilledDevices) included.
      expect(verdicts.maker.autoKilledDevices).toBe(0);
      expect((page.body.items as { id: string }[]).find((p) => p.id === id)).toEqual(verdicts.maker);
      expect((await approvePolicy(otherAdmin.token, id)).status).toBe(200);
      expect(await readPolicy(otherAdmin.token, id)).not.toHaveProperty('youMayDecide');
    });
  });
});

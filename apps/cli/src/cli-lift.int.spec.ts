import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { SeededVendor, seedVendor } from '../../../test/support/fleet';
import { CliSandbox } from '../test/cli-harness';

// Each test spawns several CLI processes: slower than the default allows on a busy machine.
jest.setTimeout(90_000);

describe('killswitch lift and lifts (CLI against a real API)', () => {
  let api: TestApi;
  let url: string;
  let cli: CliSandbox;
  let v: SeededVendor;
  let as: Record<'responder' | 'approver' | 'both' | 'admin' | 'admin2', Record<string, string>>;

  beforeAll(async () => {
    api = await startTestApi();
    url = await api.listen();
    cli = new CliSandbox();
    v = await seedVendor(api);
    // Every account exists before any lift is requested: one created later may not approve it.
    const env = (token: string) => ({ KILLSWITCH_URL: url, KILLSWITCH_TOKEN: token });
    as = {
      responder: env((await api.userWith('responder')).token),
      approver: env((await api.userWith('approver')).token),
      both: env((await api.userWith('responder', 'approver')).token),
      admin: env(await api.adminToken()),
      admin2: env((await api.userWith('admin')).token),
    };
  });
  afterAll(async () => {
    await api.close();
    cli.remove();
  });

  async function kill(reason: string): Promise<string> {
    return (await cli.json(['kill', '--vendor', v.vendor, '--integration', v.plug, '--reason', reason], { env: as.responder })).id;
  }

  it('requests a staged lift, lists it, has a second person approve it, and advances it to the end', async () => {
    const killId = await kill('plug pairing leak');
    const lift = await cli.json(['lift', 'request', killId, '--reason', 'fixed in 2.1', '--stages', '1,10,100'], { env: as.responder });
    expect(lift).toMatchObject({ killSwitchId: killId, state: 'pending', stages: [1, 10, 100], currentStage: -1, breakGlass: false });
    expect((await cli.json(['status', killId], { env: as.responder })).killSwitch.state).toBe('lift-requested');

    const pending = await cli.json(['lifts', 'list', '--state', 'pending', '--kill', killId], { env: as.approver });
    expect(pending.items.map((l: { id: string }) => l.id)).toEqual([lift.id]);
    const table = await cli.run(['lifts', 'list', '--kill', killId], { env: as.approver });
    expect(table.stdout).toMatch(new RegExp(`^ID\\s+KILL SWITCH\\s+STATE[^\\n]*\\n${lift.id}\\s+${killId}\\s+pending\\s+1,10,100`));

    const approved = await cli.run(['lift', 'approve', lift.id, '--reason', 'verified on a test fleet'], { env: as.approver });
    expect(approved.code).toBe(0);
    expect(approved.stdout).toContain(`lift request ${lift.id} is approved`);
    expect(approved.stdout).toMatch(/released\s+1 % \(stage 1 of 3\)/);

    const again = await cli.run(['lift', 'approve', lift.id], { env: as.admin });
    expect(again.code).toBe(5);
    expect(again.stderr).toMatch(/is approved: only a pending request can be approved \(409 Conflict, request id /);

    expect(await cli.json(['lift', 'advance', lift.id], { env: as.responder })).toMatchObject({ currentStage: 1 });
    expect(await cli.json(['lift', 'advance', lift.id], { env: as.responder })).toMatchObject({ currentStage: 2, state: 'completed' });
    expect((await cli.json(['status', killId], { env: as.responder })).killSwitch.state).toBe('lifted');
    expect(
      (await cli.json(['kills', 'list', '--state', 'lifted', '--vendor', v.vendor], { env: as.responder })).items.map((k: { id: string }) => k.id),
    ).toContain(killId);
  });

  it('refuses self-approval (four eyes) with exit code 3, and a role that may not approve', async () => {
    const killId = await kill('self approval attempt');
    const lift = await cli.json(['lift', 'request', killId, '--reason', 'I think it is fixed'], { env: as.both });
    const self = await cli.run(['lift', 'approve', lift.id], { env: as.both });
    expect(self.code).toBe(3);
    expect(self.stderr).toContain('you requested this lift: a second person must approve it (four eyes)');
    const responder = await cli.run(['lift', 'approve', lift.id], { env: as.responder });
    expect(responder.code).toBe(3);
    expect(responder.stderr).toContain('403 Forbidden');
  });

  it('rejects with a reason (required), and the kill is active again', async () => {
    const killId = await kill('reject me');
    const lift = await cli.json(['lift', 'request', killId, '--reason', 'maybe fixed'], { env: as.responder });
    const noReason = await cli.run(['lift', 'reject', lift.id], { env: as.approver });
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain("required option '--reason <text>' not specified");
    expect(await cli.json(['lift', 'reject', lift.id, '--reason', 'fix not verified'], { env: as.approver })).toMatchObject({
      state: 'rejected',
      decisionReason: 'fix not verified',
    });
    expect((await cli.json(['status', killId], { env: as.responder })).killSwitch.state).toBe('active');
  });

  it('aborts a lift under way, and the kill is active again', async () => {
    const killId = await kill('abort me');
    const lift = await cli.json(['lift', 'request', killId, '--reason', 'try 1 %', '--stages', '1,100', '--interval', '3600'], { env: as.responder });
    expect(lift.stageIntervalSec).toBe(3600);
    await cli.json(['lift', 'approve', lift.id], { env: as.approver });
    expect(await cli.json(['lift', 'abort', lift.id, '--reason', 'errors at 1 %'], { env: as.responder })).toMatchObject({ state: 'aborted' });
    expect((await cli.json(['status', killId], { env: as.responder })).killSwitch.state).toBe('active');
    expect((await cli.run(['lift', 'advance', lift.id], { env: as.responder })).code).toBe(5);
  });

  it('breaks glass as an admin, which lifts at once and leaves a review for a second person', async () => {
    const killId = await kill('break glass');
    // admin2 breaks the glass and an approver reviews it (four eyes): neither appointed the other, while the first
    // admin, who made admin2's account, may not.
    const lift = await cli.json(['lift', 'request', killId, '--reason', 'outage caused by the kill', '--break-glass'], { env: as.admin2 });
    expect(lift).toMatchObject({ breakGlass: true, reviewPending: true });
    expect((await cli.json(['status', killId], { env: as.admin })).killSwitch.state).toBe('lifted');
    const byCreator = await cli.run(['lift', 'review', lift.id, '--reason', 'agreed'], { env: as.admin });
    expect(byCreator.code).toBe(3);
    expect(byCreator.stderr).toContain('owes their account or role to you');
    expect(await cli.json(['lift', 'review', lift.id, '--reason', 'agreed'], { env: as.approver })).toMatchObject({ reviewPending: false });

    const notAdmin = await cli.run(['lift', 'request', await kill('no glass for you'), '--reason', 'please', '--break-glass'], { env: as.responder });
    expect(notAdmin.code).toBe(3);
    expect(notAdmin.stderr).toContain('only an admin may break glass');
  });

  it('checks --stages and --interval before calling the API, and exits 4 for an unknown lift request', async () => {
    const badStages = await cli.run(['lift', 'request', '00000000-0000-7000-8000-000000000000', '--reason', 'x', '--stages', '10,1'], { env: as.responder });
    expect(badStages.code).toBe(2);
    expect(badStages.stderr).toContain('ending at 100');
    const badInterval = await cli.run(['lift', 'request', '00000000-0000-7000-8000-000000000000', '--reason', 'x', '--interval', '0'], { env: as.responder });
    expect(badInterval.code).toBe(2);
    const unknown = await cli.run(['lift', 'advance', '00000000-0000-7000-8000-000000000000'], { env: as.responder });
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toContain('lift request 00000000-0000-7000-8000-000000000000 does not exist (404 Not Found');
  });
});

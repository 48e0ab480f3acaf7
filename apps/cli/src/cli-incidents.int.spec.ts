import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { SeededVendor, seedVendor } from '../../../test/support/fleet';
import { CliSandbox } from '../test/cli-harness';

// Each test spawns several CLI processes: slower than the default allows on a busy machine.
jest.setTimeout(90_000);

describe('killswitch incidents (CLI against a real API)', () => {
  let api: TestApi;
  let cli: CliSandbox;
  let env: Record<string, string>;
  let v: SeededVendor;
  let incidentId: string;
  const title = `Mijia cameras show strangers' feeds ${Date.now()}`;

  beforeAll(async () => {
    api = await startTestApi();
    const url = await api.listen();
    cli = new CliSandbox();
    v = await seedVendor(api);
    env = { KILLSWITCH_URL: url, KILLSWITCH_TOKEN: (await api.userWith('responder')).token };
  });
  afterAll(async () => {
    await api.close();
    cli.remove();
  });

  it('opens an incident with a severity and a report time, and lists it', async () => {
    const reportedAt = new Date(Date.now() - 10 * 60_000).toISOString();
    const incident = await cli.json(['incidents', 'create', '--title', title, '--severity', 'SEV1', '--summary', 'public post', '--reported-at', reportedAt], {
      env,
    });
    expect(incident).toMatchObject({ id: expect.any(String), title, severity: 'SEV1', status: 'triage', summary: 'public post', reportedAt });
    incidentId = incident.id;

    const listed = await cli.json(['incidents', 'list', '--severity', 'SEV1', '--all'], { env });
    expect(listed.items.map((i: { id: string }) => i.id)).toContain(incidentId);
    const human = await cli.run(['incidents', 'list', '--status', 'triage', '--limit', '500'], { env });
    expect(human.stdout).toMatch(new RegExp(`${incidentId}\\s+SEV1\\s+triage`));
  });

  it('refuses a severity outside SEV1-SEV4 and a report time without a zone, before calling the API', async () => {
    const severity = await cli.run(['incidents', 'create', '--title', 'x y z', '--severity', 'SEV9'], { env });
    expect(severity.code).toBe(2);
    expect(severity.stderr).toContain('Allowed choices are SEV1, SEV2, SEV3, SEV4');
    const time = await cli.run(['incidents', 'create', '--title', 'x y z', '--severity', 'SEV2', '--reported-at', '2020-01-02 10:00'], { env });
    expect(time.code).toBe(2);
    expect(time.stderr).toContain('with its zone');
  });

  it('shows an incident with its kill switches, after a kill tied to it', async () => {
    await cli.json(['kill', '--vendor', v.vendor, '--integration', v.camera, '--reason', 'strangers feeds', '--incident', incidentId], { env });
    const shown = await cli.json(['incidents', 'show', incidentId], { env });
    expect(shown).toMatchObject({ id: incidentId, killSwitches: [expect.objectContaining({ state: 'active' })] });
    const human = await cli.run(['incidents', 'show', incidentId], { env });
    expect(human.stdout).toContain(`SEV1 ${title}`);
    expect(human.stdout).toMatch(/report → first kill\s+\d/);
    expect(human.stdout).toContain('kill switches:');
  });

  it('updates status and severity, and exits 5 on a status move the lifecycle does not allow', async () => {
    expect(await cli.json(['incidents', 'update', incidentId, '--status', 'investigating', '--severity', 'SEV2'], { env })).toMatchObject({
      status: 'investigating',
      severity: 'SEV2',
    });
    const skip = await cli.run(['incidents', 'update', incidentId, '--status', 'closed'], { env });
    expect(skip.code).toBe(5);
    expect(skip.stderr).toContain('409 Conflict');
    const nothing = await cli.run(['incidents', 'update', incidentId], { env });
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('nothing to update');
  });

  it('adds a note and shows it on the timeline with the system entries', async () => {
    const note = await cli.json(['incidents', 'note', incidentId, 'Xiaomi confirms; fix expected in 3.5.1_00.68'], { env });
    expect(note).toMatchObject({ type: 'note', body: 'Xiaomi confirms; fix expected in 3.5.1_00.68' });
    const timeline = await cli.json(['incidents', 'timeline', incidentId, '--all'], { env });
    const types = timeline.items.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['kill', 'status_change', 'note']));
    const human = await cli.run(['incidents', 'timeline', incidentId], { env });
    expect(human.stdout).toMatch(/^AT\s+TYPE\s+ACTOR\s+WHAT/);
    expect(human.stdout).toContain('Xiaomi confirms; fix expected in 3.5.1_00.68');
  });

  it('exports the postmortem as Markdown to a file and as JSON to stdout', async () => {
    const file = join(cli.home, 'postmortem.md');
    const written = await cli.run(['incidents', 'export', incidentId, '--format', 'md', '-o', file], { env });
    expect(written.code).toBe(0);
    expect(written.stdout).toBe('');
    expect(written.stderr).toContain(`wrote ${file}`);
    const markdown = readFileSync(file, 'utf8');
    expect(markdown).toContain(title);
    expect(markdown).toContain('Xiaomi confirms');

    const json = await cli.run(['incidents', 'export', incidentId, '--format', 'json'], { env });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ incident: { id: incidentId }, timeline: expect.any(Array) });

    const noFormat = await cli.run(['incidents', 'export', incidentId], { env });
    expect(noFormat.code).toBe(2);
  });

  it('exits 4 for an unknown incident', async () => {
    const run = await cli.run(['incidents', 'show', '00000000-0000-7000-8000-000000000000'], { env });
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('404 Not Found, request id');
  });
});

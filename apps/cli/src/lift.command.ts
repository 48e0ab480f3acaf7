/** lift request|approve|reject|advance|abort, and lifts list: staged, four-eyes lifts of a kill. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { type ApiClient, type LiftRequestView, PageOptions, fetchList } from '@killswitch/api-client';
import { addPageOptions, moreHint } from './page-options';
import { connect } from './connection';
import { Output } from './output';
import { fields, table, truncate } from './table';

export function parseStages(raw: string): number[] {
  const stages = raw.split(',').map((part) => Number(part.trim()));
  const ascending = stages.every((p, i) => Number.isInteger(p) && p >= 1 && p <= 100 && (i === 0 || p > stages[i - 1]));
  if (!ascending || stages[stages.length - 1] !== 100) {
    throw new InvalidArgumentError('stages are ascending whole percentages from 1 to 100, ending at 100, e.g. 1,10,100');
  }
  return stages;
}

export function parseInterval(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 604_800) throw new InvalidArgumentError('the interval is a whole number of seconds from 1 to 604800');
  return n;
}

function describeLift(lift: LiftRequestView): string {
  const stage = lift.currentStage >= 0 ? `${lift.stages[lift.currentStage]} % (stage ${lift.currentStage + 1} of ${lift.stages.length})` : 'not started';
  return [
    `lift request ${lift.id} is ${lift.state}${lift.breakGlass ? ' (break glass)' : ''}`,
    fields([
      ['kill switch', lift.killSwitchId],
      ['reason', lift.reason],
      ['stages', lift.stages.map((p) => `${p} %`).join(' → ')],
      ['released', stage],
      ['interval', lift.stageIntervalSec ? `${lift.stageIntervalSec} s` : 'advance by hand'],
      ...(lift.nextStageAt ? [['next stage at', lift.nextStageAt] as [string, string]] : []),
      ...(lift.decisionReason ? [['decision', lift.decisionReason] as [string, string]] : []),
      ...(lift.reviewPending ? [['review', 'pending: a second person must sign this break-glass lift off (killswitch lift review)'] as [string, string]] : []),
    ]),
  ].join('\n');
}

/** A lift action: POST /v1/lift-requests/:id/<action>, with a reason that is required, optional, or not taken. */
function action(parent: Command, name: string, description: string, reason: 'required' | 'optional' | 'none'): void {
  const command = parent.command(name).description(description).argument('<liftRequestId>');
  if (reason === 'required') command.requiredOption('--reason <text>', 'why');
  if (reason === 'optional') command.option('--reason <text>', 'why (optional)');
  command.action(async (id: string, options: { reason?: string }, cmd: Command) => {
    const client = await connect(cmd);
    await postAndShow(client, Output.of(cmd), `/v1/lift-requests/${encodeURIComponent(id)}/${name}`, options.reason ? { reason: options.reason } : {});
  });
}

async function postAndShow(client: ApiClient, out: Output, path: string, body: unknown): Promise<void> {
  const lift = await client.post<LiftRequestView>(path, body);
  out.result(lift, () => describeLift(lift));
}

export function registerLiftCommands(program: Command): void {
  const lift = program.command('lift').description('lift a kill switch, in stages, with a second person approving');
  lift
    .command('request')
    .description('ask to lift a kill switch; someone else approves (or, as admin, --break-glass)')
    .argument('<killSwitchId>')
    .requiredOption('--reason <text>', 'why it is safe to lift')
    .option('--stages <percentages>', 'release devices in stages, e.g. 1,10,100 (default: 100)', parseStages)
    .option('--interval <sec>', 'advance to the next stage by itself after this many seconds', parseInterval)
    .option('--break-glass', 'admins only: lift at once without a second person; leaves a review for someone else')
    .action(async (killSwitchId: string, options: { reason: string; stages?: number[]; interval?: number; breakGlass?: boolean }, command: Command) => {
      const client = await connect(command);
      await postAndShow(client, Output.of(command), `/v1/kill-switches/${encodeURIComponent(killSwitchId)}/lift-requests`, {
        reason: options.reason,
        ...(options.stages ? { stages: options.stages } : {}),
        ...(options.interval !== undefined ? { stageIntervalSec: options.interval } : {}),
        ...(options.breakGlass ? { breakGlass: true } : {}),
      });
    });
  action(lift, 'approve', 'approve a lift request made by someone else (four eyes); its first stage starts', 'optional');
  action(lift, 'reject', 'reject a lift request; the kill stays active', 'required');
  action(lift, 'advance', 'release the next stage now', 'none');
  action(lift, 'abort', 'stop a lift; the kill is active again for every device', 'optional');
  action(lift, 'review', 'sign off a break-glass lift made by someone else', 'optional');

  const lifts = program.command('lifts').description('lift requests');
  addPageOptions(
    lifts
      .command('list')
      .description('lift requests')
      .addOption(new Option('--state <state>', 'one state').choices(['pending', 'approved', 'rejected', 'aborted', 'completed']))
      .option('--kill <killSwitchId>', 'of one kill switch'),
  ).action(async (options: PageOptions & { state?: string; kill?: string }, command: Command) => {
    const out = Output.of(command);
    const client = await connect(command);
    const page = await fetchList<LiftRequestView>(client, '/v1/lift-requests', { state: options.state, killSwitchId: options.kill }, options);
    out.result(page, () =>
      page.items.length === 0
        ? 'no lift requests'
        : table(
            ['ID', 'KILL SWITCH', 'STATE', 'STAGES', 'RELEASED', 'REQUESTED', 'REASON'],
            page.items.map((l) => [
              l.id,
              l.killSwitchId,
              l.breakGlass ? `${l.state} (break glass)` : l.state,
              l.stages.join(','),
              l.currentStage >= 0 ? `${l.stages[l.currentStage]} %` : '-',
              l.requestedAt,
              truncate(l.reason, 40),
            ]),
          ),
    );
    const hint = moreHint(page);
    if (hint && !out.json) out.note(hint);
  });
}

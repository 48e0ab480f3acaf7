/** audit verify (exit code 1 when the chain is broken), audit list, and audit check (exported checkpoints, on the database). */
import { Command, Option } from 'commander';
import { type AuditEntryView, type AuditVerification, CliError, ExitCode, PageOptions, fetchList } from '@killswitch/api-client';
import { addPageOptions, moreHint } from './page-options';
import { connect } from './connection';
import { parseInstant } from './instant-arg';
import { Output } from './output';
import { table, truncate } from './table';

interface AuditListOptions extends PageOptions {
  action?: string;
  actor?: string;
  targetType?: string;
  target?: string;
  outcome?: string;
  from?: string;
  to?: string;
}

function describeVerification(result: AuditVerification): string {
  if (result.ok) return `audit chain intact: ${result.entries} entries verified${result.headSeq ? ` (head seq ${result.headSeq})` : ''}`;
  const broken = result.firstBroken;
  return [
    `audit chain BROKEN: ${result.entries} entries verified before the first broken one`,
    broken ? `  seq ${broken.seq}: ${broken.message} (${broken.reason})` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the tamper-evident audit log');

  audit
    .command('verify')
    .description(
      'check the hash chain end to end (exit code 1 if it is broken): the entries appended since the server last walked it, or with --full the whole chain from genesis now',
    )
    .option('--full', 'walk the whole chain from genesis now (admins and auditors): finds an older entry rewritten in the database')
    .action(async (options: { full?: boolean }, command: Command) => {
      const out = Output.of(command);
      const result = await (await connect(command)).get<AuditVerification>('/v1/audit/verify', options.full ? { full: 'true' } : undefined);
      out.result(result, () => describeVerification(result));
      if (!result.ok) throw new CliError(ExitCode.failure, 'the audit chain does not verify');
    });

  audit
    .command('check')
    .description(
      'check exported audit checkpoints against the database (DATABASE_URL): each signature, and that the chain still verifies up to its seq (exit code 1 if one does not hold)',
    )
    .argument('<file>', 'the export, audit-checkpoints.jsonl')
    .option('--jwks <file or URL>', 'check signatures only against this JWKS (a copy kept apart from the database), not the keys in the database')
    .action(async (file: string, options: { jwks?: string }) => {
      const { checkAuditExport } = await import('./database-commands.js');
      process.exitCode = await checkAuditExport(process.env, file, options.jwks);
    });

  addPageOptions(
    audit
      .command('list')
      .description('audit entries')
      .option('--action <action>', 'one action, e.g. kill-switch.create')
      .option('--actor <userId>', "one actor's id")
      .option('--target-type <type>', 'one kind of target, e.g. kill-switch')
      .option('--target <id>', 'one target id')
      .addOption(new Option('--outcome <outcome>', 'ok, or refused (refused privileged attempts)').choices(['ok', 'refused']))
      .option('--from <time>', 'entries at or after this time', parseInstant)
      .option('--to <time>', 'entries before this time', parseInstant),
  ).action(async (options: AuditListOptions, command: Command) => {
    const out = Output.of(command);
    const filters = {
      action: options.action,
      actorId: options.actor,
      targetType: options.targetType,
      targetId: options.target,
      outcome: options.outcome,
      from: options.from,
      to: options.to,
    };
    const page = await fetchList<AuditEntryView>(await connect(command), '/v1/audit', filters, options);
    out.result(page, () =>
      page.items.length === 0
        ? 'no audit entries'
        : table(
            ['SEQ', 'AT', 'ACTOR', 'ACTION', 'OUTCOME', 'TARGET', 'REASON'],
            page.items.map((e) => [
              e.seq,
              e.at,
              e.actor,
              e.action,
              e.outcome,
              e.targetType ? `${e.targetType}:${e.targetId ?? ''}` : '',
              truncate(e.reason, 40),
            ]),
          ),
    );
    const hint = moreHint(page);
    if (hint && !out.json) out.note(hint);
  });
}

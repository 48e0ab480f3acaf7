/** incidents list|create|show|update|note|timeline|export. */
import { writeFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import {
  CliError,
  ExitCode,
  type IncidentDetail,
  type IncidentView,
  PageOptions,
  type TimelineEntryView,
  type Timing,
  fetchList,
} from '@killswitch/api-client';
import { addPageOptions, moreHint } from './page-options';
import { connect } from './connection';
import { parseInstant } from './instant-arg';
import { Output } from './output';
import { fields, table, truncate } from './table';
import { inert } from './inert-text';

const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'];
const STATUSES = ['triage', 'investigating', 'mitigated', 'resolved', 'closed'];

function duration(timing: Timing | null | undefined): string {
  if (!timing) return 'not yet';
  const s = timing.ms / 1000;
  return s < 120 ? `${s.toFixed(1)} s` : s < 7200 ? `${(s / 60).toFixed(1)} min` : `${(s / 3600).toFixed(1)} h`;
}

function describeIncident(incident: IncidentDetail): string {
  const lines = [
    `${incident.severity} ${incident.title}`,
    fields([
      ['id', incident.id],
      ['status', incident.nextStatuses?.length ? `${incident.status} (next: ${incident.nextStatuses.join(', ')})` : incident.status],
      ['reported', incident.reportedAt],
      ...(incident.summary ? [['summary', incident.summary] as [string, string]] : []),
      ...(incident.timings
        ? ([
            ['report → first kill', duration(incident.timings.reportToFirstKill)],
            ['kill → 99 % acked', duration(incident.timings.killToAck99)],
            ['kill → lift', duration(incident.timings.killToLift)],
          ] as [string, string][])
        : []),
    ]),
  ];
  if (incident.killSwitches?.length) {
    lines.push(
      'kill switches:',
      table(
        ['ID', 'STATE', 'SCOPE', 'DEVICES', 'CREATED'],
        incident.killSwitches.map((k) => [k.id, k.state, k.scopeText, k.affectedDevices, k.createdAt]),
      ),
    );
  }
  return lines.join('\n');
}

const path = (id: string, rest = '') => `/v1/incidents/${encodeURIComponent(id)}${rest}`;

export function registerIncidentCommands(program: Command): void {
  const incidents = program.command('incidents').description('incidents, their timelines and postmortem exports');

  addPageOptions(
    incidents
      .command('list')
      .description('incidents, newest first')
      .addOption(new Option('--status <status>', 'one status').choices(STATUSES))
      .addOption(new Option('--severity <sev>', 'one severity').choices(SEVERITIES)),
  ).action(async (options: PageOptions & { status?: string; severity?: string }, command: Command) => {
    const out = Output.of(command);
    const page = await fetchList<IncidentView>(await connect(command), '/v1/incidents', { status: options.status, severity: options.severity }, options);
    out.result(page, () =>
      page.items.length === 0
        ? 'no incidents'
        : table(
            ['ID', 'SEVERITY', 'STATUS', 'REPORTED', 'TITLE'],
            page.items.map((i) => [i.id, i.severity, i.status, i.reportedAt, truncate(i.title)]),
          ),
    );
    const hint = moreHint(page);
    if (hint && !out.json) out.note(hint);
  });

  incidents
    .command('create')
    .description('open an incident')
    .requiredOption('--title <text>', 'what is happening')
    .addOption(new Option('--severity <sev>', 'SEV1 (worst) to SEV4').choices(SEVERITIES).makeOptionMandatory())
    .option('--summary <text>', 'what is known so far')
    .option('--reported-at <time>', 'when the report arrived (default: now); the timings start there', parseInstant)
    .action(async (options: { title: string; severity: string; summary?: string; reportedAt?: string }, command: Command) => {
      const client = await connect(command);
      const incident = await client.post<IncidentView>('/v1/incidents', {
        title: options.title,
        severity: options.severity,
        ...(options.summary !== undefined ? { summary: options.summary } : {}),
        ...(options.reportedAt !== undefined ? { reportedAt: options.reportedAt } : {}),
      });
      Output.of(command).result(incident, () => describeIncident(incident));
    });

  incidents
    .command('show')
    .description('one incident')
    .argument('<id>')
    .action(async (id: string, _options: object, command: Command) => {
      const incident = await (await connect(command)).get<IncidentDetail>(path(id));
      Output.of(command).result(incident, () => describeIncident(incident));
    });

  incidents
    .command('update')
    .description('change status (triage → investigating → mitigated → resolved → closed), severity, title or summary')
    .argument('<id>')
    .addOption(new Option('--status <status>', 'the next status').choices(STATUSES))
    .addOption(new Option('--severity <sev>', 'SEV1 to SEV4').choices(SEVERITIES))
    .option('--title <text>', 'a better title')
    .option('--summary <text>', 'what is known now')
    .action(async (id: string, options: { status?: string; severity?: string; title?: string; summary?: string }, command: Command) => {
      const changes = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
      if (Object.keys(changes).length === 0) throw new CliError(ExitCode.usage, 'nothing to update: give --status, --severity, --title or --summary');
      const incident = await (await connect(command)).patch<IncidentView>(path(id), changes);
      Output.of(command).result(incident, () => describeIncident(incident));
    });

  incidents
    .command('note')
    .description("add a note to an incident's timeline")
    .argument('<id>')
    .argument('<body>', 'the note')
    .option('--at <time>', 'when it happened (default: now)', parseInstant)
    .action(async (id: string, body: string, options: { at?: string }, command: Command) => {
      const entry = await (await connect(command)).post<TimelineEntryView>(path(id, '/timeline'), { body, ...(options.at ? { at: options.at } : {}) });
      Output.of(command).result(entry, () => `noted on incident ${id} at ${entry?.at ?? 'now'}`);
    });

  addPageOptions(incidents.command('timeline').description("an incident's timeline: kills, lifts, approvals, milestones, notes").argument('<id>')).action(
    async (id: string, options: PageOptions, command: Command) => {
      const out = Output.of(command);
      const page = await fetchList<TimelineEntryView>(await connect(command), path(id, '/timeline'), {}, options);
      out.result(page, () =>
        page.items.length === 0
          ? 'no timeline entries'
          : table(
              ['AT', 'TYPE', 'ACTOR', 'WHAT'],
              page.items.map((e) => [e.at, e.type, e.actor, e.body]),
            ),
      );
      const hint = moreHint(page);
      if (hint && !out.json) out.note(hint);
    },
  );

  incidents
    .command('export')
    .description('the postmortem: timeline and key timings, as Markdown or JSON')
    .argument('<id>')
    .addOption(new Option('--format <format>', 'md or json').choices(['md', 'json']).makeOptionMandatory())
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .action(async (id: string, options: { format: string; output?: string }, command: Command) => {
      const text = await (await connect(command)).text(path(id, '/export'), { format: options.format });
      if (!options.output) {
        process.stdout.write(inert(text.endsWith('\n') ? text : text + '\n'));
        return;
      }
      try {
        await writeFile(options.output, text);
      } catch (error) {
        throw new CliError(ExitCode.failure, `cannot write ${options.output}: ${(error as Error).message}`);
      }
      Output.of(command).note(`wrote ${options.output}`);
    });
}

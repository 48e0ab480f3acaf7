/** Renders a postmortem as Markdown. Every timeline entry type renders the same way, so new types need no change here. */
import { Timing } from './dto/incident.dto';
import { Postmortem } from './dto/postmortem.dto';

const TIMING_LABELS = [
  ['reportToFirstKill', 'Report → first kill'],
  ['killToAck99', 'Kill → 99 % acknowledged'],
  ['killToLift', 'Kill → lift'],
] as const;

/**
 * Text from people, made inert: no HTML, no table breaks, no links or images (`[`, `]` escaped), no code spans, no
 * heading, list or rule where it starts a line (the summary), one line. Backslashes are escaped first, so a `\|` in
 * the text stays a backslash and a pipe rather than ending a table cell.
 */
function text(value: string): string {
  return value
    .replace(/[\\`[\]|]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/^(\s*)([#+\-=*])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2')
    .replace(/\r?\n/g, '<br>');
}

function iso(value: Date | string | null): string {
  if (value === null) return '—';
  return typeof value === 'string' ? value : value.toISOString();
}

/** 83_400 → `1 min 23.4 s (83400 ms)`. */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  const parts: string[] = [];
  const days = Math.floor(rest / 86_400_000);
  rest -= days * 86_400_000;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  if (days) parts.push(`${days} d`);
  if (hours) parts.push(`${hours} h`);
  if (minutes) parts.push(`${minutes} min`);
  if (rest || parts.length === 0) parts.push(rest < 1000 && parts.length === 0 ? `${rest} ms` : `${Number((rest / 1000).toFixed(3))} s`);
  return `${sign}${parts.join(' ')} (${ms} ms)`;
}

function timingRow(label: string, timing: Timing | null): string {
  return timing ? `| ${label} | ${formatDuration(timing.ms)} | ${timing.from} | ${timing.to} |` : `| ${label} | not reached yet | — | — |`;
}

export function renderPostmortemMarkdown(pm: Postmortem): string {
  const { incident } = pm;
  const lines: string[] = [
    `# Postmortem: ${text(incident.title)}`,
    '',
    `_Generated ${pm.generatedAt} by Killswitch (${pm.kind})._`,
    '',
    '| Field | Value |',
    '| --- | --- |',
    `| Incident | ${incident.id} |`,
    `| Severity | ${incident.severity} |`,
    `| Status | ${incident.status} |`,
    `| Reported | ${iso(incident.reportedAt)} |`,
    `| Opened | ${iso(incident.createdAt)} by ${text(incident.createdBy ?? 'unknown')} |`,
    `| Mitigated | ${iso(incident.mitigatedAt)} |`,
    `| Resolved | ${iso(incident.resolvedAt)} |`,
    `| Closed | ${iso(incident.closedAt)} |`,
    '',
    '## Summary',
    '',
    incident.summary ? text(incident.summary) : '_No summary._',
    '',
    '## Key timings',
    '',
    '| Timing | Duration | From | To |',
    '| --- | --- | --- | --- |',
    ...TIMING_LABELS.map(([key, label]) => timingRow(label, pm.timings[key])),
    '',
    '## Kill switches',
    '',
  ];
  if (pm.killSwitches.length === 0) lines.push('_No kill switch is linked to this incident._', '');
  for (const kill of pm.killSwitches) {
    lines.push(
      `### ${text(kill.scopeText)}`,
      '',
      `- Kill switch: ${kill.id} (${kill.state})`,
      `- Scope: ${text(kill.scopeText)}`,
      `- Reason: ${text(kill.reason)}`,
      `- Affected devices: ${kill.affectedDevices}`,
      `- Killed: ${iso(kill.createdAt)} by ${text(kill.createdBy ?? 'unknown')}`,
      `- Lifted: ${kill.liftedAt ? iso(kill.liftedAt) : 'not lifted'}`,
      '',
    );
  }
  lines.push('## Timeline', '');
  if (pm.timeline.length === 0) lines.push('_The timeline is empty._', '');
  else {
    lines.push('| At (UTC) | Type | Actor | Entry |', '| --- | --- | --- | --- |');
    for (const entry of pm.timeline) lines.push(`| ${iso(entry.at)} | ${entry.type} | ${text(entry.actor)} | ${text(entry.body)} |`);
    lines.push('');
  }
  lines.push('## Who did what', '');
  if (pm.actors.length === 0) lines.push('_Nobody acted on this incident._', '');
  else {
    lines.push('| Actor | Actions |', '| --- | --- |');
    for (const actor of pm.actors) {
      const actions = actor.actions.map((a) => (a.count === 1 ? `${a.action} (${a.first})` : `${a.action} ×${a.count} (${a.first} … ${a.last})`));
      lines.push(`| ${text(actor.actor)} | ${actions.join(', ')} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

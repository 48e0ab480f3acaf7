/** Rows to API shapes, shared by the incident reads, writes and the export. */
import { Incident, KillSwitch, KillSwitchState, TimelineEntry } from '@killswitch/db';
import { describeScope, scopeColumn, storedScope } from '@killswitch/evaluation';
import { IncidentKillSwitch, IncidentView } from './dto/incident.dto';
import { TimelineEntryView } from './dto/timeline.dto';
import { NEXT_STATUSES } from './incident-status';

/** The API spells kill states with a hyphen (`lift-requested`), as GET /v1/kill-switches does. */
const KILL_STATE_NAME: Record<KillSwitchState, string> = { active: 'active', lift_requested: 'lift-requested', lifting: 'lifting', lifted: 'lifted' };

export function incidentView(incident: Incident): IncidentView {
  return {
    id: incident.id,
    title: incident.title,
    severity: incident.severity,
    status: incident.status,
    nextStatuses: [...NEXT_STATUSES[incident.status]],
    summary: incident.summary,
    reportedAt: incident.reportedAt,
    createdById: incident.createdById,
    createdAt: incident.createdAt,
    updatedAt: incident.updatedAt,
    mitigatedAt: incident.mitigatedAt,
    resolvedAt: incident.resolvedAt,
    closedAt: incident.closedAt,
  };
}

export function timelineEntryView(entry: TimelineEntry): TimelineEntryView {
  return {
    id: entry.id.toString(),
    incidentId: entry.incidentId,
    at: entry.at,
    type: entry.type,
    actor: entry.actor,
    actorId: entry.actorId,
    body: entry.body,
    refs: (entry.refs ?? {}) as Record<string, unknown>,
  };
}

export function incidentKillSwitch(kill: KillSwitch, revocationId: string | null, createdBy: string | null): IncidentKillSwitch {
  const scope = storedScope(kill);
  return {
    id: kill.id,
    state: KILL_STATE_NAME[kill.state],
    scope: scopeColumn(scope),
    scopeText: describeScope(scope),
    reason: kill.reason,
    affectedDevices: kill.affectedDevices,
    revocationId,
    createdById: kill.createdById,
    createdBy,
    createdAt: kill.createdAt,
    liftedAt: kill.liftedAt,
  };
}

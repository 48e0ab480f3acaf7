import type { AuditContext, AuditService } from '@killswitch/audit';
import { Severity, Tx } from '@killswitch/db';
import { enqueue } from '@killswitch/queue';
import { IncidentView } from './dto/incident.dto';
import { incidentView } from './incident-views';

export interface NewIncident {
  title: string;
  severity: Severity;
  summary: string | null;
  reportedAt: Date;
}

/**
 * Opens an incident in triage inside the caller's transaction: the row, its audit entry and its `incident.opened`
 * event. POST /v1/incidents and an alert that opens its own incident both come here.
 */
export async function openIncident(tx: Tx, audit: AuditService, by: AuditContext, input: NewIncident): Promise<IncidentView> {
  const incident = await tx.incident.create({
    data: { title: input.title, severity: input.severity, summary: input.summary, reportedAt: input.reportedAt, createdById: by.actor.id ?? null },
  });
  const view = incidentView(incident);
  await audit.record(tx, by, { action: 'incident.create', target: { type: 'incident', id: incident.id }, after: view });
  await enqueue(tx, 'incident.opened', {
    at: incident.createdAt.toISOString(),
    actor: by.actor,
    requestId: by.requestId ?? null,
    incidentId: incident.id,
    title: incident.title,
    severity: incident.severity,
    status: incident.status,
  });
  return view;
}

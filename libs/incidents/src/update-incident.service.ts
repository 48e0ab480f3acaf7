import { Injectable } from '@nestjs/common';
import { AuditService } from '@killswitch/audit';
import { Prisma, PrismaService } from '@killswitch/db';
import { AppError } from '@killswitch/http';
import { RequestContext } from '@killswitch/identity';
import { enqueue } from '@killswitch/queue';
import { IncidentView, UpdateIncidentDto } from './dto/incident.dto';
import { checkTransition, lifecycleStamps } from './incident-status';
import { incidentView } from './incident-views';
import { appendTimeline } from './timeline';

/**
 * Changing an incident: title, summary, severity and status. Status moves follow the
 * lifecycle in incident-status.ts; status and severity changes go on the timeline.
 */
@Injectable()
export class UpdateIncidentService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
  ) {}

  async update(ctx: RequestContext, id: string, dto: UpdateIncidentDto): Promise<IncidentView> {
    if (dto.title === undefined && dto.severity === undefined && dto.summary === undefined && dto.status === undefined) {
      throw new AppError('invalid_input', 'send at least one of title, severity, summary, status');
    }
    return this.prisma.$transaction(async (tx) => {
      // Row lock: two concurrent moves from the same status must not both pass the check. NO KEY: a kill or a timeline
      // entry made on the incident meanwhile takes a key-share lock on its row (their foreign keys) after the audit
      // chain's lock, which this edit takes next: FOR UPDATE would make the two wait on each other in a circle.
      await tx.$queryRaw`SELECT id FROM incidents WHERE id = ${id}::uuid FOR NO KEY UPDATE`;
      const before = await tx.incident.findUnique({ where: { id } });
      if (!before) throw new AppError('not_found', `incident ${id} does not exist`);

      const now = new Date();
      const data: Prisma.IncidentUpdateInput = {};
      if (dto.title !== undefined && dto.title !== before.title) data.title = dto.title;
      if (dto.summary !== undefined && dto.summary !== before.summary) data.summary = dto.summary;
      const severity = dto.severity !== undefined && dto.severity !== before.severity ? dto.severity : undefined;
      const status = dto.status !== undefined && dto.status !== before.status ? dto.status : undefined;
      if (severity === undefined && status === undefined && Object.keys(data).length === 0) return incidentView(before); // nothing changes

      if (status !== undefined) {
        const check = checkTransition(before.status, status);
        if (!check.ok) throw new AppError('conflict', check.message, undefined, 'incident_transition_not_allowed');
        Object.assign(data, { status }, lifecycleStamps(status, now));
      }
      if (before.status === 'closed')
        throw new AppError('conflict', 'the incident is closed, which is final: it can no longer be changed', undefined, 'incident_closed');
      if (severity !== undefined) data.severity = severity;

      const after = await tx.incident.update({ where: { id }, data });
      if (status !== undefined) {
        await appendTimeline(tx, {
          incidentId: id,
          type: 'status_change',
          actor: ctx.actor,
          body: `Status ${before.status} → ${status}`,
          refs: { from: before.status, to: status },
          at: now,
        });
        await enqueue(tx, 'incident.status-changed', {
          at: now.toISOString(),
          actor: ctx.actor,
          requestId: ctx.requestId,
          incidentId: id,
          from: before.status,
          to: status,
        });
      }
      if (severity !== undefined) {
        await appendTimeline(tx, {
          incidentId: id,
          type: 'severity_change',
          actor: ctx.actor,
          body: `Severity ${before.severity} → ${severity}`,
          refs: { from: before.severity, to: severity },
          at: now,
        });
      }
      const view = incidentView(after);
      await this.audit.record(tx, ctx, { action: 'incident.update', target: { type: 'incident', id }, before: incidentView(before), after: view });
      return view;
    });
  }
}

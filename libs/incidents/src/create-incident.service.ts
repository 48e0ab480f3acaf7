import { Injectable } from '@nestjs/common';
import { AuditService } from '@killswitch/audit';
import { PrismaService } from '@killswitch/db';
import { RequestContext } from '@killswitch/identity';
import { enqueue } from '@killswitch/queue';
import { pastOrNow } from './client-time';
import { CreateIncidentDto, IncidentView } from './dto/incident.dto';
import { incidentView } from './incident-views';

/** Opening an incident, in triage; the key timings start at its reportedAt. */
@Injectable()
export class CreateIncidentService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
  ) {}

  async create(ctx: RequestContext, dto: CreateIncidentDto): Promise<IncidentView> {
    const now = new Date();
    const reportedAt = dto.reportedAt === undefined ? now : pastOrNow(dto.reportedAt, 'reportedAt', now);
    return this.prisma.$transaction(async (tx) => {
      const incident = await tx.incident.create({
        data: { title: dto.title, severity: dto.severity, summary: dto.summary ?? null, reportedAt, createdById: ctx.actor.id ?? null },
      });
      const view = incidentView(incident);
      await this.audit.record(tx, ctx, { action: 'incident.create', target: { type: 'incident', id: incident.id }, after: view });
      await enqueue(tx, 'incident.opened', {
        at: incident.createdAt.toISOString(),
        actor: ctx.actor,
        requestId: ctx.requestId,
        incidentId: incident.id,
        title: incident.title,
        severity: incident.severity,
        status: incident.status,
      });
      return view;
    });
  }
}

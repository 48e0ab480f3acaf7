import { Injectable } from '@nestjs/common';
import { AuditService } from '@killswitch/audit';
import { PrismaService } from '@killswitch/db';
import { RequestContext } from '@killswitch/identity';
import { pastOrNow } from './client-time';
import { CreateIncidentDto, IncidentView } from './dto/incident.dto';
import { openIncident } from './open-incident';

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
    return this.prisma.$transaction((tx) =>
      openIncident(tx, this.audit, ctx, { title: dto.title, severity: dto.severity, summary: dto.summary ?? null, reportedAt }),
    );
  }
}

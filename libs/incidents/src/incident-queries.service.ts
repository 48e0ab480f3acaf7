import { Injectable } from '@nestjs/common';
import { CURSOR_KEY, DEFAULT_PAGE_SIZE, Incident, PrismaService, decodeCursor, toPage, ReadReplica } from '@killswitch/db';
import { AppError } from '@killswitch/http';
import { IncidentDetail, IncidentKillSwitch, IncidentListQuery, IncidentPage, KeyTimings } from './dto/incident.dto';
import { incidentKillSwitch, incidentView } from './incident-views';
import { keyTimings } from './key-timings';

/** An incident with what it caused: shared by GET /v1/incidents/:id and the export. */
export interface IncidentRecord {
  incident: Incident;
  killSwitches: IncidentKillSwitch[];
  timings: KeyTimings;
}

/** Reading incidents: the list, and one incident with its kill switches and key timings. */
@Injectable()
export class IncidentQueriesService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly replica: ReadReplica,
  ) {}

  async list(query: IncidentListQuery): Promise<IncidentPage> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, CURSOR_KEY.uuid);
    const rows = await this.replica.read((db) =>
      db.incident.findMany({
        where: { status: query.status, severity: query.severity, ...(after ? { id: { lt: after } } : {}) },
        orderBy: { id: 'desc' },
        take: limit + 1,
      }),
    );
    const page = toPage(rows, limit, (i) => i.id);
    return { items: page.items.map(incidentView), nextCursor: page.nextCursor };
  }

  async get(id: string): Promise<IncidentDetail> {
    const record = await this.record(id);
    return { ...incidentView(record.incident), killSwitches: record.killSwitches, timings: record.timings };
  }

  async record(id: string): Promise<IncidentRecord> {
    const incident = await this.prisma.incident.findUnique({ where: { id } });
    if (!incident) throw new AppError('not_found', `incident ${id} does not exist`);
    const [kills, milestones] = await Promise.all([
      this.prisma.killSwitch.findMany({
        where: { incidentId: id },
        include: { revocations: { where: { kind: 'kill' }, select: { id: true }, orderBy: { createdAt: 'asc' } } },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      }),
      this.prisma.timelineEntry.findMany({ where: { incidentId: id, type: 'revocation_milestone' }, select: { at: true, refs: true } }),
    ]);
    const authorIds = [...new Set(kills.map((k) => k.createdById).filter((u): u is string => u !== null))];
    const authors = new Map(
      (await this.prisma.user.findMany({ where: { id: { in: authorIds } }, select: { id: true, email: true } })).map((u) => [u.id, u.email]),
    );
    const killSwitches = kills.map((k) => incidentKillSwitch(k, k.revocations[0]?.id ?? null, k.createdById ? (authors.get(k.createdById) ?? null) : null));
    const timings = keyTimings({
      reportedAt: incident.reportedAt,
      kills: kills.map((k) => ({ id: k.id, createdAt: k.createdAt, liftedAt: k.liftedAt, killRevocationId: k.revocations[0]?.id ?? null })),
      milestones,
    });
    return { incident, killSwitches, timings };
  }
}

import { Injectable } from '@nestjs/common';
import { AuditService } from '@killswitch/audit';
import { CURSOR_INVALID, DEFAULT_PAGE_SIZE, PageQuery, Prisma, PrismaService, decodeCursor, encodeCursor, ReadReplica } from '@killswitch/db';
import { AppError } from '@killswitch/http';
import { RequestContext } from '@killswitch/identity';
import { pastOrNow } from './client-time';
import { CreateNoteDto, TimelineEntryView, TimelinePage } from './dto/timeline.dto';
import { timelineEntryView } from './incident-views';
import { createTimelineEntry } from './timeline';

/** The keyset of a timeline page: entries are ordered by (at, id). */
function timelineKey(entry: { at: Date; id: bigint }): string {
  return `${entry.at.toISOString()}|${entry.id}`;
}

const TIMELINE_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z\|\d{1,19}$/;

function parseTimelineKey(cursor: string | undefined): { at: Date; id: bigint } | undefined {
  const key = decodeCursor(cursor, TIMELINE_KEY);
  if (key === undefined) return undefined;
  const [at, id] = key.split('|');
  if (Number.isNaN(new Date(at).getTime())) throw new AppError('invalid_input', CURSOR_INVALID);
  return { at: new Date(at), id: BigInt(id) };
}

/** An incident's timeline: reading it, and the notes people add to it. */
@Injectable()
export class IncidentTimelineService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly replica: ReadReplica,
    private readonly audit: AuditService,
  ) {}

  async list(incidentId: string, query: PageQuery): Promise<TimelinePage> {
    const after = parseTimelineKey(query.cursor);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    if (!(await this.prisma.incident.findUnique({ where: { id: incidentId }, select: { id: true } }))) {
      throw new AppError('not_found', `incident ${incidentId} does not exist`);
    }
    const where: Prisma.TimelineEntryWhereInput = { incidentId, ...(after ? { OR: [{ at: { gt: after.at } }, { at: after.at, id: { gt: after.id } }] } : {}) };
    const rows = await this.replica.read((db) => db.timelineEntry.findMany({ where, orderBy: [{ at: 'asc' }, { id: 'asc' }], take: limit + 1 }));
    const items = rows.slice(0, limit);
    return { items: items.map(timelineEntryView), nextCursor: rows.length > limit ? encodeCursor(timelineKey(items[items.length - 1])) : null };
  }

  async addNote(ctx: RequestContext, incidentId: string, dto: CreateNoteDto): Promise<TimelineEntryView> {
    const at = dto.at === undefined ? new Date() : pastOrNow(dto.at, 'at', new Date());
    return this.prisma.$transaction(async (tx) => {
      if (!(await tx.incident.findUnique({ where: { id: incidentId }, select: { id: true } }))) {
        throw new AppError('not_found', `incident ${incidentId} does not exist`);
      }
      const entry = timelineEntryView(await createTimelineEntry(tx, { incidentId, type: 'note', actor: ctx.actor, body: dto.body, at }));
      await this.audit.record(tx, ctx, { action: 'incident.note', target: { type: 'incident', id: incidentId }, after: entry });
      return entry;
    });
  }
}

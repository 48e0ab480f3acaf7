import { Injectable } from '@nestjs/common';
import { PrismaService } from '@killswitch/db';
import { ActorAction, Postmortem, PostmortemActor } from './dto/postmortem.dto';
import { TimelineEntryView } from './dto/timeline.dto';
import { IncidentQueriesService } from './incident-queries.service';
import { incidentView, timelineEntryView } from './incident-views';

export const POSTMORTEM_KIND = 'killswitch.postmortem/v1';

/** Who did what: each actor's actions (opening the incident, then timeline entry types), in the order they first acted. */
export function actorsOf(opener: { actor: string; actorId: string | null; at: Date } | null, timeline: TimelineEntryView[]): PostmortemActor[] {
  const byActor = new Map<string, { actor: string; actorId: string | null; actions: Map<string, ActorAction> }>();
  const record = (actor: string, actorId: string | null, action: string, at: Date) => {
    const key = `${actorId ?? ''}\u0000${actor}`;
    let entry = byActor.get(key);
    if (!entry) byActor.set(key, (entry = { actor, actorId, actions: new Map() }));
    const iso = at.toISOString();
    const seen = entry.actions.get(action);
    if (!seen) entry.actions.set(action, { action, count: 1, first: iso, last: iso });
    else {
      seen.count += 1;
      if (iso < seen.first) seen.first = iso;
      if (iso > seen.last) seen.last = iso;
    }
  };
  if (opener) record(opener.actor, opener.actorId, 'open', opener.at);
  for (const entry of timeline) record(entry.actor, entry.actorId, entry.type, entry.at);
  const firstOf = (actions: ActorAction[]) => actions.reduce((min, a) => (a.first < min ? a.first : min), actions[0].first);
  return [...byActor.values()]
    .map((a) => ({ actor: a.actor, actorId: a.actorId, actions: [...a.actions.values()].sort((x, y) => x.first.localeCompare(y.first)) }))
    .sort((x, y) => firstOf(x.actions).localeCompare(firstOf(y.actions)) || x.actor.localeCompare(y.actor));
}

/** The postmortem of an incident: its fields, key timings, kill switches, whole timeline and actors. */
@Injectable()
export class PostmortemService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly incidents: IncidentQueriesService,
  ) {}

  async build(id: string): Promise<Postmortem> {
    const { incident, killSwitches, timings } = await this.incidents.record(id);
    const [entries, opened, creator] = await Promise.all([
      this.prisma.timelineEntry.findMany({ where: { incidentId: id }, orderBy: [{ at: 'asc' }, { id: 'asc' }] }),
      // The audit entry names the opener as they acted (e.g. through an API token).
      this.prisma.auditEntry.findFirst({ where: { action: 'incident.create', targetType: 'incident', targetId: id }, select: { actor: true, actorId: true } }),
      incident.createdById ? this.prisma.user.findUnique({ where: { id: incident.createdById }, select: { email: true } }) : null,
    ]);
    const timeline = entries.map(timelineEntryView);
    const openedBy = opened?.actor ?? creator?.email ?? null;
    return {
      kind: POSTMORTEM_KIND,
      generatedAt: new Date().toISOString(),
      incident: { ...incidentView(incident), createdBy: openedBy },
      timings,
      killSwitches,
      timeline,
      actors: actorsOf(openedBy ? { actor: openedBy, actorId: opened?.actorId ?? incident.createdById, at: incident.createdAt } : null, timeline),
    };
  }
}

import { Prisma, TimelineEntry, TimelineEntryType, Tx } from '@killswitch/db';
import type { Actor } from '@killswitch/audit';

export interface TimelineInput {
  incidentId: string;
  type: TimelineEntryType;
  actor: Actor;
  body: string;
  refs?: Record<string, unknown>;
  at?: Date;
}

/** Writes an entry on an incident's timeline, inside the caller's transaction, and returns it. */
export function createTimelineEntry(tx: Tx, entry: TimelineInput): Promise<TimelineEntry> {
  return tx.timelineEntry.create({
    data: {
      incidentId: entry.incidentId,
      type: entry.type,
      actorId: entry.actor.id ?? null,
      actor: entry.actor.label,
      body: entry.body,
      refs: (entry.refs ?? {}) as Prisma.InputJsonValue,
      ...(entry.at ? { at: entry.at } : {}),
    },
  });
}

/** Writes a system entry on an incident's timeline, inside the caller's transaction. */
export async function appendTimeline(
  tx: Tx,
  entry: { incidentId: string; type: TimelineEntryType; actor: Actor; body: string; refs?: Record<string, unknown>; at?: Date },
): Promise<void> {
  await createTimelineEntry(tx, entry);
}

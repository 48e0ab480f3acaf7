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

/**
 * createTimelineEntry as an INSERT, for a statement that writes more in the same round trip. Its times are this
 * process's clock, as Prisma's defaults are: not the transaction's start, which would sort it before the entries
 * written earlier in the same transaction.
 */
export function timelineEntrySql(entry: TimelineInput): Prisma.Sql {
  const at = (entry.at ?? new Date()).toISOString();
  return Prisma.sql`INSERT INTO timeline_entries ("incidentId", type, "actorId", actor, body, refs, at, "createdAt")
    VALUES (${entry.incidentId}::uuid, ${entry.type}::"TimelineEntryType", ${entry.actor.id ?? null}::uuid, ${entry.actor.label}, ${entry.body},
      ${JSON.stringify(entry.refs ?? {})}::jsonb, ${at}::timestamptz, ${at}::timestamptz)`;
}

/** Writes a system entry on an incident's timeline, inside the caller's transaction. */
export async function appendTimeline(
  tx: Tx,
  entry: { incidentId: string; type: TimelineEntryType; actor: Actor; body: string; refs?: Record<string, unknown>; at?: Date },
): Promise<void> {
  await createTimelineEntry(tx, entry);
}

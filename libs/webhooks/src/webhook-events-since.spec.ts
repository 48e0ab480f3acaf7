import { eventsSinceAfterUpdate, eventsSinceAtCreation, wantedSince } from './webhook-events-since';

describe('since when a subscription wants each event type', () => {
  const createdAt = new Date('2026-12-07T10:00:00Z');
  const edit = new Date('2026-12-07T10:05:00Z');
  const at = (iso: string) => new Date(iso).getTime();
  const made = {
    events: ['kill.created', 'kill.lifted'],
    enabled: true,
    createdAt,
    eventsSince: eventsSinceAtCreation(['kill.created', 'kill.lifted'], createdAt),
  };

  it('a new subscription wants each of its types from its creation', () => {
    expect(made.eventsSince).toEqual({ 'kill.created': createdAt.getTime(), 'kill.lifted': createdAt.getTime() });
    expect(wantedSince(made, 'kill.created', createdAt.getTime())).toBe(true);
    expect(wantedSince(made, 'kill.created', createdAt.getTime() - 1)).toBe(false);
  });

  it('a type added by an edit starts at the edit; the types it kept keep their time', () => {
    const eventsSince = eventsSinceAfterUpdate(made, ['kill.created', 'approval.requested'], true, edit);
    expect(eventsSince).toEqual({ 'kill.created': createdAt.getTime(), 'approval.requested': edit.getTime() });
    const after = { createdAt, eventsSince };
    expect(wantedSince(after, 'approval.requested', at('2026-12-07T10:04:59Z'))).toBe(false);
    expect(wantedSince(after, 'approval.requested', edit.getTime())).toBe(true);
    expect(wantedSince(after, 'kill.created', at('2026-12-07T10:01:00Z'))).toBe(true);
  });

  it('enabled again: every type starts at that edit', () => {
    const disabled = { ...made, enabled: false };
    const eventsSince = eventsSinceAfterUpdate(disabled, disabled.events, true, edit);
    expect(eventsSince).toEqual({ 'kill.created': edit.getTime(), 'kill.lifted': edit.getTime() });
    expect(wantedSince({ createdAt, eventsSince }, 'kill.created', at('2026-12-07T10:01:00Z'))).toBe(false);
  });

  it('an edit of anything else (or a disabled one left disabled) moves no time', () => {
    expect(eventsSinceAfterUpdate(made, made.events, true, edit)).toEqual(made.eventsSince);
    const disabled = { ...made, enabled: false };
    expect(eventsSinceAfterUpdate(disabled, disabled.events, false, edit)).toEqual(made.eventsSince);
  });

  it('a subscription older than the column, or a type it has no time for, reads as since its creation', () => {
    const old = { events: ['kill.created'], enabled: true, createdAt, eventsSince: null };
    expect(wantedSince(old, 'kill.created', createdAt.getTime())).toBe(true);
    expect(wantedSince(old, 'kill.created', createdAt.getTime() - 1)).toBe(false);
    expect(eventsSinceAfterUpdate(old, ['kill.created', 'kill.lifted'], true, edit)).toEqual({
      'kill.created': createdAt.getTime(),
      'kill.lifted': edit.getTime(),
    });
    // A time from before its creation (a hand edit of the column) never lets in what predates the subscription.
    expect(wantedSince({ createdAt, eventsSince: { 'kill.created': 0 } }, 'kill.created', createdAt.getTime() - 1)).toBe(false);
  });
});

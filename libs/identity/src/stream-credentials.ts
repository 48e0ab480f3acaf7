import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { PrismaService, Statement } from '@killswitch/db';
import { UserPrincipal } from './principal';

/** How often the credentials of people's open streams are checked again, at most. */
export const STREAM_CREDENTIAL_CHECK_MS = 2_000;

/** Of these sessions, those still in force: not logged out, not expired, their user not disabled. */
const LIVE_SESSIONS: Statement = {
  name: 'stream-live-sessions',
  text: `SELECT s.id::text AS id FROM sessions s JOIN users u ON u.id = s."userId"
    WHERE s.id = ANY($1::uuid[]) AND s."revokedAt" IS NULL AND s."expiresAt" > now() AND NOT u.disabled`,
};

/**
 * Of these API tokens, those still in force: not revoked, not expired, their creator not disabled, and still holding a
 * person's role their creator holds (a token acts with the roles it and its creator share: a creator demoted out of
 * them leaves it none, and a stream is a person's read).
 */
const LIVE_API_TOKENS: Statement = {
  name: 'stream-live-api-tokens',
  text: `SELECT t.id::text AS id FROM api_tokens t JOIN users u ON u.id = t."createdById"
    WHERE t.id = ANY($1::uuid[]) AND t."revokedAt" IS NULL AND (t."expiresAt" IS NULL OR t."expiresAt" > now()) AND NOT u.disabled
      AND EXISTS (SELECT 1 FROM unnest(t.roles) r WHERE r = ANY(u.roles) AND r::text <> 'signals')`,
};

interface Watched {
  kind: 'session' | 'api-token';
  ends: Set<() => void>;
}

/**
 * A person's stream (a revocation's progress) was authorised once, when it
 * opened, and may stay open for hours; every other request of theirs reads its
 * credential again. So the credentials behind open streams are read again
 * every STREAM_CREDENTIAL_CHECK_MS, all of them in two statements, and the
 * streams of a session logged out, a token revoked or left with no role, an
 * expiry passed or a user disabled are ended. A check that fails (the database away) ends nothing: the
 * next one decides.
 */
@Injectable()
export class StreamCredentials implements OnModuleDestroy {
  private readonly logger = new Logger(StreamCredentials.name);
  private readonly watched = new Map<string, Watched>();
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;

  constructor(private readonly prisma: PrismaService) {}

  /** Ends the stream (`end`) once its credential is no longer in force; returns how to stop watching it. */
  watch(principal: UserPrincipal, end: () => void): () => void {
    const id = principal.via === 'api-token' ? principal.apiTokenId : principal.sessionId;
    if (!id) throw new Error(`a ${principal.via} principal without its id cannot be watched`);
    let entry = this.watched.get(id);
    if (!entry) {
      entry = { kind: principal.via === 'api-token' ? 'api-token' : 'session', ends: new Set() };
      this.watched.set(id, entry);
    }
    entry.ends.add(end);
    this.timer ??= setInterval(() => void this.check(), STREAM_CREDENTIAL_CHECK_MS).unref();
    return () => {
      entry.ends.delete(end);
      if (entry.ends.size === 0 && this.watched.get(id) === entry) this.watched.delete(id);
      if (this.watched.size === 0) this.stop();
    };
  }

  /** Credentials watched (for tests and metrics). */
  get size(): number {
    return this.watched.size;
  }

  /** Reads every watched credential again and ends the streams of those no longer in force; one check at a time. */
  check(): Promise<void> {
    this.checking ??= this.checkOnce().finally(() => (this.checking = undefined));
    return this.checking;
  }

  onModuleDestroy(): void {
    this.stop();
  }

  private async checkOnce(): Promise<void> {
    const sessions = [...this.watched].filter(([, w]) => w.kind === 'session').map(([id]) => id);
    const tokens = [...this.watched].filter(([, w]) => w.kind === 'api-token').map(([id]) => id);
    let live: Set<string>;
    try {
      const rows = [
        ...(sessions.length > 0 ? await this.prisma.sql<{ id: string }>(LIVE_SESSIONS, [sessions]) : []),
        ...(tokens.length > 0 ? await this.prisma.sql<{ id: string }>(LIVE_API_TOKENS, [tokens]) : []),
      ];
      live = new Set(rows.map((row) => row.id));
    } catch (error) {
      this.logger.warn(`the credentials of open streams could not be checked, ended none: ${(error as Error).message}`);
      return;
    }
    for (const id of [...sessions, ...tokens]) {
      if (live.has(id)) continue;
      const entry = this.watched.get(id);
      this.watched.delete(id);
      for (const end of entry?.ends ?? []) end();
    }
    if (this.watched.size === 0) this.stop();
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

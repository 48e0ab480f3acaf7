import { Injectable } from '@nestjs/common';
import { PrismaService } from '@killswitch/db';
import { hashSecret } from '../secrets';
import { ExpiredRowsPurge } from './expired-rows-purge';

/**
 * How much sooner than its interval a poll is still sent on: a client that waits the interval after each answer
 * arrives later than that anyway; this covers timers that fire a little early and the clocks of several instances.
 */
const POLL_LEEWAY_MS = 250;

/** RFC 8628 §3.5: each slow_down from the provider lengthens the interval by 5 s, for this and every later poll. */
const SLOW_DOWN_STEP_SEC = 5;

/** What may be done with a poll: nothing (a code not started here, or expired), wait, or send it on to the provider. */
export type DevicePollAdmission = { kind: 'unknown' } | { kind: 'too-soon'; retryAfterSec: number } | { kind: 'admitted'; id: string; intervalSec: number };

/**
 * The device authorization grants this API started (POST /v1/auth/oidc/device), in the database so that any
 * instance can answer a poll: only their device codes are sent on to the provider's token endpoint, one poll an
 * interval each, so a caller cannot make this API send the provider requests it did not start, nor more of them.
 */
@Injectable()
export class DeviceAuthorizations {
  /**
   * The grants past their expiry, finished or abandoned: each unauthenticated POST /v1/auth/oidc/device makes one,
   * so the route that adds them also deletes them (begin), as sign-ins are (OidcSignInService).
   */
  private readonly expired = new ExpiredRowsPurge((now) => this.prisma.oidcDeviceAuthorization.deleteMany({ where: { expiresAt: { lte: now } } }));

  constructor(private readonly prisma: PrismaService) {}

  /** Records a grant the provider just started; its first poll is due one interval from now. */
  async begin(deviceCode: string, intervalSec: number, expiresInSec: number): Promise<void> {
    const now = Date.now();
    await this.prisma.oidcDeviceAuthorization.create({
      data: {
        deviceCodeHash: hashSecret(deviceCode),
        intervalSec,
        nextPollAt: nextPollAfter(now, intervalSec),
        expiresAt: new Date(now + expiresInSec * 1000),
      },
    });
    await this.expired.run(now);
  }

  /**
   * Whether this poll may go on to the provider. Taking the turn moves the next one an interval on, in one statement:
   * the grant's row is locked while it is read, so of several polls arriving together (at one instance or several)
   * one takes the turn and the others, waiting for its lock, read the turn taken and are told when the next is due.
   */
  async admit(deviceCode: string): Promise<DevicePollAdmission> {
    const now = Date.now();
    const at = new Date(now).toISOString();
    const [grant] = await this.prisma.$queryRaw<{ id: string; intervalSec: number; nextPollAt: Date; admitted: boolean }[]>`
      WITH found AS MATERIALIZED (
        SELECT id, "intervalSec", "nextPollAt" FROM oidc_device_authorizations
        WHERE "deviceCodeHash" = ${hashSecret(deviceCode)} AND "expiresAt" > ${at}::timestamptz
        FOR UPDATE
      ), taken AS (
        UPDATE oidc_device_authorizations
        SET "nextPollAt" = ${at}::timestamptz + "intervalSec" * interval '1 second' - ${POLL_LEEWAY_MS}::int * interval '1 millisecond' -- nextPollAfter
        WHERE id = (SELECT id FROM found WHERE "nextPollAt" <= ${at}::timestamptz)
        RETURNING id
      )
      SELECT id, "intervalSec", "nextPollAt", EXISTS (SELECT FROM taken) AS admitted FROM found`;
    if (!grant) return { kind: 'unknown' };
    if (grant.admitted) return { kind: 'admitted', id: grant.id, intervalSec: grant.intervalSec };
    const waitMs = grant.nextPollAt.getTime() - now;
    return { kind: 'too-soon', retryAfterSec: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  /** The provider said slow_down: the interval grows by 5 s, counted from now. Resolves to the new interval. */
  async slowDown(id: string, intervalSec: number): Promise<number> {
    const longer = intervalSec + SLOW_DOWN_STEP_SEC;
    await this.prisma.oidcDeviceAuthorization.updateMany({ where: { id }, data: { intervalSec: longer, nextPollAt: nextPollAfter(Date.now(), longer) } });
    return longer;
  }

  /** The provider answered for good (a session, or a refusal): the device code is not sent on again. */
  async end(id: string): Promise<void> {
    await this.prisma.oidcDeviceAuthorization.deleteMany({ where: { id } });
  }
}

function nextPollAfter(now: number, intervalSec: number): Date {
  return new Date(now + intervalSec * 1000 - POLL_LEEWAY_MS);
}

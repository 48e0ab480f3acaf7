import { Injectable } from '@nestjs/common';
import { AuditService } from '@killswitch/audit';
import { EnvConfig } from '@killswitch/config';
import { CURSOR_KEY, DEFAULT_PAGE_SIZE, PageQuery, PrismaService, Tx, WebhookSubscription, decodeCursor, toPage, ReadReplica } from '@killswitch/db';
import { AppError } from '@killswitch/http';
import { UserContext } from '@killswitch/identity';
import {
  CreateWebhookDto,
  DEFAULT_SECRET_GRACE_SEC,
  RotateWebhookSecretDto,
  UpdateWebhookDto,
  WebhookCreated,
  WebhookPage,
  WebhookSecretRotated,
  WebhookView,
} from './dto/webhook.dto';
import { urlRefusal } from './url-guard';
import { eventsSinceAfterUpdate, eventsSinceAtCreation } from './webhook-events-since';
import { newWebhookSecret, sealWebhookSecret } from './webhook-secret';
import { WebhookSettings, webhookSettings } from './webhook-settings';
import { auditedWebhook, webhookView } from './webhook-views';

/** Managing subscriptions: each change with its audit entry, in one transaction. */
@Injectable()
export class WebhooksService {
  private readonly settings: WebhookSettings;

  constructor(
    private readonly prisma: PrismaService,
    private readonly replica: ReadReplica,
    private readonly audit: AuditService,
    config: EnvConfig,
  ) {
    this.settings = webhookSettings(config);
  }

  async create(ctx: UserContext, dto: CreateWebhookDto): Promise<WebhookCreated> {
    await this.checkUrl(dto.url);
    checkPagerDutyKey(dto.url, dto.format ?? 'cloudevents');
    const secret = newWebhookSecret();
    const createdAt = new Date();
    return this.prisma.$transaction(async (tx) => {
      const made = await tx.webhookSubscription.create({
        data: {
          url: dto.url,
          events: dto.events,
          eventsSince: eventsSinceAtCreation(dto.events, createdAt),
          format: dto.format,
          description: dto.description ?? null,
          secret: '',
          createdById: ctx.principal.userId,
          createdAt,
        },
      });
      // Sealed with its own id bound in, so the id must exist first.
      const subscription = await tx.webhookSubscription.update({
        where: { id: made.id },
        data: { secret: sealWebhookSecret(secret, made.id, this.settings.kek) },
      });
      await this.audit.record(tx, ctx, { action: 'webhook.create', target: { type: 'webhook', id: subscription.id }, after: auditedWebhook(subscription) });
      return { ...webhookView(subscription), secret };
    });
  }

  async list(query: PageQuery): Promise<WebhookPage> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, CURSOR_KEY.uuid);
    const rows = await this.replica.read((db) =>
      db.webhookSubscription.findMany({ where: after ? { id: { lt: after } } : {}, orderBy: { id: 'desc' }, take: limit + 1 }),
    );
    const page = toPage(rows, limit, (s) => s.id);
    return { items: page.items.map(webhookView), nextCursor: page.nextCursor };
  }

  async get(id: string): Promise<WebhookView> {
    return webhookView(await this.find(this.prisma, id));
  }

  async update(ctx: UserContext, id: string, dto: UpdateWebhookDto): Promise<WebhookView> {
    if (dto.url !== undefined) await this.checkUrl(dto.url);
    return this.prisma.$transaction(async (tx) => {
      // Edits of one subscription one after another: each works out its event times (eventsSince) from the one before.
      await tx.$queryRaw`SELECT id FROM webhook_subscriptions WHERE id = ${id}::uuid FOR UPDATE`;
      const before = await this.find(tx, id);
      if (dto.url !== undefined || dto.format !== undefined) checkPagerDutyKey(dto.url ?? before.url, dto.format ?? before.format);
      const enabling = dto.enabled === true && !before.enabled;
      const disabling = dto.enabled === false && before.enabled;
      const events = dto.events ?? before.events;
      const after = await tx.webhookSubscription.update({
        where: { id },
        data: {
          url: dto.url,
          events: dto.events,
          // Enabled again, or given a new event type: not sent what was written before (webhook-events-since.ts).
          eventsSince: eventsSinceAfterUpdate(before, events, dto.enabled ?? before.enabled, new Date()),
          format: dto.format,
          description: dto.description,
          enabled: dto.enabled,
          // Enabled again (by a person): its failures start over. Disabled by a person: not the worker's doing. One
          // the worker disabled keeps its reason through an edit that leaves it disabled.
          ...(enabling || disabling ? { disabledReason: null, failingSince: null } : {}),
        },
      });
      await this.audit.record(tx, ctx, {
        action: 'webhook.update',
        target: { type: 'webhook', id },
        before: auditedWebhook(before),
        after: auditedWebhook(after),
      });
      return webhookView(after);
    });
  }

  /**
   * A new signing secret, shown once, stored sealed as at creation. For `graceSec` (default a day) deliveries are signed
   * with the old secret too, each signature in `webhook-signature`, so the receiver can switch over without a failed
   * delivery; then the old one no longer signs and the worker erases it. A secret still in its grace period from an
   * earlier rotation is dropped at once: two rotations in a row leave the first secret nothing.
   */
  async rotateSecret(ctx: UserContext, id: string, dto: RotateWebhookSecretDto): Promise<WebhookSecretRotated> {
    const graceSec = dto.graceSec ?? DEFAULT_SECRET_GRACE_SEC;
    const secret = newWebhookSecret();
    return this.prisma.$transaction(async (tx) => {
      // Rotations of one subscription one after another: each keeps the secret the one before it made.
      await tx.$queryRaw`SELECT id FROM webhook_subscriptions WHERE id = ${id}::uuid FOR UPDATE`;
      const before = await this.find(tx, id);
      const previousSecretExpiresAt = graceSec > 0 ? new Date(Date.now() + graceSec * 1000) : null;
      const after = await tx.webhookSubscription.update({
        where: { id },
        data: {
          secret: sealWebhookSecret(secret, id, this.settings.kek),
          previousSecret: previousSecretExpiresAt ? before.secret : null,
          previousSecretExpiresAt,
        },
      });
      await this.audit.record(tx, ctx, {
        action: 'webhook.secret.rotate',
        target: { type: 'webhook', id },
        before: { previousSecretExpiresAt: webhookView(before).previousSecretExpiresAt },
        after: { graceSec, previousSecretExpiresAt },
      });
      return { ...webhookView(after), secret };
    });
  }

  /** Deletes the subscription with its deliveries and attempts; jobs still queued for them find nothing and end. */
  async remove(ctx: UserContext, id: string): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const before = await this.find(tx, id);
      await tx.webhookSubscription.delete({ where: { id } });
      await this.audit.record(tx, ctx, { action: 'webhook.delete', target: { type: 'webhook', id }, before: auditedWebhook(before) });
    });
  }

  private async checkUrl(url: string): Promise<void> {
    const refusal = await urlRefusal(url, this.settings.allowPrivate);
    if (refusal) throw new AppError('invalid_input', refusal, [refusal]);
  }

  private async find(db: Tx | PrismaService, id: string): Promise<WebhookSubscription> {
    const subscription = await db.webhookSubscription.findUnique({ where: { id } });
    if (!subscription) throw new AppError('not_found', `webhook ${id} does not exist`);
    return subscription;
  }
}

/**
 * PagerDuty's Events API wants its integration key in the body, and it is taken from the URL's `routing_key` (webhook-body.ts):
 * a pagerduty webhook without one would fail every delivery until the worker disabled it.
 */
function checkPagerDutyKey(url: string, format: string): void {
  if (format !== 'pagerduty' || new URL(url).searchParams.get('routing_key')) return;
  const message = 'a pagerduty webhook needs its integration key in its url: add ?routing_key=<integration key> (PagerDuty ignores the query)';
  throw new AppError('invalid_input', message, [message]);
}

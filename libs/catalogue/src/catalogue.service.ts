import { Injectable } from '@nestjs/common';
import { AuditService } from '@killswitch/audit';
import {
  CURSOR_KEY,
  ChangeListener,
  DEFAULT_PAGE_SIZE,
  Integration,
  Page,
  PrismaService,
  ReadReplica,
  Tx,
  Vendor,
  VendorModel,
  containsText,
  decodeCursor,
  notifyChange,
  toPage,
} from '@killswitch/db';
import { AppError } from '@killswitch/http';
import { RequestContext } from '@killswitch/identity';
import {
  CreateIntegrationDto,
  CreateVendorDto,
  CreateVendorModelDto,
  IntegrationListQuery,
  IntegrationView,
  UpdateIntegrationDto,
  VendorListQuery,
  VendorModelView,
  VendorView,
} from './dto/catalogue.dto';

function modelView(model: VendorModel, vendor: string): VendorModelView {
  return { id: model.id, slug: model.slug, name: model.name, vendor, createdAt: model.createdAt };
}

function integrationView(integration: Integration, vendor: string): IntegrationView {
  const { id, key, capability, name, failMode, createdAt, updatedAt } = integration;
  return { id, key, vendor, capability, name, failMode, createdAt, updatedAt };
}

function vendorView(vendor: Vendor & { models: VendorModel[]; integrations: Integration[] }): VendorView {
  return {
    id: vendor.id,
    slug: vendor.slug,
    name: vendor.name,
    createdAt: vendor.createdAt,
    models: vendor.models.map((m) => modelView(m, vendor.slug)),
    integrations: vendor.integrations.map((i) => integrationView(i, vendor.slug)),
  };
}

/** Vendors, their models, and the integrations our devices run with them. */
@Injectable()
export class CatalogueService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    private readonly changes: ChangeListener,
    /** Lists may be a moment stale: the read replica serves them when there is one. */
    private readonly replica: ReadReplica,
  ) {}

  async createVendor(ctx: RequestContext, dto: CreateVendorDto): Promise<VendorView> {
    return this.prisma.$transaction(async (tx) => {
      if (await tx.vendor.findUnique({ where: { slug: dto.slug } }))
        throw new AppError('conflict', `vendor ${dto.slug} already exists`, undefined, 'already_exists');
      const vendor = await tx.vendor.create({ data: dto, include: { models: true, integrations: true } });
      const view = vendorView(vendor);
      await this.audit.record(tx, ctx, { action: 'vendor.create', target: { type: 'vendor', id: vendor.slug }, after: view });
      return view;
    });
  }

  async listVendors(query: VendorListQuery = {}): Promise<Page<VendorView>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, CURSOR_KEY.text);
    const text = query.q === undefined ? undefined : containsText(query.q);
    const killed = query.killed === undefined ? undefined : await this.killedVendors();
    const rows = await this.replica.read((db) =>
      db.vendor.findMany({
        where: {
          ...(after ? { slug: { gt: after } } : {}),
          ...(text ? { OR: [{ slug: text }, { name: text }, { integrations: { some: { key: text } } }] } : {}),
          ...(killed ? (query.killed ? { slug: { in: killed, ...(after ? { gt: after } : {}) } } : { NOT: { slug: { in: killed } } }) : {}),
        },
        include: { models: { orderBy: { slug: 'asc' } }, integrations: { orderBy: { key: 'asc' } } },
        orderBy: { slug: 'asc' },
        take: limit + 1,
      }),
    );
    const page = toPage(rows, limit, (v) => v.slug);
    return { items: page.items.map(vendorView), nextCursor: page.nextCursor };
  }

  async createModel(ctx: RequestContext, vendorSlug: string, dto: CreateVendorModelDto): Promise<VendorModelView> {
    return this.prisma.$transaction(async (tx) => {
      const vendor = await tx.vendor.findUnique({ where: { slug: vendorSlug } });
      if (!vendor) throw new AppError('not_found', `vendor ${vendorSlug} does not exist`);
      if (await tx.vendorModel.findUnique({ where: { vendorId_slug: { vendorId: vendor.id, slug: dto.slug } } })) {
        throw new AppError('conflict', `vendor ${vendorSlug} already has a model ${dto.slug}`, undefined, 'already_exists');
      }
      const model = await tx.vendorModel.create({ data: { vendorId: vendor.id, slug: dto.slug, name: dto.name } });
      const view = modelView(model, vendor.slug);
      await this.audit.record(tx, ctx, { action: 'vendor-model.create', target: { type: 'vendor-model', id: `${vendor.slug}/${model.slug}` }, after: view });
      return view;
    });
  }

  async createIntegration(ctx: RequestContext, dto: CreateIntegrationDto): Promise<IntegrationView> {
    if (!dto.key.startsWith(`${dto.vendor}.`)) throw new AppError('invalid_input', `key must start with the vendor: ${dto.vendor}.<capability>`);
    return this.changeIntegrations(async (tx) => {
      const vendor = await tx.vendor.findUnique({ where: { slug: dto.vendor } });
      if (!vendor) throw new AppError('invalid_input', `vendor ${dto.vendor} does not exist: create it first with POST /v1/vendors`);
      if (await tx.integration.findUnique({ where: { key: dto.key } }))
        throw new AppError('conflict', `integration ${dto.key} already exists`, undefined, 'already_exists');
      const integration = await tx.integration.create({
        data: { key: dto.key, vendorId: vendor.id, capability: dto.key.slice(dto.vendor.length + 1), name: dto.name, failMode: dto.failMode },
      });
      const view = integrationView(integration, vendor.slug);
      await this.audit.record(tx, ctx, { action: 'integration.create', target: { type: 'integration', id: dto.key }, after: view });
      return view;
    });
  }

  /** Slugs of the vendors with a kill switch in force. */
  private async killedVendors(): Promise<string[]> {
    const rows = await this.replica.read((db) =>
      db.killSwitch.findMany({ where: { state: { not: 'lifted' } }, distinct: ['vendor'], select: { vendor: true } }),
    );
    return rows.map((r) => r.vendor);
  }

  async listIntegrations(query: IntegrationListQuery = {}): Promise<Page<IntegrationView>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, CURSOR_KEY.text);
    const text = query.q === undefined ? undefined : containsText(query.q);
    const rows = await this.replica.read((db) =>
      db.integration.findMany({
        where: { ...(after ? { key: { gt: after } } : {}), ...(text ? { OR: [{ key: text }, { name: text }] } : {}) },
        include: { vendor: true },
        orderBy: { key: 'asc' },
        take: limit + 1,
      }),
    );
    const page = toPage(rows, limit, (i) => i.key);
    return { items: page.items.map((i) => integrationView(i, i.vendor.slug)), nextCursor: page.nextCursor };
  }

  async updateIntegration(ctx: RequestContext, key: string, dto: UpdateIntegrationDto): Promise<IntegrationView> {
    if (dto.name === undefined && dto.failMode === undefined) throw new AppError('invalid_input', 'send name, failMode, or both');
    return this.changeIntegrations(async (tx) => {
      const before = await tx.integration.findUnique({ where: { key }, include: { vendor: true } });
      if (!before) throw new AppError('not_found', `integration ${key} does not exist`);
      const after = await tx.integration.update({ where: { key }, data: { name: dto.name, failMode: dto.failMode } });
      const view = integrationView(after, before.vendor.slug);
      await this.audit.record(tx, ctx, {
        action: 'integration.update',
        target: { type: 'integration', id: key },
        before: integrationView(before, before.vendor.slug),
        after: view,
      });
      return view;
    });
  }

  /** An integration change: the API instances reload fail modes when it commits (this one before answering). */
  private async changeIntegrations<T>(change: (tx: Tx) => Promise<T>): Promise<T> {
    const result = await this.prisma.$transaction(async (tx) => {
      const value = await change(tx);
      await notifyChange(tx, { kind: 'catalogue' });
      return value;
    });
    await this.changes.publishLocal({ kind: 'catalogue' });
    return result;
  }
}

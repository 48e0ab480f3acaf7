import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ChangeListener, ChangeNotice, FailMode, PrismaService } from '@killswitch/db';
import { CompiledRules, KillRule, compileRules } from '@killswitch/evaluation';
import { findEnforcedKills, killRule } from '@killswitch/revocations';
import { SigningKeysService } from '@killswitch/snapshots';

/** A safety net: reload even if a notice was lost without the connection dropping. */
const PERIODIC_RELOAD_MS = 30_000;

/**
 * Every enforced kill switch, compiled, with the revision and the catalogue's
 * fail modes: what the device poll evaluates against, in memory. Reloaded on
 * change notices (and after a reconnect), never on the poll itself.
 */
@Injectable()
export class RulesCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RulesCache.name);
  rev = 0n;
  compiled: CompiledRules = compileRules([]);
  failModes = new Map<string, FailMode>();
  /** Raised by every reload that found a change; answers computed under an older one are stale. */
  generation = 0;
  private loading?: Promise<void>;
  private again = false;
  private timer?: NodeJS.Timeout;
  private signature?: string;
  private readonly changeListeners: (() => void)[] = [];
  private readonly keysListeners: (() => void)[] = [];

  constructor(
    private readonly prisma: PrismaService,
    private readonly changes: ChangeListener,
    private readonly keys: SigningKeysService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.changes.start();
    this.changes.subscribe((notice: ChangeNotice) => this.onNotice(notice));
    this.changes.onResync(() => this.reload());
    await this.reload();
    this.timer = setInterval(() => void this.reload().catch((e: Error) => this.logger.warn(`periodic reload failed: ${e.message}`)), PERIODIC_RELOAD_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  private async onNotice(notice: ChangeNotice): Promise<void> {
    if (notice.kind === 'rules' || notice.kind === 'catalogue') await this.reload();
    if (notice.kind === 'keys') {
      await this.keys.refresh();
      this.generation++;
      for (const listener of this.keysListeners) listener();
    }
  }

  /** Called after every reload that found a change (not for a reload that found nothing new). */
  onChange(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  /** Called after the signing keys changed (a rotation): every device's answer is signed anew. */
  onKeysChange(listener: () => void): void {
    this.keysListeners.push(listener);
  }

  /** Coalesces: a reload asked for while one runs runs once more after it. */
  reload(): Promise<void> {
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    this.loading = (async () => {
      do {
        this.again = false;
        await this.load();
      } while (this.again);
    })().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(): Promise<void> {
    const [revision, kills, integrations] = await this.prisma.$transaction([
      this.prisma.revision.findUnique({ where: { id: 1 } }),
      findEnforcedKills(this.prisma),
      this.prisma.integration.findMany({ select: { key: true, failMode: true }, orderBy: { key: 'asc' } }),
    ]);
    const rules: KillRule[] = kills.map((k) => killRule(k));
    const rev = revision?.rev ?? 0n;
    // The periodic safety reload usually finds nothing new: then every cached answer stays current.
    const signature = JSON.stringify([rev.toString(), rules, integrations]);
    if (signature === this.signature) return;
    this.signature = signature;
    this.compiled = compileRules(rules);
    this.failModes = new Map(integrations.map((i) => [i.key, i.failMode]));
    this.rev = rev;
    this.generation++;
    for (const listener of this.changeListeners) listener();
  }
}

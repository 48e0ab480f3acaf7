import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ChangeListener, ChangeNotice, CommittedKillRule, FailMode, PrismaService } from '@killswitch/db';
import { CompiledRules, KillRule, compileRules, replaceRule } from '@killswitch/evaluation';
import { findEnforcedKills, findKillRule, killRule } from '@killswitch/revocations';
import { SigningKeysService } from '@killswitch/snapshots';
import { rulesLoads } from './rules-metrics';

/** A safety net: reload even if a notice was lost without the connection dropping. */
const PERIODIC_RELOAD_MS = 30_000;

/** A rule change this instance heard of: revision `rev` changed kill `killSwitchId` (to `committed`, when this instance made it). */
interface RuleDelta {
  rev: bigint;
  killSwitchId: string;
  committed?: CommittedKillRule;
}

/**
 * Every enforced kill switch, compiled, with the revision and the catalogue's
 * fail modes: what the device poll evaluates against, in memory. Kept current
 * from change notices (and reloaded whole after a reconnect), never on the poll.
 *
 * Every rule change moves the revision by one and names its kill, so a notice
 * for the next revision is applied alone: one kill read (none for a change this
 * instance made: its own notice carries the kill as committed) and one list
 * copied (replaceRule), not ten thousand kills read and compiled. A notice that
 * skips a revision (one was missed), a catalogue change, a reconnect and the
 * periodic safety net reload everything.
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
  private fullReload = false;
  private deltas: RuleDelta[] = [];
  /** Loads of this instance, by kind (also in /metrics as killswitch_rules_loads_total). */
  readonly loads = { full: 0, delta: 0 };
  /** The enforced kills by id, as compiled: what a delta replaces. */
  private kills = new Map<string, KillRule>();
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
    if (notice.kind === 'rules' && notice.killSwitchId) {
      await this.apply({ rev: BigInt(notice.rev), killSwitchId: notice.killSwitchId, committed: notice.committed });
    } else if (notice.kind === 'rules' || notice.kind === 'catalogue') await this.reload();
    if (notice.kind === 'keys') {
      await this.keys.refresh();
      this.generation++;
      for (const listener of this.keysListeners) listener();
    }
  }

  /** Once this instance has the rules of revision `rev` (or later): a push can arrive before the change notice. */
  async catchUp(rev: bigint): Promise<void> {
    if (this.rev >= rev) return;
    if (this.loading) await this.loading;
    if (this.rev < rev) await this.reload();
  }

  /** Called after every reload that found a change (not for a reload that found nothing new). */
  onChange(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  /** Called after the signing keys changed (a rotation): every device's answer is signed anew. */
  onKeysChange(listener: () => void): void {
    this.keysListeners.push(listener);
  }

  /** The whole rules, read again. Coalesces: a reload asked for while one runs runs once more after it. */
  reload(): Promise<void> {
    this.fullReload = true;
    return this.drain();
  }

  private apply(delta: RuleDelta): Promise<void> {
    this.deltas.push(delta);
    return this.drain();
  }

  /** One load at a time, in the order asked; resolves once nothing is left to load. */
  private drain(): Promise<void> {
    // Cleared a turn after the run ends (even a run that found nothing to do), then run again for anything asked meanwhile.
    this.loading ??= this.run()
      .finally(() => (this.loading = undefined))
      .then(() => (this.fullReload || this.deltas.length > 0 ? this.drain() : undefined));
    return this.loading;
  }

  private async run(): Promise<void> {
    try {
      while (this.fullReload || this.deltas.length > 0) {
        if (this.fullReload) {
          this.fullReload = false;
          this.deltas = [];
          await this.load();
          continue;
        }
        const delta = this.deltas.shift()!;
        if (delta.rev <= this.rev) continue; // already read, by a full load or the other notice of the same change
        if (delta.rev === this.rev + 1n) await this.loadOne(delta);
        else this.fullReload = true; // a revision in between was missed
      }
    } catch (error) {
      this.fullReload = true; // the next load reads everything: the failed one may have been a delta
      throw error;
    }
  }

  /** The one kill a revision changed: made, a lift stage, lifted or re-imposed. */
  private async loadOne({ rev, killSwitchId, committed }: RuleDelta): Promise<void> {
    this.loads.delta++;
    rulesLoads.inc({ kind: 'delta' });
    const row = committed?.id === killSwitchId ? committed : await findKillRule(this.prisma, killSwitchId).catch(() => undefined);
    const known = this.kills.get(killSwitchId);
    if (!row && !known) {
      this.fullReload = true;
      return;
    }
    const rule = row && row.state !== 'lifted' ? killRule(row) : undefined;
    if (rule) this.kills.set(killSwitchId, rule);
    else this.kills.delete(killSwitchId);
    this.compiled = replaceRule(this.compiled, killSwitchId, known, rule);
    this.rev = rev;
    this.signature = undefined; // the next periodic reload compares afresh
    this.changed();
  }

  private async load(): Promise<void> {
    this.loads.full++;
    rulesLoads.inc({ kind: 'full' });
    const [revision, kills, integrations] = await this.prisma.$transaction([
      this.prisma.revision.findUnique({ where: { id: 1 } }),
      findEnforcedKills(this.prisma),
      this.prisma.integration.findMany({ select: { key: true, failMode: true }, orderBy: { key: 'asc' } }),
    ]);
    const rules: KillRule[] = kills.map((k) => killRule(k));
    const rev = revision?.rev ?? 0n;
    // The periodic safety reload usually finds nothing new: then every cached answer stays current.
    const signature = JSON.stringify([rev.toString(), rules, integrations]);
    if (signature === this.signature || (this.signature === undefined && rev === this.rev && this.sameAsKept(rules, integrations))) {
      this.signature = signature;
      return;
    }
    this.signature = signature;
    this.kills = new Map(rules.map((rule) => [rule.id, rule]));
    this.compiled = compileRules(rules);
    this.failModes = new Map(integrations.map((i) => [i.key, i.failMode]));
    this.rev = rev;
    this.changed();
  }

  /** After deltas: whether a full read found exactly the rules and fail modes already in force. */
  private sameAsKept(rules: KillRule[], integrations: { key: string; failMode: FailMode }[]): boolean {
    if (rules.length !== this.kills.size || integrations.length !== this.failModes.size) return false;
    if (integrations.some((i) => this.failModes.get(i.key) !== i.failMode)) return false;
    return rules.every((rule) => JSON.stringify(rule) === JSON.stringify(this.kills.get(rule.id)));
  }

  private changed(): void {
    this.generation++;
    for (const listener of this.changeListeners) listener();
  }
}

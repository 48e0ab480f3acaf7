/**
 * Deny-overrides evaluation of a device's integrations against the kill switches in force.
 * compileRules() runs when the revision moves; evaluateDevice() runs on every device poll.
 */
import { DEFAULT_DEVICE_MESSAGE } from './device-message';
import { RELEASE_BUCKETS, isReleased } from './release';
import { CompiledScope, DeviceFacts, InventoryItem, Scope, compileScope, compiledScopeMatches, vendorOf } from './scope';

export interface KillRule {
  id: string;
  scope: Scope;
  incidentId: string | null;
  /** The kill's public text for devices; null: DEFAULT_DEVICE_MESSAGE. Never the internal reason. */
  deviceMessage: string | null;
  /** 0..10000: devices whose releaseBucket() is below it are released (a staged lift under way). */
  releasedBelow: number;
}

export interface EvaluatedDevice extends DeviceFacts {
  id: string;
  inventory: readonly InventoryItem[];
}

export interface IntegrationFlag {
  enabled: boolean;
  /** What the device is told: the first matching kill's device message (DESIGN.md keeps the name `reason`). */
  reason?: string;
  killSwitchIds?: string[];
  incidentId?: string;
}

export type DeviceFlags = Record<string, IntegrationFlag>;

interface CompiledRule {
  readonly id: string;
  readonly scope: CompiledScope;
  readonly incidentId: string | null;
  /** The text devices are shown. */
  readonly message: string;
  readonly releasedBelow: number;
}

/** One vendor's rules, each list sorted by id so the first match is the first in id order. */
interface VendorRules {
  /** Rules without an integration: they cover every integration of the vendor. */
  readonly anyIntegration: CompiledRule[];
  readonly byIntegration: Map<string, CompiledRule[]>;
}

/** Rules indexed by vendor, so a device's evaluation touches only the vendors it has. */
export interface CompiledRules {
  readonly vendors: ReadonlyMap<string, VendorRules>;
  /** Rules kept: fully released ones (releasedBelow >= 10000) are dropped. */
  readonly size: number;
}

const NO_RULES: readonly CompiledRule[] = [];

/** Code-unit order: deterministic and locale-free, unlike localeCompare. */
function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function compileRule(kill: KillRule): CompiledRule {
  return {
    id: kill.id,
    scope: compileScope(kill.scope),
    incidentId: kill.incidentId,
    message: kill.deviceMessage ?? DEFAULT_DEVICE_MESSAGE,
    releasedBelow: kill.releasedBelow,
  };
}

export function compileRules(kills: readonly KillRule[]): CompiledRules {
  const vendors = new Map<string, VendorRules>();
  let size = 0;
  for (const kill of [...kills].sort(byId)) {
    if (kill.releasedBelow >= RELEASE_BUCKETS) continue;
    const rule = compileRule(kill);
    let vendor = vendors.get(kill.scope.vendor);
    if (!vendor) {
      vendor = { anyIntegration: [], byIntegration: new Map() };
      vendors.set(kill.scope.vendor, vendor);
    }
    const integration = rule.scope.integration;
    if (integration === undefined) {
      vendor.anyIntegration.push(rule);
    } else {
      const list = vendor.byIntegration.get(integration);
      if (list) list.push(rule);
      else vendor.byIntegration.set(integration, [rule]);
    }
    size++;
  }
  return { vendors, size };
}

/** Where a rule of `id` is, or would go, in a list sorted by id: binary search, so a change never walks a vendor's rules. */
function positionOf(list: readonly CompiledRule[], id: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid].id < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A vendor's rules with the list of `key` (undefined: anyIntegration) replaced by `list`. */
function withList(rules: VendorRules | undefined, key: string | undefined, list: CompiledRule[]): VendorRules {
  const anyIntegration = key === undefined ? list : (rules?.anyIntegration ?? []);
  const byIntegration = new Map(rules?.byIntegration);
  if (key !== undefined) {
    if (list.length > 0) byIntegration.set(key, list);
    else byIntegration.delete(key);
  }
  return { anyIntegration, byIntegration };
}

/**
 * `compiled` with kill `id` replaced by `kill` (undefined: gone, lifted), as compileRules() would give for the
 * changed set. `previous` is the rule `compiled` was made with for `id` (undefined: none), as the caller keeps it:
 * it says which one list holds the old rule, so a change finds it by binary search and copies that list and the
 * new rule's, never walking or copying a vendor's other rules. One kill made among ten thousand costs a search
 * and a copy of one list.
 */
export function replaceRule(compiled: CompiledRules, id: string, previous: KillRule | undefined, kill: KillRule | undefined): CompiledRules {
  const vendors = new Map(compiled.vendors);
  let size = compiled.size;
  const put = (vendor: string, key: string | undefined, list: CompiledRule[]) => {
    const rules = withList(vendors.get(vendor), key, list);
    if (rules.anyIntegration.length === 0 && rules.byIntegration.size === 0) vendors.delete(vendor);
    else vendors.set(vendor, rules);
  };
  const listOf = (vendor: string, key: string | undefined): readonly CompiledRule[] => {
    const rules = vendors.get(vendor);
    return (key === undefined ? rules?.anyIntegration : rules?.byIntegration.get(key)) ?? NO_RULES;
  };
  if (previous) {
    // Not there when it was fully released (compileRules() drops those).
    const key = previous.scope.integration ?? undefined; // as compileScope() reads it (a stored null is unset)
    const list = listOf(previous.scope.vendor, key);
    const at = positionOf(list, id);
    if (at < list.length && list[at].id === id) {
      const next = list.slice();
      next.splice(at, 1);
      put(previous.scope.vendor, key, next);
      size--;
    }
  }
  if (kill && kill.releasedBelow < RELEASE_BUCKETS) {
    const rule = compileRule(kill);
    const key = rule.scope.integration;
    const list = listOf(kill.scope.vendor, key);
    const at = positionOf(list, id);
    const there = at < list.length && list[at].id === id; // only if `previous` was not what `compiled` held
    const next = list.slice();
    next.splice(at, there ? 1 : 0, rule);
    put(kill.scope.vendor, key, next);
    if (!there) size++;
  }
  return { vendors, size };
}

/** The integration keys to answer for: the inventory's and the extra ones, each once, sorted. */
function integrationKeys(inventory: readonly InventoryItem[], extraKeys: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const item of inventory) keys.add(item.integration);
  for (const key of extraKeys) keys.add(key);
  return [...keys].sort();
}

/** What an evaluation depended on, for callers that share one answer among devices with the same facts. */
export interface EvaluationTrace {
  /** Set when a staged lift's release bucket (a hash of the device id) decided part of the answer: not shareable. */
  byDeviceId: boolean;
}

/**
 * The device's effective integrations: off when any enforced kill switch covers it
 * (deny-overrides). `extraKeys` adds integrations the device has not linked (an OFREP
 * lookup); only kills without product fields can cover those.
 *
 * The answer depends on the set of rules, never their order: matching ids are listed in id
 * order and the device message and incident come from the first of them. Keys are sorted, so
 * JSON.stringify of the answer is stable. The object has no prototype, so a key such as
 * `__proto__` from a client's flag lookup is just a key.
 */
export function evaluateDevice(compiled: CompiledRules, device: EvaluatedDevice, extraKeys: readonly string[] = [], trace?: EvaluationTrace): DeviceFlags {
  const flags: DeviceFlags = Object.create(null);
  // A vendor-wide kill can cover several integrations; hash the device into its bucket once.
  let released: Map<CompiledRule, boolean> | undefined;
  const isEnforced = (rule: CompiledRule): boolean => {
    if (!(rule.releasedBelow > 0)) return true;
    if (trace) trace.byDeviceId = true;
    released ??= new Map();
    let r = released.get(rule);
    if (r === undefined) {
      r = isReleased(rule.id, device.id, rule.releasedBelow);
      released.set(rule, r);
    }
    return !r;
  };

  for (const key of integrationKeys(device.inventory, extraKeys)) {
    const vendor = compiled.vendors.get(vendorOf(key));
    if (!vendor) {
      flags[key] = { enabled: true };
      continue;
    }
    const wide = vendor.anyIntegration;
    const narrow = vendor.byIntegration.get(key) ?? NO_RULES;
    let ids: string[] | undefined;
    let reason = '';
    let incidentId: string | null = null;
    // Merge the two id-sorted lists, so the matches come out in id order without sorting.
    for (let i = 0, j = 0; i < wide.length || j < narrow.length;) {
      const rule = j >= narrow.length || (i < wide.length && wide[i].id <= narrow[j].id) ? wide[i++] : narrow[j++];
      if (!compiledScopeMatches(rule.scope, device, key, device.inventory) || !isEnforced(rule)) continue;
      if (ids === undefined) {
        ids = [];
        reason = rule.message;
      }
      ids.push(rule.id);
      incidentId ??= rule.incidentId;
    }
    if (ids === undefined) flags[key] = { enabled: true };
    else if (incidentId === null) flags[key] = { enabled: false, reason, killSwitchIds: ids };
    else flags[key] = { enabled: false, reason, killSwitchIds: ids, incidentId };
  }
  return flags;
}

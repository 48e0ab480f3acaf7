/** The API's shapes the UI reads (DESIGN.md's contract; dates arrive as ISO strings). */
export type Role = 'admin' | 'responder' | 'approver' | 'auditor';

export interface Me {
  id: string;
  email: string;
  roles: Role[];
  via: 'session' | 'api-token';
  mustChangePassword: boolean;
  csrfToken?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Integration {
  id: string;
  key: string;
  vendor: string;
  capability: string;
  name: string;
  failMode: 'closed' | 'open';
}

export interface VendorModel {
  id: string;
  slug: string;
  name: string;
  vendor: string;
}

export interface Vendor {
  id: string;
  slug: string;
  name: string;
  models: VendorModel[];
  integrations: Integration[];
}

export type FirmwareMatcher =
  { eq: string } | { in: string[] } | { lt: string } | { lte: string } | { gt: string } | { gte: string } | { between: [string, string] };

export interface Scope {
  vendor: string;
  integration?: string;
  vendorModel?: string;
  vendorFirmware?: FirmwareMatcher;
  deviceModel?: string;
  deviceFirmware?: FirmwareMatcher;
  region?: string;
  cohort?: string;
}

export type KillState = 'active' | 'lift-requested' | 'lifting' | 'lifted';

export interface KillSwitch {
  id: string;
  state: KillState;
  revision: number;
  affectedDevices: number;
  revocationId: string;
  scope: Scope;
  reason: string;
  /** What devices are told; null: the neutral default. */
  deviceMessage: string | null;
  incidentId: string | null;
  createdById: string | null;
  createdAt: string;
  liftedAt: string | null;
  releasedBelow: number;
}

export interface Preview {
  affectedDevices: number;
  matchingLinks: number;
  byVendorFirmware: { vendorFirmware: string; devices: number; links: number }[];
}

export const DELIVERY_STATES = ['acknowledged', 'sent', 'queued', 'failed', 'expired', 'canceled'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export interface Revocation {
  id: string;
  killSwitchId: string;
  kind: 'kill' | 'lift';
  rev: number;
  target: number;
  counts: Record<DeliveryState, number>;
  progress: number;
  milestones: number[];
  createdAt: string;
  fannedOutAt: string | null;
  completedAt: string | null;
}

export type LiftState = 'pending' | 'approved' | 'rejected' | 'aborted' | 'completed';

export interface LiftRequest {
  id: string;
  killSwitchId: string;
  state: LiftState;
  reason: string;
  stages: number[];
  stageIntervalSec: number | null;
  currentStage: number;
  releasedPercent: number;
  breakGlass: boolean;
  requestedById: string;
  requestedAt: string;
  decidedById: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  nextStageAt: string | null;
  completedAt: string | null;
  reviewedById: string | null;
  reviewPending: boolean;
}

export type Severity = 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';
export type IncidentStatus = 'triage' | 'investigating' | 'mitigated' | 'resolved' | 'closed';

export interface Incident {
  id: string;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  nextStatuses: IncidentStatus[];
  summary: string | null;
  reportedAt: string;
  createdAt: string;
  mitigatedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
}

export interface Timing {
  ms: number;
  from: string;
  to: string;
}

export interface IncidentKillSwitch {
  id: string;
  state: KillState;
  scopeText: string;
  reason: string;
  affectedDevices: number;
  revocationId: string | null;
  createdBy: string | null;
  createdAt: string;
  liftedAt: string | null;
}

export interface IncidentDetail extends Incident {
  killSwitches: IncidentKillSwitch[];
  timings: { reportToFirstKill: Timing | null; killToAck99: Timing | null; killToLift: Timing | null };
}

export interface TimelineEntry {
  id: string;
  at: string;
  type: string;
  actor: string;
  body: string;
  refs: Record<string, unknown>;
}

export interface AuditEntry {
  seq: string;
  at: string;
  actorType: string;
  actorId: string | null;
  actor: string;
  action: string;
  outcome: 'ok' | 'refused';
  targetType: string | null;
  targetId: string | null;
  reason: string | null;
  requestId: string | null;
  hash: string;
}

export interface ChainVerdict {
  ok: boolean;
  entries: number;
  headSeq: string;
  headHash: string;
  firstBroken?: { seq: string; reason: string; message: string };
}

export interface Checkpoint {
  id: string;
  seq: string;
  headHash: string;
  at: string;
  kid: string;
}

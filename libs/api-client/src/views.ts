/** The API's answers the CLI reads fields of (DESIGN.md's contract; other fields pass through to --json untouched). */

export interface CreatedKillSwitch {
  id: string;
  state: string;
  revision: number;
  affectedDevices: number;
  revocationId: string;
}

export interface KillSwitchView extends CreatedKillSwitch {
  scope: Record<string, unknown>;
  reason: string;
  /** What devices are told; null: the API's neutral default. */
  deviceMessage?: string | null;
  incidentId: string | null;
  createdById: string | null;
  createdAt: string;
  updatedAt: string;
  liftedAt: string | null;
  releasedBelow: number;
}

export interface KillSwitchPreview {
  affectedDevices: number;
  matchingLinks: number;
  byVendorFirmware: { vendorFirmware: string; devices: number; links: number }[];
}

export interface DeliveryCounts {
  queued: number;
  sent: number;
  acknowledged: number;
  failed: number;
  expired: number;
  canceled: number;
}

export interface RevocationView {
  id: string;
  killSwitchId: string;
  kind?: string;
  target: number;
  counts: DeliveryCounts;
  progress?: number;
  fannedOutAt?: string | null;
  completedAt?: string | null;
}

export interface LiftRequestView {
  id: string;
  killSwitchId: string;
  state: string;
  reason: string;
  stages: number[];
  stageIntervalSec: number | null;
  currentStage: number;
  releasedPercent?: number;
  breakGlass: boolean;
  requestedAt: string;
  decisionReason?: string | null;
  nextStageAt?: string | null;
  reviewPending?: boolean;
}

export interface IncidentView {
  id: string;
  title: string;
  severity: string;
  status: string;
  nextStatuses?: string[];
  summary?: string | null;
  reportedAt: string;
  createdAt?: string;
  updatedAt?: string;
}

export interface Timing {
  ms: number;
  from: string;
  to: string;
}

export interface IncidentDetail extends IncidentView {
  killSwitches?: { id: string; state: string; scopeText?: string; affectedDevices: number; createdAt: string; liftedAt: string | null }[];
  timings?: { reportToFirstKill: Timing | null; killToAck99: Timing | null; killToLift: Timing | null };
}

export interface TimelineEntryView {
  id?: string | number;
  at: string;
  type: string;
  actor: string;
  body: string;
  refs?: Record<string, unknown>;
}

export interface AuditEntryView {
  seq: string | number;
  at: string;
  actor: string;
  action: string;
  outcome?: string;
  targetType?: string | null;
  targetId?: string | null;
  reason?: string | null;
  requestId?: string | null;
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  headSeq?: string;
  firstBroken?: { seq: string; reason: string; message: string };
}

export interface DeviceView {
  id: string;
  model: string;
  firmware: string;
  region: string | null;
  cohort: string | null;
  externalId?: string | null;
  enrolledAt: string;
  lastSeenAt: string | null;
  decommissionedAt?: string | null;
  inventory: { integration: string; vendorModel: string; vendorFirmware: string }[];
}

export interface EnrolledDevice extends DeviceView {
  credential: string;
}

/** POST /v1/devices/:id/credential */
export interface RotatedCredentialView {
  id: string;
  credential: string;
}

/** GET /v1/devices/:id/status */
export interface DeviceStatusView {
  device: DeviceView;
  rev: number;
  integrations: Record<string, { enabled: boolean; reason?: string; killSwitchIds?: string[]; incidentId?: string; failMode: string }>;
  ackedRev: number;
  lastSeenAt: string | null;
  openDeliveries: {
    revocationId: string;
    killSwitchId: string;
    kind: string;
    rev: number;
    state: string;
    attempts: number;
    lastError: string | null;
    queuedAt: string;
    sentAt: string | null;
  }[];
}

/** One row of GET /v1/revocations/:id/deliveries */
export interface DeliveryView {
  deviceId: string;
  rev: number;
  state: string;
  attempts: number;
  lastError: string | null;
  queuedAt: string;
  sentAt: string | null;
  acknowledgedAt: string | null;
}

/**
 * The API's shapes the UI reads, named from the types generated out of the
 * OpenAPI document (api-types.ts, `npm run api:types`): the UI cannot drift
 * from the API without the type-check saying so. Dates arrive as ISO strings.
 */
import type { components } from './api-types';
// The scope's firmware matchers are one of seven shapes the document does not spell out: the domain's own types, erased at build.
import type { FirmwareMatcher, Scope } from '../../../../libs/evaluation/src/browser';
import { WEBHOOK_EVENT_TYPES as SERVER_WEBHOOK_EVENT_TYPES } from '../../../../libs/webhooks/src/browser';

type Schemas = components['schemas'];

export type { FirmwareMatcher, Scope };
export type ErrorBody = Schemas['ErrorBody'];
export type ErrorCode = ErrorBody['code'];

export type Me = Schemas['MeView'];
export type SignInOptions = Schemas['SignInOptions'];
export type Role = Me['roles'][number];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type Integration = Schemas['IntegrationView'];
export type VendorModel = Schemas['VendorModelView'];
export type Vendor = Schemas['VendorView'];

export type KillSwitch = Omit<Schemas['KillSwitchView'], 'scope'> & { scope: Scope };
export type KillState = KillSwitch['state'];
export type Preview = Schemas['KillSwitchPreview'];

export const DELIVERY_STATES = ['acknowledged', 'sent', 'queued', 'failed', 'expired', 'canceled'] as const satisfies readonly DeliveryState[];
export type DeliveryState = keyof Schemas['DeliveryCountsView'];
export type Revocation = Schemas['RevocationViewDto'];
export type Delivery = Schemas['DeliveryView'];

export type Device = Schemas['DeviceView'];
export type User = Schemas['UserView'];
export type ApiToken = Schemas['ApiTokenView'];
export type DeviceStatus = Schemas['DeviceStatus'];

export type LiftRequest = Schemas['LiftRequestView'];
export type Person = Schemas['PersonView'];
export type LiftState = LiftRequest['state'];

export type Incident = Schemas['IncidentView'];
export type Severity = Incident['severity'];
export type IncidentStatus = Incident['status'];
export type Timing = Schemas['Timing'];
export type IncidentKillSwitch = Schemas['IncidentKillSwitch'];
export type IncidentDetail = Schemas['IncidentDetail'];
export type TimelineEntry = Schemas['TimelineEntryView'];

export type AuditEntry = Schemas['AuditEntryView'];
export type ChainVerdict = Schemas['VerifyResultView'];
export type Checkpoint = Schemas['CheckpointView'];

export type Webhook = Schemas['WebhookView'];
export type WebhookCreated = Schemas['WebhookCreated'];
export type WebhookSecretRotated = Schemas['WebhookSecretRotated'];
export type WebhookFormat = Webhook['format'];
export type WebhookEventType = Webhook['events'][number];
export type WebhookDelivery = Schemas['WebhookDeliveryView'];

/** Every event a subscription may pick, in the API's order: the server's own list; the type-check fails if it and the API document part. */
export const WEBHOOK_EVENT_TYPES = SERVER_WEBHOOK_EVENT_TYPES satisfies readonly WebhookEventType[];
// Compiles only while the list above names every event type of the API.
export const EVERY_WEBHOOK_EVENT_LISTED: Exclude<WebhookEventType, (typeof WEBHOOK_EVENT_TYPES)[number]> extends never ? true : never = true;
export const WEBHOOK_FORMATS = ['cloudevents', 'slack', 'pagerduty'] as const satisfies readonly WebhookFormat[];

export type Proposal = Omit<Schemas['ProposalView'], 'scope'> & { scope: Scope | null };
export type ProposalDetail = Omit<Schemas['ProposalDetail'], 'scope'> & { scope: Scope | null };

export type AutoKillPolicy = Schemas['AutoKillPolicyView'];

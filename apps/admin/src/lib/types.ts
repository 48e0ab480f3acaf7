/**
 * The API's shapes the UI reads, named from the types generated out of the
 * OpenAPI document (api-types.ts, `npm run api:types`): the UI cannot drift
 * from the API without the type-check saying so. Dates arrive as ISO strings.
 */
import type { components } from './api-types';
// The scope's firmware matchers are one of seven shapes the document does not spell out: the domain's own types, erased at build.
import type { FirmwareMatcher, Scope } from '../../../../libs/evaluation/src/browser';

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

export type LiftRequest = Schemas['LiftRequestView'];
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

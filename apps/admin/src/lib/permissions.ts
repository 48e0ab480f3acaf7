/**
 * What the signed-in person may do, from their roles, mirroring the API's
 * @Roles on each route. The API decides; the UI only hides what would be
 * refused, so an auditor sees no button that changes anything.
 */
import type { AutoKillPolicy, LiftRequest, Me, Role } from './types';

const any = (me: Me, ...roles: Role[]) => roles.some((role) => me.roles.includes(role));

export interface Permissions {
  kill: boolean;
  openIncident: boolean;
  editIncident: boolean;
  addNote: boolean;
  requestLift: boolean;
  breakGlass: boolean;
  /** Approve or reject: a decider, and never the requester (four eyes). */
  decide(request: LiftRequest): boolean;
  /** Sign a break-glass lift off: a decider other than who broke the glass. */
  review(request: LiftRequest): boolean;
  /** Advance or abort an approved lift. */
  operateLift: boolean;
  /** Enroll devices, rotate their credentials, decommission them. */
  manageDevices: boolean;
  /** Add vendors, models and integrations; change an integration's fail mode. */
  editCatalogue: boolean;
  /** Add people, change their roles, disable them. */
  manageUsers: boolean;
  /** Read the directory of people (admins and auditors). */
  readUsers: boolean;
  /** Mint API tokens (never wider than one's own roles). */
  mintTokens: boolean;
  /** Confirm or dismiss a proposed kill. */
  decideProposal: boolean;
  /** Webhook subscriptions and auto-kill policies are an admin's. */
  manageWebhooks: boolean;
  managePolicies: boolean;
  /** Approve a pending auto-kill policy: an admin other than its author (four eyes). */
  approvePolicy(policy: AutoKillPolicy): boolean;
  /** Open the queue dashboard (/admin/queues, outside this app): admins only. */
  queueDashboard: boolean;
  /** Walk the whole audit chain from genesis (GET /v1/audit/verify?full=true): admins and auditors. */
  verifyFullChain: boolean;
}

export function permissionsOf(me: Me): Permissions {
  const decider = any(me, 'admin', 'approver');
  return {
    kill: any(me, 'admin', 'responder'),
    openIncident: any(me, 'admin', 'responder'),
    editIncident: any(me, 'admin', 'responder'),
    addNote: any(me, 'admin', 'responder', 'approver'),
    requestLift: any(me, 'admin', 'responder'),
    breakGlass: any(me, 'admin'),
    decide: (request) => decider && request.state === 'pending' && request.requestedById !== me.id,
    review: (request) => decider && request.reviewPending && request.requestedById !== me.id,
    operateLift: any(me, 'admin', 'responder', 'approver'),
    manageDevices: any(me, 'admin', 'responder'),
    editCatalogue: any(me, 'admin', 'responder'),
    manageUsers: any(me, 'admin'),
    readUsers: any(me, 'admin', 'auditor'),
    mintTokens: any(me, 'admin', 'responder', 'approver'),
    decideProposal: any(me, 'admin', 'responder'),
    manageWebhooks: any(me, 'admin'),
    managePolicies: any(me, 'admin'),
    approvePolicy: (policy) => any(me, 'admin') && policy.state === 'pending' && policy.createdById !== me.id,
    queueDashboard: any(me, 'admin'),
    verifyFullChain: any(me, 'admin', 'auditor'),
  };
}

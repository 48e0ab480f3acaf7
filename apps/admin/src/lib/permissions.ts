/**
 * What the signed-in person may do, from their roles, mirroring the API's
 * @Roles on each route, and for a request another person must decide, from
 * what the API says of it (youMayDecide: its four-eyes checks). The API
 * decides; the UI only hides what would be refused, so an auditor sees no
 * button that changes anything, and an approver the requester appointed no
 * Approve that would answer 403.
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
  /** Approve or reject: a decider, never the requester, and nobody the API says four eyes refuses (youMayDecide). */
  decide(request: LiftRequest): boolean;
  /** Sign a break-glass lift off: a decider other than who broke the glass, whom four eyes does not refuse. */
  review(request: LiftRequest): boolean;
  /**
   * Why this decider may not decide a request someone else made, in the API's words as a sentence (appointed by the
   * requester, or their appointer; an account newer than the request): undefined when they may, or when their roles
   * alone say it (no button was ever theirs).
   */
  whyNotDecide(request: LiftRequest | AutoKillPolicy): string | undefined;
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
  /** Approve a pending auto-kill policy: an admin other than its author, whom four eyes does not refuse (youMayDecide). */
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
    decide: (request) => decider && request.state === 'pending' && request.requestedById !== me.id && request.youMayDecide !== false,
    review: (request) => decider && request.reviewPending && request.requestedById !== me.id && request.youMayDecide !== false,
    whyNotDecide: (made) => {
      const author = 'requestedById' in made ? made.requestedById : made.createdById;
      const why = made.youMayDecide === false && made.whyNot?.code !== 'forbidden' && author !== me.id ? made.whyNot?.message : undefined;
      return why && `${why[0].toUpperCase()}${why.slice(1)}.`;
    },
    operateLift: any(me, 'admin', 'responder', 'approver'),
    manageDevices: any(me, 'admin', 'responder'),
    editCatalogue: any(me, 'admin', 'responder'),
    manageUsers: any(me, 'admin'),
    readUsers: any(me, 'admin', 'auditor'),
    mintTokens: any(me, 'admin', 'responder', 'approver'),
    decideProposal: any(me, 'admin', 'responder'),
    manageWebhooks: any(me, 'admin'),
    managePolicies: any(me, 'admin'),
    approvePolicy: (policy) => any(me, 'admin') && policy.state === 'pending' && policy.createdById !== me.id && policy.youMayDecide !== false,
    queueDashboard: any(me, 'admin'),
    verifyFullChain: any(me, 'admin', 'auditor'),
  };
}

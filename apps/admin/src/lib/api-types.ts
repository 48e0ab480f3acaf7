// Generated from docs/openapi.json by `npm run api:types` (openapi-typescript): do not edit.
// `npm run lint` fails when it is stale. The UI names these types in types.ts.

export interface paths {
  '/v1/auth/login': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Sign in for an API client: a session token */
    post: operations['AuthController_login'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/auth/session': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * sign in for the browser
     * @description Sets the HttpOnly, SameSite=Strict cookie ks_session; requests that are not GET must then send X-CSRF-Token. Logout clears it.
     */
    post: operations['AuthController_openSession'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/auth/logout': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Sign out: end the session (and clear its cookie) */
    post: operations['AuthController_logout'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/auth/me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Who is signed in: roles, and the CSRF token of a cookie session */
    get: operations['AuthController_me'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/auth/password': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Change your password (ends the one-time password)
     * @description A wrong currentPassword counts as a failed sign-in, against the client address and the account: past the limits, 429 with Retry-After.
     */
    post: operations['AuthController_changePassword'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/auth/sign-in-options': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** how people sign in here (for the sign-in page) */
    get: operations['OidcController_options'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/auth/oidc/login': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** single sign-on: redirect to the OIDC provider (authorization code, state, nonce, PKCE) */
    get: operations['OidcController_login'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/auth/oidc/callback': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * single sign-on: the provider redirects back here
     * @description Sets the same session cookie as POST /v1/auth/session and redirects to the admin UI. A browser is sent to the sign-in page with the reason when refused; other clients get the 401 (code sso_refused).
     */
    get: operations['OidcController_callback'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/auth/oidc/device': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * the CLI's single sign-on: start the provider's device authorization grant
     * @description The API records the grant it started (its device code as SHA-256, expiry and interval): only such device codes are taken by POST /v1/auth/oidc/device/token.
     */
    post: operations['OidcController_device'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/auth/oidc/device/token': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * poll: a bearer session once the person approved at the provider (202 while pending)
     * @description Takes only a device code that POST /v1/auth/oidc/device gave, until it expires, and no more often than every `interval` seconds: a sooner poll is answered 429 `slow_down` with Retry-After (the interval grows by 5 s each time the provider itself says slow_down). Neither an unknown code nor an early poll reaches the provider. An address that sends REFUSAL_LIMIT unknown codes in REFUSAL_WINDOW_SEC gets 429 until the window ends.
     */
    post: operations['OidcController_deviceToken'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/users': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List users */
    get: operations['UsersController_list'];
    put?: never;
    /** Create a user with a one-time password */
    post: operations['UsersController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/users/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a user */
    get: operations['UsersController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Change a user's roles or disable them */
    patch: operations['UsersController_update'];
    trace?: never;
  };
  '/v1/api-tokens': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the caller's API tokens (all of them for an admin) */
    get: operations['ApiTokensController_list'];
    put?: never;
    /** Mint an API token, with at most the caller's roles */
    post: operations['ApiTokensController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/api-tokens/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke an API token */
    delete: operations['ApiTokensController_revoke'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/people': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Names and emails of people by id (who asked for a lift, who decided it) */
    get: operations['PeopleController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/devices': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List devices */
    get: operations['DevicesController_list'];
    put?: never;
    /** Enroll a device: its credential is shown once */
    post: operations['DevicesController_enroll'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/devices/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a device */
    get: operations['DevicesController_get'];
    put?: never;
    post?: never;
    /** Decommission a device: its credential stops working */
    delete: operations['DevicesController_decommission'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/devices/{id}/credential': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Rotate a device's credential */
    post: operations['DevicesController_rotate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/vendors': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List vendors */
    get: operations['CatalogueController_listVendors'];
    put?: never;
    /** Add a vendor */
    post: operations['CatalogueController_createVendor'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/vendors/{slug}/models': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Add a model to a vendor */
    post: operations['CatalogueController_createModel'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/integrations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List integrations */
    get: operations['CatalogueController_listIntegrations'];
    put?: never;
    /** Add an integration (a flag key) of a vendor */
    post: operations['CatalogueController_createIntegration'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/integrations/{key}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Change an integration's fail mode or description */
    patch: operations['CatalogueController_updateIntegration'];
    trace?: never;
  };
  '/v1/kill-switches': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List kill switches, newest first */
    get: operations['KillSwitchesController_list'];
    put?: never;
    /** Kill an integration for a scope of devices, at once */
    post: operations['KillSwitchesController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/kill-switches/preview': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Preview the devices a scope would kill, without acting */
    post: operations['KillSwitchesController_preview'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/kill-switches/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a kill switch with its revocation progress */
    get: operations['KillSwitchesController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/kill-switches/{id}/lift-requests': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Request the lift of a kill switch (or break glass) */
    post: operations['LiftRequestsController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/lift-requests': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List lift requests */
    get: operations['LiftRequestsController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/lift-requests/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a lift request */
    get: operations['LiftRequestsController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/lift-requests/{id}/approve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Approve a lift request (a second person) */
    post: operations['LiftRequestsController_approve'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/lift-requests/{id}/reject': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Reject a lift request (a second person) */
    post: operations['LiftRequestsController_reject'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/lift-requests/{id}/review': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Sign a break-glass lift off (a second person) */
    post: operations['LiftRequestsController_review'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/lift-requests/{id}/advance': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Advance an approved staged lift to its next stage */
    post: operations['LiftRequestsController_advance'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/lift-requests/{id}/abort': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Abort a lift: the kill is enforced again */
    post: operations['LiftRequestsController_abort'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/incidents': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List incidents, newest first */
    get: operations['IncidentsController_list'];
    put?: never;
    /** Open an incident */
    post: operations['IncidentsController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/incidents/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get an incident with its kill switches and key timings */
    get: operations['IncidentsController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Change an incident's status, severity or title */
    patch: operations['IncidentsController_update'];
    trace?: never;
  };
  '/v1/incidents/{id}/timeline': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List an incident's timeline */
    get: operations['IncidentTimelineController_list'];
    put?: never;
    /** Add a note to an incident's timeline */
    post: operations['IncidentTimelineController_addNote'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/incidents/{id}/export': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Export an incident's postmortem (JSON or Markdown) */
    get: operations['IncidentExportController_export'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/signals/alertmanager': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Receive an Alertmanager webhook: firing alerts become proposals
     * @description Alertmanager webhook (version 4): each firing alert whose labels name a scope becomes a proposal. At most 100 alerts and 256 KiB (or BODY_LIMIT_BYTES, if larger) a notification.
     */
    post: operations['SignalsController_alertmanager'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/signals': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Receive a generic signal: a kill proposal */
    post: operations['SignalsController_signal'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/proposals': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List kill proposals, newest first */
    get: operations['ProposalsController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/proposals/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a proposal with the impact of its scope now */
    get: operations['ProposalsController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/proposals/{id}/confirm': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Confirm a proposal: the kill, at once */
    post: operations['ProposalsController_confirm'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/proposals/{id}/dismiss': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Dismiss a proposal */
    post: operations['ProposalsController_dismiss'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/auto-kill-policies': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List auto-kill policies */
    get: operations['AutoKillPoliciesController_list'];
    put?: never;
    /** Write an auto-kill policy (pending until approved) */
    post: operations['AutoKillPoliciesController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/auto-kill-policies/{id}/approve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Approve an auto-kill policy (a second person) */
    post: operations['AutoKillPoliciesController_approve'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/auto-kill-policies/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get an auto-kill policy */
    get: operations['AutoKillPoliciesController_get'];
    put?: never;
    post?: never;
    /** Disable an auto-kill policy */
    delete: operations['AutoKillPoliciesController_disable'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/.well-known/jwks.json': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The public keys that verify device snapshots (JWKS) */
    get: operations['JwksController_jwks'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/device/acks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Acknowledge the revision a device has applied */
    post: operations['DeviceController_ack'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/device/inventory': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Replace the device's inventory (firmware, integrations) */
    put: operations['DeviceController_reportInventory'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/ofrep/v1/evaluate/flags': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * OFREP bulk evaluation of every integration the device has linked, with ETag and an event stream (eventStreams)
     * @description The answer names one `sse` event stream (OFREP ADR-0008) for this device alone: GET /v1/device/ofrep-events with a token bound to the device and its current credential. Query flagConfigEtag / flagConfigLastModified: what a refetchEvaluation event announced; an instance that does not hold it yet reloads its rules first.
     */
    post: operations['OfrepController_bulk'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/ofrep/v1/evaluate/flags/{key}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** OFREP single flag evaluation: a killed integration is value false, reason DISABLED */
    post: operations['OfrepController_single'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/devices/{id}/status': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** What a device is told now (the answer its next poll gets), its acknowledged revision, when it was last seen, and its open deliveries */
    get: operations['DeviceStatusController_status'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/audit': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Read the audit log, newest first */
    get: operations['AuditLogController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/audit/verify': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * verify the hash chain from genesis to the head and name the first entry that breaks it; ok is false also when the chain ends below the latest signed checkpoint or no longer has its hash there
     * @description Calls that arrive together share one walk, and the verdict holds until the head moves. Only the entries appended since the last walk are walked, after checking that the last verified entry still stores its hash; the whole chain is walked from genesis when the last full walk is older than AUDIT_VERIFY_FULL_INTERVAL_SEC, whenever that check or the walk finds anything wrong, and on `full=true` (admins and auditors).
     */
    get: operations['AuditLogController_verify'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/audit/checkpoints': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List signed audit checkpoints, newest first */
    get: operations['AuditCheckpointsController_list'];
    put?: never;
    /** Sign and export an audit checkpoint of the chain head */
    post: operations['AuditCheckpointsController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/webhooks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List webhooks, newest first */
    get: operations['WebhooksController_list'];
    put?: never;
    /** Subscribe a webhook endpoint (its secret is shown once) */
    post: operations['WebhooksController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/webhooks/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a webhook */
    get: operations['WebhooksController_get'];
    put?: never;
    post?: never;
    /** Delete a webhook with its deliveries */
    delete: operations['WebhooksController_remove'];
    options?: never;
    head?: never;
    /**
     * Change a webhook (URL, events, enabled)
     * @description Enabled again, it is sent the events written from then on; an event type it is given now, the events of that type written from then on. An edit of its URL, format or description leaves it every event it wanted.
     */
    patch: operations['WebhooksController_update'];
    trace?: never;
  };
  '/v1/webhooks/{id}/rotate-secret': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Rotate a webhook's signing secret (the new one is shown once; the old one signs too for a grace period) */
    post: operations['WebhooksController_rotateSecret'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/webhooks/{id}/test': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Send a webhook.test delivery */
    post: operations['WebhooksController_test'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/webhooks/{id}/deliveries': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List a webhook's deliveries with their attempts */
    get: operations['WebhooksController_listDeliveries'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/webhooks/{id}/deliveries/{deliveryId}/retry': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Send a webhook delivery again (one more attempt now; asks at the same time make one) */
    post: operations['WebhooksController_retry'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/health/live': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Liveness: the process answers */
    get: operations['HealthController_live'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/health/ready': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Readiness: PostgreSQL and Redis answer (503 otherwise); status `degraded` (still 200) while a queue is paused, named in details.queues.paused */
    get: operations['HealthController_ready'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/metrics': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Prometheus metrics of this API instance (text exposition format)
     * @description No credential by default. With METRICS_TOKEN set, only `Authorization: Bearer <METRICS_TOKEN>` is answered (401 otherwise). The state gauges (from PostgreSQL and Redis) are read at most once every 5 s, however many scrapes.
     */
    get: operations['MetricsController_metrics'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/revocations/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A revocation's progress: deliveries by state, milestones
     * @description Counted for each request, except for a revocation whose count took PROGRESS_SHARED_READ_MIN_MS (50 ms) or more: its requests then share one count, which answers them for ten times as long as it took (at most 10 s).
     */
    get: operations['RevocationsController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/revocations/{id}/deliveries': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List a revocation's deliveries, one a device */
    get: operations['RevocationsController_deliveries'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/revocations/{id}/deliveries/export': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Every delivery of the revocation (or those in one state) as CSV, with each device's externalId; an attachment */
    get: operations['RevocationsController_exportDeliveries'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/revocations/{id}/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A revocation's progress as server-sent events
     * @description `event: progress`, `data:` the body of GET /v1/revocations/:id, at once and on every change, until 100 % or the client leaves.
     */
    get: operations['RevocationsController_events'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/device/flags': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The device poll: the device's integrations and a signed snapshot */
    get: operations['DeviceFlags_poll'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/device/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The device stream: server-sent events `event: flags`, `id: <rev>`, `data:` the GET /v1/device/flags body
     * @description On connect the current answer is sent at once if its rev is newer than Last-Event-ID (always, without the header; a Last-Event-ID above the current revision names no answer this server gave and counts as none). An inventory report that changes the device's answer is sent too, with the same rev and a later iat in its snapshot. Heartbeat comments every 15 s. A second stream for the same device replaces the first. A reader that stops draining is disconnected and resumes with Last-Event-ID.
     */
    get: operations['DeviceFlags_events'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/device/ofrep-events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * OFREP event stream (ADR-0008): `data: {"type":"refetchEvaluation","etag","lastModified"}` when the device’s answer changes
     * @description Use the URL an OFREP bulk evaluation names in eventStreams; its token is bound to one device and its current credential, good for connecting for 5 to 10 minutes, refused after a rotation or a decommission (which also end open streams). On connect a refetchEvaluation is sent at once unless flagConfigEtag (or Last-Event-ID) names the current configuration and flagConfigLastModified is not older. Heartbeat comments every 15 s.
     */
    get: operations['OfrepEvents_stream'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    LoginDto: {
      /** @example admin@example.com */
      email: string;
      password: string;
    };
    LoginResult: {
      accessToken: string;
      /** Format: date-time */
      expiresAt: string;
      /** @example Bearer */
      tokenType: string;
      /** @description true for a one-time password: change it before anything else */
      mustChangePassword: boolean;
    };
    BrowserSessionResult: {
      /** Format: date-time */
      expiresAt: string;
      /** @description send it as the X-CSRF-Token header on every request that is not a GET; the session itself is in the HttpOnly cookie */
      csrfToken: string;
      /** @description true for a one-time password: change it before anything else */
      mustChangePassword: boolean;
    };
    MeView: {
      id: string;
      email: string;
      roles: ('admin' | 'responder' | 'approver' | 'auditor' | 'signals')[];
      /** @enum {string} */
      via: 'session' | 'api-token';
      mustChangePassword: boolean;
      /** @description signed in with the browser cookie: the CSRF token to send as X-CSRF-Token on writes */
      csrfToken?: string;
    };
    ChangePasswordDto: {
      currentPassword: string;
      newPassword: string;
    };
    SignInOptions: {
      /** @description email and password sign-in is open to everyone (false: LOCAL_LOGIN=off, only the break-glass admin) */
      localLogin: boolean;
      /** @description the OIDC provider's name for "Sign in with <name>"; absent when single sign-on is not configured */
      ssoProvider?: string;
    };
    DeviceStart: {
      /** @description send it back to POST /v1/auth/oidc/device/token (a secret: only its SHA-256 is stored) */
      deviceCode: string;
      userCode: string;
      verificationUri: string;
      verificationUriComplete?: string;
      /** @description seconds */
      expiresIn: number;
      /** @description seconds to wait between polls: a sooner poll is answered 429 slow_down with Retry-After */
      interval: number;
    };
    DeviceTokenDto: {
      deviceCode: string;
    };
    DevicePending: {
      /**
       * @description the person has not approved at the provider yet: poll again after `interval` seconds
       * @example true
       */
      pending: boolean;
    };
    CreateUserDto: {
      /** @example responder@example.com */
      email: string;
      /** @example Ada Lovelace */
      name?: string;
      password: string;
      roles: ('admin' | 'responder' | 'approver' | 'auditor')[];
    };
    UserView: {
      id: string;
      /** @description A local account: its email. A single sign-on account: the email its provider vouches for (email_verified), else oidc:<issuer>#<subject> */
      email: string;
      /** @description The OpenID Connect issuer this person signs in through; null for a local account (email and password) */
      issuer: string | null;
      name: string | null;
      /** @description Empty for a single sign-on account its provider no longer maps to any role */
      roles: ('admin' | 'responder' | 'approver' | 'auditor' | 'signals')[];
      disabled: boolean;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
    };
    UserPage: {
      items: components['schemas']['UserView'][];
      nextCursor: string | null;
    };
    UpdateUserDto: {
      /** @example Ada Lovelace */
      name?: string;
      roles?: ('admin' | 'responder' | 'approver' | 'auditor')[];
      disabled?: boolean;
    };
    CreateApiTokenDto: {
      /** @example pagerduty-automation */
      name: string;
      roles: ('admin' | 'responder' | 'approver' | 'auditor' | 'signals')[];
      /** @description days until the token expires (1-365); never, if omitted */
      expiresInDays?: number;
    };
    CreatedApiToken: {
      id: string;
      name: string;
      /** @description the first characters, to recognise a token */
      prefix: string;
      roles: ('admin' | 'responder' | 'approver' | 'auditor' | 'signals')[];
      createdById: string;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      expiresAt: string | null;
      /** Format: date-time */
      revokedAt: string | null;
      /** Format: date-time */
      lastUsedAt: string | null;
      /** @description shown once; only its SHA-256 is stored */
      token: string;
    };
    ApiTokenView: {
      id: string;
      name: string;
      /** @description the first characters, to recognise a token */
      prefix: string;
      roles: ('admin' | 'responder' | 'approver' | 'auditor' | 'signals')[];
      createdById: string;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      expiresAt: string | null;
      /** Format: date-time */
      revokedAt: string | null;
      /** Format: date-time */
      lastUsedAt: string | null;
    };
    ApiTokenPage: {
      items: components['schemas']['ApiTokenView'][];
      nextCursor: string | null;
    };
    PersonView: {
      id: string;
      name: string | null;
      email: string;
      /** @description The OpenID Connect issuer this person signs in through; null for a local account */
      issuer: string | null;
    };
    PersonList: {
      /** @description the people found, in the order asked; unknown ids are left out */
      items: components['schemas']['PersonView'][];
    };
    InventoryItemDto: {
      /** @example xiaomi.camera-stream */
      integration: string;
      /** @example mijia-cam-360 */
      vendorModel: string;
      /** @example 3.5.1_00.66 */
      vendorFirmware: string;
    };
    EnrollDeviceDto: {
      /** @example nest-hub-2 */
      model: string;
      /** @example 1.56.3 */
      firmware: string;
      /** @example eu-west */
      region?: string;
      /** @example beta */
      cohort?: string;
      /**
       * @description the platform's own identifier (a serial, an account-side id); unique
       * @example SN-4C11AE0F2291
       */
      externalId?: string;
      /** @description the linked vendor products (at most 64), each naming an integration and a model of its vendor that the catalogue has (else 400 unknown_integration); an item listed twice is stored once */
      inventory?: components['schemas']['InventoryItemDto'][];
    };
    EnrolledDevice: {
      id: string;
      model: string;
      firmware: string;
      region: string | null;
      cohort: string | null;
      /** @description the platform's own identifier */
      externalId: string | null;
      /** Format: date-time */
      enrolledAt: string;
      /** Format: date-time */
      decommissionedAt: string | null;
      /** Format: date-time */
      lastSeenAt: string | null;
      inventory: components['schemas']['InventoryItemDto'][];
      /** @description the device credential, shown once; only its SHA-256 is stored */
      credential: string;
      /** @description the snapshot signing keys to pin (same as /.well-known/jwks.json at enrollment) */
      jwks: Record<string, never>;
    };
    DeviceView: {
      id: string;
      model: string;
      firmware: string;
      region: string | null;
      cohort: string | null;
      /** @description the platform's own identifier */
      externalId: string | null;
      /** Format: date-time */
      enrolledAt: string;
      /** Format: date-time */
      decommissionedAt: string | null;
      /** Format: date-time */
      lastSeenAt: string | null;
      inventory: components['schemas']['InventoryItemDto'][];
    };
    DevicePage: {
      items: components['schemas']['DeviceView'][];
      nextCursor: string | null;
    };
    RotatedCredential: {
      id: string;
      /** @description the new credential, shown once; the old one stopped working */
      credential: string;
    };
    CreateVendorDto: {
      /** @example xiaomi */
      slug: string;
      /** @example Xiaomi */
      name: string;
    };
    VendorModelView: {
      id: string;
      slug: string;
      name: string;
      vendor: string;
      /** Format: date-time */
      createdAt: string;
    };
    IntegrationView: {
      id: string;
      key: string;
      vendor: string;
      capability: string;
      name: string;
      /**
       * @description closed (default): a device that cannot get a fresh answer turns the integration off. open keeps it on, which means an attacker who blocks the device network defeats a kill.
       * @enum {string}
       */
      failMode: 'closed' | 'open';
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
    };
    VendorView: {
      id: string;
      slug: string;
      name: string;
      /** Format: date-time */
      createdAt: string;
      models: components['schemas']['VendorModelView'][];
      integrations: components['schemas']['IntegrationView'][];
    };
    VendorPage: {
      items: components['schemas']['VendorView'][];
      nextCursor: string | null;
    };
    CreateVendorModelDto: {
      /** @example mijia-cam-360 */
      slug: string;
      /** @example Mijia Camera 360 */
      name: string;
    };
    CreateIntegrationDto: {
      /** @example xiaomi.camera-stream */
      key: string;
      /** @example xiaomi */
      vendor: string;
      /** @example Xiaomi camera streaming */
      name: string;
      /**
       * @description closed (default): a device that cannot get a fresh answer turns the integration off. open keeps it on, which means an attacker who blocks the device network defeats a kill.
       * @enum {string}
       */
      failMode?: 'closed' | 'open';
    };
    IntegrationPage: {
      items: components['schemas']['IntegrationView'][];
      nextCursor: string | null;
    };
    UpdateIntegrationDto: {
      name?: string;
      /**
       * @description closed (default): a device that cannot get a fresh answer turns the integration off. open keeps it on, which means an attacker who blocks the device network defeats a kill.
       * @enum {string}
       */
      failMode?: 'closed' | 'open';
    };
    ScopeDto: {
      /** @example xiaomi */
      vendor: string;
      /** @example xiaomi.camera-stream */
      integration?: string;
      /** @example mijia-cam-360 */
      vendorModel?: string;
      /**
       * @description one of { "eq": v }, { "in": [v, …] }, { "lt": v }, { "lte": v }, { "gt": v }, { "gte": v }, { "between": [lo, hi] } (inclusive)
       * @example {
       *       "lt": "3.5.1_00.68"
       *     }
       */
      vendorFirmware?: Record<string, never>;
      /** @example nest-hub-2 */
      deviceModel?: string;
      /**
       * @description one of { "eq": v }, { "in": [v, …] }, { "lt": v }, { "lte": v }, { "gt": v }, { "gte": v }, { "between": [lo, hi] } (inclusive)
       * @example {
       *       "gte": "1.50"
       *     }
       */
      deviceFirmware?: Record<string, never>;
      /** @example eu-west */
      region?: string;
      /** @example beta */
      cohort?: string;
    };
    CreateKillSwitchDto: {
      scope: components['schemas']['ScopeDto'];
      /**
       * @description the responder’s internal note, for the audit log and the incident timeline; never shown to devices
       * @example Mijia cameras show strangers’ feeds (public report)
       */
      reason: string;
      incidentId?: string;
      /**
       * @description the public text devices are told (flags `reason`, snapshot, OFREP `killReason`); without it they get "Temporarily disabled by the platform for your safety."
       * @example Camera streaming is paused while the vendor fixes a problem.
       */
      deviceMessage?: string;
    };
    CreatedKillSwitch: {
      id: string;
      /** @enum {string} */
      state: 'active' | 'lift-requested' | 'lifting' | 'lifted';
      /** @description the global revision this kill raised */
      revision: number;
      /** @description distinct devices the kill matched when it committed */
      affectedDevices: number;
      revocationId: string;
    };
    PreviewKillSwitchDto: {
      scope: components['schemas']['ScopeDto'];
    };
    FirmwareBreakdown: {
      vendorFirmware: string;
      devices: number;
      links: number;
    };
    KillSwitchPreview: {
      /** @description distinct devices the scope matches now */
      affectedDevices: number;
      /** @description matching linked vendor products */
      matchingLinks: number;
      byVendorFirmware: components['schemas']['FirmwareBreakdown'][];
    };
    KillSwitchView: {
      id: string;
      /** @enum {string} */
      state: 'active' | 'lift-requested' | 'lifting' | 'lifted';
      /** @description the global revision this kill raised */
      revision: number;
      /** @description distinct devices the kill matched when it committed */
      affectedDevices: number;
      revocationId: string;
      scope: components['schemas']['ScopeDto'];
      /** @description the internal note: never shown to devices */
      reason: string;
      /** @description what devices are told; null: the neutral default */
      deviceMessage: string | null;
      incidentId: string | null;
      createdById: string | null;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
      /** Format: date-time */
      liftedAt: string | null;
      /** @description staged lift: share released, in basis points (0-10000) */
      releasedBelow: number;
    };
    KillSwitchPage: {
      items: components['schemas']['KillSwitchView'][];
      nextCursor: string | null;
    };
    CreateLiftRequestDto: {
      /** @example Xiaomi shipped 3.5.1_00.68; old firmware stays off through the narrow kill */
      reason: string;
      /**
       * @description staged lift: percentages of devices released at each step; default [100]
       * @example [
       *       1,
       *       10,
       *       100
       *     ]
       */
      stages?: number[];
      /** @description advance to the next stage by itself after this many seconds (1 to 604800); otherwise by an explicit advance */
      stageIntervalSec?: number;
      /** @description admins only: lift at once without a second person; a review is left for someone else to sign off */
      breakGlass?: boolean;
    };
    DecisionRefusal: {
      /**
       * @description `forbidden`: you hold none of the roles the route needs; the others are the four-eyes refusals (docs/security.md)
       * @enum {string}
       */
      code:
        | 'forbidden'
        | 'api_token_cannot_decide'
        | 'self_approval'
        | 'same_email_as_requester'
        | 'approver_newer_than_request'
        | 'approver_granted_by_requester'
        | 'requester_appointed_by_approver';
      /**
       * @description for people: the words the route would answer
       * @example you requested this lift: a second person must approve it (four eyes)
       */
      message: string;
    };
    LiftRequestView: {
      id: string;
      killSwitchId: string;
      /** @enum {string} */
      state: 'pending' | 'approved' | 'rejected' | 'aborted' | 'completed';
      reason: string;
      stages: number[];
      stageIntervalSec: number | null;
      /** @description index into stages of the stage in force; -1 before approval */
      currentStage: number;
      /** @description percentage of devices released so far */
      releasedPercent: number;
      breakGlass: boolean;
      requestedById: string;
      /** Format: date-time */
      requestedAt: string;
      decidedById: string | null;
      /** Format: date-time */
      decidedAt: string | null;
      decisionReason: string | null;
      /** Format: date-time */
      nextStageAt: string | null;
      /** Format: date-time */
      completedAt: string | null;
      /** @description break glass: who signed the review off */
      reviewedById: string | null;
      /** Format: date-time */
      reviewedAt: string | null;
      /** @description break glass: a review is still owed */
      reviewPending: boolean;
      /** @description set while something is left to decide (pending: approve or reject; a break-glass review owed: sign it off): whether you may, by the checks its routes make (your roles, four eyes), which still refuse what they refuse */
      youMayDecide?: boolean;
      /** @description when youMayDecide is false: why, as the approve (or review) route would answer */
      whyNot?: components['schemas']['DecisionRefusal'];
    };
    LiftRequestPage: {
      items: components['schemas']['LiftRequestView'][];
      nextCursor: string | null;
    };
    ApproveLiftRequestDto: {
      reason?: string;
    };
    RejectLiftRequestDto: {
      /** @example the fix is not verified yet */
      reason: string;
    };
    LiftActionDto: {
      reason?: string;
    };
    CreateIncidentDto: {
      /** @example Mijia cameras show strangers’ feeds on Nest Hubs */
      title: string;
      /**
       * @example SEV1
       * @enum {string}
       */
      severity: 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';
      /** @example A public post shows still images from other homes. */
      summary?: string;
      /**
       * Format: date-time
       * @description when the report arrived (default: now); the key timings start here. At most a minute ahead of the server clock.
       * @example 2020-01-02T10:00:00Z
       */
      reportedAt?: string;
    };
    IncidentView: {
      id: string;
      title: string;
      /** @enum {string} */
      severity: 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';
      /** @enum {string} */
      status: 'triage' | 'investigating' | 'mitigated' | 'resolved' | 'closed';
      /** @description the statuses a PATCH may move it to now */
      nextStatuses: ('triage' | 'investigating' | 'mitigated' | 'resolved' | 'closed')[];
      summary: string | null;
      /** Format: date-time */
      reportedAt: string;
      createdById: string | null;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
      /** Format: date-time */
      mitigatedAt: string | null;
      /** Format: date-time */
      resolvedAt: string | null;
      /** Format: date-time */
      closedAt: string | null;
    };
    IncidentPage: {
      items: components['schemas']['IncidentView'][];
      nextCursor: string | null;
    };
    IncidentKillSwitch: {
      id: string;
      /** @enum {string} */
      state: 'active' | 'lift-requested' | 'lifting' | 'lifted';
      /** @description as written: { vendor, integration?, vendorModel?, vendorFirmware?, … } */
      scope: {
        [key: string]: unknown;
      };
      /** @example xiaomi.camera-stream, vendor firmware lt 3.5.1_00.68 */
      scopeText: string;
      reason: string;
      affectedDevices: number;
      /** @description the revocation that pushed the kill */
      revocationId: string | null;
      createdById: string | null;
      /** @description the email of its author */
      createdBy: string | null;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      liftedAt: string | null;
    };
    Timing: {
      /** @description milliseconds from `from` to `to` */
      ms: number;
      /** Format: date-time */
      from: string;
      /** Format: date-time */
      to: string;
    };
    KeyTimings: {
      firstKillSwitchId: string | null;
      /** @description reportedAt → the first kill */
      reportToFirstKill: components['schemas']['Timing'] | null;
      /** @description the first kill → 99 % of its devices acknowledged */
      killToAck99: components['schemas']['Timing'] | null;
      /** @description the first kill → its lift */
      killToLift: components['schemas']['Timing'] | null;
    };
    IncidentDetail: {
      id: string;
      title: string;
      /** @enum {string} */
      severity: 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';
      /** @enum {string} */
      status: 'triage' | 'investigating' | 'mitigated' | 'resolved' | 'closed';
      /** @description the statuses a PATCH may move it to now */
      nextStatuses: ('triage' | 'investigating' | 'mitigated' | 'resolved' | 'closed')[];
      summary: string | null;
      /** Format: date-time */
      reportedAt: string;
      createdById: string | null;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
      /** Format: date-time */
      mitigatedAt: string | null;
      /** Format: date-time */
      resolvedAt: string | null;
      /** Format: date-time */
      closedAt: string | null;
      killSwitches: components['schemas']['IncidentKillSwitch'][];
      timings: components['schemas']['KeyTimings'];
    };
    UpdateIncidentDto: {
      title?: string;
      /** @enum {string} */
      severity?: 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';
      /** @description null clears it */
      summary?: string | null;
      /**
       * @description one step forward at a time (triage → investigating → mitigated → resolved → closed), or back to investigating from mitigated or resolved; closed is final
       * @enum {string}
       */
      status?: 'triage' | 'investigating' | 'mitigated' | 'resolved' | 'closed';
    };
    TimelineEntryView: {
      /** @description a decimal string */
      id: string;
      incidentId: string;
      /** Format: date-time */
      at: string;
      /** @enum {string} */
      type:
        | 'note'
        | 'kill'
        | 'lift_request'
        | 'approval'
        | 'rejection'
        | 'lift_stage'
        | 'lift'
        | 'abort'
        | 'break_glass'
        | 'revocation_milestone'
        | 'status_change'
        | 'severity_change'
        | 'signal'
        | 'proposal';
      /** @description who: an email, or system:<component> */
      actor: string;
      actorId: string | null;
      body: string;
      /** @description ids of what the entry is about (kill switch, revocation, …) */
      refs: {
        [key: string]: unknown;
      };
    };
    TimelinePage: {
      items: components['schemas']['TimelineEntryView'][];
      nextCursor: string | null;
    };
    CreateNoteDto: {
      /** @example Xiaomi confirms the flaw; fix expected in 3.5.1_00.68. */
      body: string;
      /**
       * Format: date-time
       * @description when it happened (default: now); not in the future
       * @example 2020-01-02T10:00:00Z
       */
      at?: string;
    };
    PostmortemIncident: {
      id: string;
      title: string;
      /** @enum {string} */
      severity: 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';
      /** @enum {string} */
      status: 'triage' | 'investigating' | 'mitigated' | 'resolved' | 'closed';
      /** @description the statuses a PATCH may move it to now */
      nextStatuses: ('triage' | 'investigating' | 'mitigated' | 'resolved' | 'closed')[];
      summary: string | null;
      /** Format: date-time */
      reportedAt: string;
      createdById: string | null;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
      /** Format: date-time */
      mitigatedAt: string | null;
      /** Format: date-time */
      resolvedAt: string | null;
      /** Format: date-time */
      closedAt: string | null;
      /** @description who opened it */
      createdBy: string | null;
    };
    ActorAction: {
      /** @description `open` (opened the incident) or a timeline entry type */
      action: string;
      count: number;
      /** Format: date-time */
      first: string;
      /** Format: date-time */
      last: string;
    };
    PostmortemActor: {
      actor: string;
      actorId: string | null;
      actions: components['schemas']['ActorAction'][];
    };
    Postmortem: {
      /** @example killswitch.postmortem/v1 */
      kind: string;
      /** Format: date-time */
      generatedAt: string;
      incident: components['schemas']['PostmortemIncident'];
      timings: components['schemas']['KeyTimings'];
      killSwitches: components['schemas']['IncidentKillSwitch'][];
      /** @description every entry, ordered by at then id */
      timeline: components['schemas']['TimelineEntryView'][];
      /** @description who did what, from the timeline */
      actors: components['schemas']['PostmortemActor'][];
    };
    AlertmanagerAlertDto: {
      /** @enum {string} */
      status: 'firing' | 'resolved';
      /**
       * @description names in any characters (UTF-8, as Prometheus 3 allows); a value over 4096 characters is stored cut to 4096
       * @example {
       *       "alertname": "CameraFeedLeak",
       *       "killswitch_vendor": "xiaomi"
       *     }
       */
      labels: {
        [key: string]: string;
      };
      /** @description as labels: a value over 4096 characters is stored cut */
      annotations: {
        [key: string]: string;
      };
      /** @example 2026-12-01T10:00:00Z */
      startsAt: string;
      /** @description 0001-01-01T00:00:00Z while firing */
      endsAt: string;
      /** @description kept as the proposal’s link when it is an http or https URL; anything else is dropped */
      generatorURL: string;
      /** @example 3f1c2a9b8e7d6c5b */
      fingerprint: string;
    };
    AlertmanagerWebhookDto: {
      /** @enum {string} */
      version: '4';
      groupKey: string;
      /** @description alerts Alertmanager left out because of max_alerts */
      truncatedAlerts?: number;
      /** @enum {string} */
      status: 'firing' | 'resolved';
      receiver: string;
      groupLabels: {
        [key: string]: string;
      };
      commonLabels: {
        [key: string]: string;
      };
      commonAnnotations: {
        [key: string]: string;
      };
      externalURL: string;
      alerts: components['schemas']['AlertmanagerAlertDto'][];
    };
    SignalOutcome: {
      fingerprint: string;
      /** @enum {string} */
      status: 'firing' | 'resolved';
      /**
       * @description ignored: the alert names no scope, or resolves nothing
       * @enum {string}
       */
      outcome: 'proposed' | 'duplicate' | 'resolved' | 'ignored';
      proposalId: string | null;
      /** @enum {string|null} */
      state: 'open' | 'confirmed' | 'dismissed' | 'auto-killed' | 'invalid' | null;
      incidentId: string | null;
    };
    SignalReceipt: {
      alerts: components['schemas']['SignalOutcome'][];
    };
    SignalDto: {
      /** @example grafana */
      source: string;
      /**
       * @description the same problem keeps its fingerprint: repeats add to its proposal
       * @example camera-leak-eu
       */
      fingerprint: string;
      /** @example Mijia cameras show strangers’ feeds */
      summary: string;
      /**
       * @description of the incident it opens; SEV2 if omitted
       * @enum {string}
       */
      severity?: 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';
      /**
       * @description the kill scope, as POST /v1/kill-switches takes it (a firmware matcher may also be written lt:3.5.1_00.68); a scope that is wrong makes an invalid proposal that says why
       * @example {
       *       "vendor": "xiaomi",
       *       "integration": "xiaomi.camera-stream",
       *       "vendorFirmware": "lt:3.5.1_00.68"
       *     }
       */
      scope: Record<string, never>;
      /**
       * @description resolved: the problem is over (a timeline note); firing if omitted
       * @enum {string}
       */
      status?: 'firing' | 'resolved';
    };
    ProposalView: {
      id: string;
      /** @enum {string} */
      state: 'open' | 'confirmed' | 'dismissed' | 'auto-killed' | 'invalid';
      /** @description `alertmanager`, or a generic signal’s source */
      source: string;
      fingerprint: string;
      groupKey: string | null;
      alertname: string | null;
      summary: string;
      /** @enum {string} */
      severity: 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';
      labels: {
        [key: string]: string;
      };
      annotations: {
        [key: string]: string;
      };
      generatorUrl: string | null;
      /** @description null when the signal named no valid scope (state invalid) */
      scope: components['schemas']['ScopeDto'] | null;
      /** @description what is wrong with the signal’s scope (state invalid) */
      problems: string[];
      /** @description devices the scope matched when the proposal was made */
      affectedDevices: number | null;
      incidentId: string;
      /** @description how many times the alert arrived (repeats add to it) */
      count: number;
      /** Format: date-time */
      firstSeenAt: string;
      /** Format: date-time */
      lastSeenAt: string;
      /** Format: date-time */
      resolvedAt: string | null;
      killSwitchId: string | null;
      /** @description the auto-kill policy that killed it, or that matched but was over its device limit */
      policyId: string | null;
      /** @description why a matching policy did not kill it */
      policyNote: string | null;
      decidedById: string | null;
      /** Format: date-time */
      decidedAt: string | null;
      decisionReason: string | null;
      /** Format: date-time */
      createdAt: string;
    };
    ProposalPage: {
      items: components['schemas']['ProposalView'][];
      nextCursor: string | null;
    };
    ProposalDetail: {
      id: string;
      /** @enum {string} */
      state: 'open' | 'confirmed' | 'dismissed' | 'auto-killed' | 'invalid';
      /** @description `alertmanager`, or a generic signal’s source */
      source: string;
      fingerprint: string;
      groupKey: string | null;
      alertname: string | null;
      summary: string;
      /** @enum {string} */
      severity: 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';
      labels: {
        [key: string]: string;
      };
      annotations: {
        [key: string]: string;
      };
      generatorUrl: string | null;
      /** @description null when the signal named no valid scope (state invalid) */
      scope: components['schemas']['ScopeDto'] | null;
      /** @description what is wrong with the signal’s scope (state invalid) */
      problems: string[];
      /** @description devices the scope matched when the proposal was made */
      affectedDevices: number | null;
      incidentId: string;
      /** @description how many times the alert arrived (repeats add to it) */
      count: number;
      /** Format: date-time */
      firstSeenAt: string;
      /** Format: date-time */
      lastSeenAt: string;
      /** Format: date-time */
      resolvedAt: string | null;
      killSwitchId: string | null;
      /** @description the auto-kill policy that killed it, or that matched but was over its device limit */
      policyId: string | null;
      /** @description why a matching policy did not kill it */
      policyNote: string | null;
      decidedById: string | null;
      /** Format: date-time */
      decidedAt: string | null;
      decisionReason: string | null;
      /** Format: date-time */
      createdAt: string;
      /** @description the impact of the scope now; null for an invalid proposal */
      preview: components['schemas']['KillSwitchPreview'] | null;
    };
    ConfirmProposalDto: {
      /** @description added to the kill’s reason, after the alert it cites */
      reason?: string;
    };
    DismissProposalDto: {
      /** @example false alarm: the probe was misconfigured */
      reason: string;
    };
    AutoKillMatchDto: {
      /**
       * @description the alert’s alertname label; any alert if omitted
       * @example CameraFeedLeak
       */
      alertname?: string;
      /**
       * @description `alertmanager` or a generic signal’s source; any if omitted
       * @example alertmanager
       */
      source?: string;
      /** @example xiaomi */
      vendor: string;
    };
    CreateAutoKillPolicyDto: {
      /** @example camera leak kills xiaomi camera streaming */
      name: string;
      match: components['schemas']['AutoKillMatchDto'];
      /** @example xiaomi.camera-stream */
      integration: string;
      /**
       * @description the most devices its automatic kills in force (not lifted) may hold off in all, each device counted once: a proposal whose kill would take them past it stays a proposal for a responder
       * @example 500
       */
      maxAffectedDevices: number;
    };
    AutoKillPolicyView: {
      id: string;
      name: string;
      /**
       * @description pending until a second person approves it
       * @enum {string}
       */
      state: 'pending' | 'active' | 'disabled';
      match: components['schemas']['AutoKillMatchDto'];
      integration: string;
      /** @description the most devices its automatic kills in force may hold off in all */
      maxAffectedDevices: number;
      /**
       * @description on GET /v1/auto-kill-policies (from a read replica when there is one: may be a moment stale) and GET /v1/auto-kill-policies/:id (from the primary): the distinct devices its automatic kills in force (not lifted) match now, which count against maxAffectedDevices
       * @example 120
       */
      autoKilledDevices?: number;
      createdById: string;
      /** Format: date-time */
      createdAt: string;
      approvedById: string | null;
      /** Format: date-time */
      approvedAt: string | null;
      disabledById: string | null;
      /** Format: date-time */
      disabledAt: string | null;
      /** @description set while pending: whether you may approve it, by the checks the approve route makes (your roles, four eyes), which still refuses what it refuses */
      youMayDecide?: boolean;
      /** @description when youMayDecide is false: why, as the approve route would answer */
      whyNot?: components['schemas']['DecisionRefusal'];
    };
    AutoKillPolicyPage: {
      items: components['schemas']['AutoKillPolicyView'][];
      nextCursor: string | null;
    };
    AckDto: {
      /** @description the revision the device verified and applied */
      rev: number;
    };
    ReportInventoryDto: {
      /** @description the complete list of linked vendor products (at most 64), each naming an integration and a model of its vendor that the catalogue has (else 400 unknown_integration); an item listed twice is stored once */
      items: components['schemas']['InventoryItemDto'][];
    };
    ToldIntegration: {
      enabled: boolean;
      /** @description the kill's device message, as the device reads it */
      reason?: string;
      killSwitchIds?: string[];
      incidentId?: string;
      /** @enum {string} */
      failMode: 'open' | 'closed';
    };
    OpenDelivery: {
      revocationId: string;
      killSwitchId: string;
      /**
       * @description what the revocation carries
       * @enum {string}
       */
      kind: 'kill' | 'lift';
      rev: number;
      /** @enum {string} */
      state: 'queued' | 'sent' | 'failed';
      attempts: number;
      lastError: string | null;
      /** Format: date-time */
      queuedAt: string;
      /** Format: date-time */
      sentAt: string | null;
    };
    DeviceStatus: {
      device: components['schemas']['DeviceView'];
      /** @description the revision the device would be answered with now */
      rev: number;
      /** @description what the device is told now, per linked integration (the body of its next poll) */
      integrations: {
        [key: string]: components['schemas']['ToldIntegration'];
      };
      /** @description the highest revision the device acknowledged (0: none) */
      ackedRev: number;
      /** Format: date-time */
      lastSeenAt: string | null;
      /** @description deliveries queued, sent but not acknowledged, or failed; newest first */
      openDeliveries: components['schemas']['OpenDelivery'][];
    };
    AuditEntryView: {
      /**
       * @description position in the chain (a decimal string: it is a 64-bit integer)
       * @example 42
       */
      seq: string;
      /** Format: date-time */
      at: string;
      /** @enum {string} */
      actorType: 'user' | 'device' | 'system' | 'anonymous' | 'policy';
      actorId: string | null;
      /** @description an email, device:<id> or system:<component> */
      actor: string;
      action: string;
      /** @enum {string} */
      outcome: 'ok' | 'refused';
      targetType: string | null;
      targetId: string | null;
      /** @description state before the change (JSON) */
      before: Record<string, never> | null;
      /** @description state after the change (JSON) */
      after: Record<string, never> | null;
      reason: string | null;
      /** @description for an entry that folds refused attempts, the first one's */
      requestId: string | null;
      /**
       * @description attempts the entry stands for: 1, or for refused attempts folded per principal, action, target, reason and minute, how many there were
       * @example 1
       */
      count: number;
      /** @description hash of the entry before (64 zeros for the first) */
      prevHash: string;
      /** @description sha256(prevHash ‖ JCS(entry)), hex */
      hash: string;
    };
    AuditPage: {
      items: components['schemas']['AuditEntryView'][];
      nextCursor: string | null;
    };
    BrokenEntryView: {
      /** @description the first entry that does not verify (for deleted entries: the first missing seq) */
      seq: string;
      /** @enum {string} */
      reason: 'sequence-gap' | 'reordered' | 'prev-hash-mismatch' | 'hash-mismatch' | 'checkpoint-mismatch' | 'below-checkpoint';
      message: string;
    };
    VerifyResultView: {
      /** @description true when every entry from genesis to the head verified */
      ok: boolean;
      /** @description entries verified, before the first broken one if any */
      entries: number;
      /** @description seq of the last verified entry ("0": none) */
      headSeq: string;
      /** @description hash of the last verified entry (64 zeros: genesis) */
      headHash: string;
      firstBroken?: components['schemas']['BrokenEntryView'];
    };
    CheckpointView: {
      /** @example 7 */
      id: string;
      /**
       * @description the last entry the checkpoint covers (decimal string)
       * @example 42
       */
      seq: string;
      /** @description that entry’s hash: the chain head when it was signed */
      headHash: string;
      /** Format: date-time */
      at: string;
      /** @description the signing key; verify against /.well-known/jwks.json */
      kid: string;
      /** @description compact JWS (EdDSA, typ killswitch-audit-checkpoint+jwt) of { seq, headHash, at } */
      signature: string;
    };
    CheckpointPage: {
      items: components['schemas']['CheckpointView'][];
      nextCursor: string | null;
    };
    CreateWebhookDto: {
      /**
       * @description http(s); its host must not resolve to a link-local, metadata or (unless allowed) private address
       * @example https://hooks.example.com/killswitch
       */
      url: string;
      /**
       * @example [
       *       "kill.created",
       *       "lift.requested"
       *     ]
       */
      events: (
        | 'kill.created'
        | 'kill.lifted'
        | 'lift.requested'
        | 'lift.approved'
        | 'lift.rejected'
        | 'lift.stage_advanced'
        | 'lift.aborted'
        | 'revocation.milestone'
        | 'incident.opened'
        | 'incident.status_changed'
        | 'signal.received'
        | 'proposal.created'
        | 'audit.verify_failed'
        | 'signing_key.rotated'
        | 'webhook.disabled'
      )[];
      /**
       * @default cloudevents
       * @enum {string}
       */
      format: 'cloudevents' | 'slack' | 'pagerduty';
      /** @example the #incidents channel */
      description?: string;
    };
    WebhookCreated: {
      id: string;
      url: string;
      events: (
        | 'kill.created'
        | 'kill.lifted'
        | 'lift.requested'
        | 'lift.approved'
        | 'lift.rejected'
        | 'lift.stage_advanced'
        | 'lift.aborted'
        | 'revocation.milestone'
        | 'incident.opened'
        | 'incident.status_changed'
        | 'signal.received'
        | 'proposal.created'
        | 'audit.verify_failed'
        | 'signing_key.rotated'
        | 'webhook.disabled'
      )[];
      /** @enum {string} */
      format: 'cloudevents' | 'slack' | 'pagerduty';
      description: string | null;
      enabled: boolean;
      /** @description why the worker disabled it */
      disabledReason: string | null;
      /**
       * Format: date-time
       * @description since when every attempt has failed
       */
      failingSince: string | null;
      /**
       * Format: date-time
       * @description until when deliveries are also signed with the secret the last rotation replaced; null when only the current secret signs
       */
      previousSecretExpiresAt: string | null;
      createdById: string | null;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
      /**
       * @description the Standard Webhooks signing secret; shown only here
       * @example whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
       */
      secret: string;
    };
    WebhookView: {
      id: string;
      url: string;
      events: (
        | 'kill.created'
        | 'kill.lifted'
        | 'lift.requested'
        | 'lift.approved'
        | 'lift.rejected'
        | 'lift.stage_advanced'
        | 'lift.aborted'
        | 'revocation.milestone'
        | 'incident.opened'
        | 'incident.status_changed'
        | 'signal.received'
        | 'proposal.created'
        | 'audit.verify_failed'
        | 'signing_key.rotated'
        | 'webhook.disabled'
      )[];
      /** @enum {string} */
      format: 'cloudevents' | 'slack' | 'pagerduty';
      description: string | null;
      enabled: boolean;
      /** @description why the worker disabled it */
      disabledReason: string | null;
      /**
       * Format: date-time
       * @description since when every attempt has failed
       */
      failingSince: string | null;
      /**
       * Format: date-time
       * @description until when deliveries are also signed with the secret the last rotation replaced; null when only the current secret signs
       */
      previousSecretExpiresAt: string | null;
      createdById: string | null;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
    };
    WebhookPage: {
      items: components['schemas']['WebhookView'][];
      nextCursor: string | null;
    };
    UpdateWebhookDto: {
      url?: string;
      events?: (
        | 'kill.created'
        | 'kill.lifted'
        | 'lift.requested'
        | 'lift.approved'
        | 'lift.rejected'
        | 'lift.stage_advanced'
        | 'lift.aborted'
        | 'revocation.milestone'
        | 'incident.opened'
        | 'incident.status_changed'
        | 'signal.received'
        | 'proposal.created'
        | 'audit.verify_failed'
        | 'signing_key.rotated'
        | 'webhook.disabled'
      )[];
      /** @enum {string} */
      format?: 'cloudevents' | 'slack' | 'pagerduty';
      /** @description null clears it */
      description?: string | null;
      enabled?: boolean;
    };
    RotateWebhookSecretDto: {
      /**
       * @description how long deliveries are also signed with the old secret, so the receiver can switch over; 0 drops the old secret at once
       * @default 86400
       */
      graceSec: number;
    };
    WebhookSecretRotated: {
      id: string;
      url: string;
      events: (
        | 'kill.created'
        | 'kill.lifted'
        | 'lift.requested'
        | 'lift.approved'
        | 'lift.rejected'
        | 'lift.stage_advanced'
        | 'lift.aborted'
        | 'revocation.milestone'
        | 'incident.opened'
        | 'incident.status_changed'
        | 'signal.received'
        | 'proposal.created'
        | 'audit.verify_failed'
        | 'signing_key.rotated'
        | 'webhook.disabled'
      )[];
      /** @enum {string} */
      format: 'cloudevents' | 'slack' | 'pagerduty';
      description: string | null;
      enabled: boolean;
      /** @description why the worker disabled it */
      disabledReason: string | null;
      /**
       * Format: date-time
       * @description since when every attempt has failed
       */
      failingSince: string | null;
      /**
       * Format: date-time
       * @description until when deliveries are also signed with the secret the last rotation replaced; null when only the current secret signs
       */
      previousSecretExpiresAt: string | null;
      createdById: string | null;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
      /**
       * @description the new signing secret; shown only here
       * @example whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
       */
      secret: string;
    };
    WebhookAttemptView: {
      /** @description 1 for the first */
      attempt: number;
      /** Format: date-time */
      startedAt: string;
      durationMs: number;
      /** @description null when no answer came */
      statusCode: number | null;
      error: string | null;
      /**
       * Format: date-time
       * @description when it is tried again; null after a success or once given up
       */
      nextRetryAt: string | null;
    };
    WebhookDeliveryView: {
      id: string;
      /** @description the webhook-id header, the same on every attempt */
      webhookId: string;
      /** @example kill.created */
      eventType: string;
      /** @enum {string} */
      state: 'pending' | 'succeeded' | 'failed';
      attemptCount: number;
      lastStatusCode: number | null;
      lastError: string | null;
      /** Format: date-time */
      nextRetryAt: string | null;
      /** Format: date-time */
      deliveredAt: string | null;
      /**
       * Format: date-time
       * @description when a person asked for it to be sent again, until the worker acts on it; asks meanwhile join it
       */
      retryRequestedAt: string | null;
      /** Format: date-time */
      createdAt: string;
      /** @description every attempt, first first */
      attempts: components['schemas']['WebhookAttemptView'][];
    };
    WebhookDeliveryPage: {
      items: components['schemas']['WebhookDeliveryView'][];
      nextCursor: string | null;
    };
    DeliveryCountsView: {
      queued: number;
      sent: number;
      acknowledged: number;
      failed: number;
      expired: number;
      canceled: number;
    };
    RevocationViewDto: {
      id: string;
      killSwitchId: string;
      /** @enum {string} */
      kind: 'kill' | 'lift';
      rev: number;
      /** @description devices the revocation must reach */
      target: number;
      counts: components['schemas']['DeliveryCountsView'];
      /** @description acknowledged ÷ (target − canceled) */
      progress: number;
      milestones: number[];
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      fannedOutAt: string | null;
      /** Format: date-time */
      completedAt: string | null;
    };
    DeliveryView: {
      deviceId: string;
      rev: number;
      /** @enum {string} */
      state: 'queued' | 'sent' | 'acknowledged' | 'failed' | 'expired' | 'canceled';
      attempts: number;
      lastError: string | null;
      /** Format: date-time */
      queuedAt: string;
      /** Format: date-time */
      sentAt: string | null;
      /** Format: date-time */
      acknowledgedAt: string | null;
    };
    DeliveryPage: {
      items: components['schemas']['DeliveryView'][];
      nextCursor: string | null;
    };
    /** @description Every error the API answers, but under /ofrep/, where every error is in that protocol’s shape ({ key?, errorCode, errorDetails }). */
    ErrorBody: {
      /** @example 409 */
      statusCode: number;
      /**
       * @description the status text
       * @example Conflict
       */
      error: string;
      /** @description for people: what went wrong and what to fix */
      message: string;
      /** @description the correlation id, also in the x-request-id header and the logs */
      requestId: string;
      /**
       * @description For programs: a stable name of the error; a specific one where the API gives one, else the general one of its status.
       *
       *     - `invalid_input`: 400: the request is malformed or a field is invalid; the message and details say what to fix
       *     - `request_timeout`: 408: the request (its headers, or the whole of it) did not arrive in time: the connection is closed
       *     - `headers_too_large`: 431: the request line and headers are larger than the server accepts: send a shorter URL and smaller headers
       *     - `unauthenticated`: 401: no credential, or one that is invalid, expired or revoked
       *     - `forbidden`: 403: the credential is valid but may not do this (role, credential kind, four eyes)
       *     - `not_found`: 404: the resource or route does not exist
       *     - `conflict`: 409: the resource is not in a state that allows this
       *     - `payload_too_large`: 413: the request body is larger than the server accepts
       *     - `unsupported_media_type`: 415: the body is not JSON, or is content-encoded (compressed): send plain JSON
       *     - `rate_limited`: 429: too many attempts; wait as long as Retry-After says
       *     - `internal`: 500: the server failed; the request id finds it in the logs
       *     - `unavailable`: 503: a dependency (PostgreSQL, Redis) does not answer, or the server is shutting down
       *     - `already_exists`: 409: something with the same unique key (email, slug, key, externalId) already exists
       *     - `unknown_integration`: 400: the inventory names an integration, or a vendor model, that the catalogue does not have
       *     - `last_admin`: 409: the change would leave no active admin
       *     - `self_approval`: 403: the requester of a lift cannot approve, reject or review it, nor the author of an auto-kill policy approve it (four eyes)
       *     - `api_token_cannot_decide`: 403: an API token cannot approve, reject or review a lift, approve an auto-kill policy, nor change a queue from the queue dashboard; a person must sign in
       *     - `approver_newer_than_request`: 403: an account created after the lift was requested (the policy was written) cannot decide it
       *     - `break_glass_admin_only`: 403: only an admin may break glass
       *     - `break_glass_person_only`: 403: an API token cannot break glass: an admin must sign in as themselves
       *     - `lift_already_decided`: 409: the lift request was already approved, rejected, aborted or completed
       *     - `lift_not_under_way`: 409: only an approved lift under way can advance, and only a pending or approved one be aborted
       *     - `lift_review_not_pending`: 409: the lift is not a break-glass lift, or its review was already signed off
       *     - `kill_not_active`: 409: only an active kill switch can be lifted (it is lift-requested, lifting or lifted)
       *     - `api_token_already_revoked`: 409: the API token was already revoked
       *     - `device_decommissioned`: 409: the device is decommissioned: it has no credential to rotate
       *     - `incident_transition_not_allowed`: 409: the incident cannot move from its status to the one asked
       *     - `incident_closed`: 409: the incident is closed, which is final
       *     - `audit_chain_broken`: 409: the audit chain does not verify (or its head moved meanwhile); no checkpoint was signed
       *     - `audit_chain_truncated`: 409: the audit chain ends below the latest signed checkpoint; nothing was signed
       *     - `local_login_off`: 403: password sign-in is switched off (LOCAL_LOGIN=off) for everyone but the break-glass admin; use single sign-on
       *     - `sso_refused`: 401: the single sign-on callback or device poll was refused (unknown or reused state, wrong nonce, a code used twice, a device code unknown here or expired, a token from another issuer or audience, no mapped role, account disabled)
       *     - `slow_down`: 429: a single sign-on device code polled sooner than its interval (POST /v1/auth/oidc/device/token, as RFC 8628's slow_down): wait Retry-After seconds, and poll at least that far apart from then on
       *     - `password_change_required`: 403: change the one-time password first (POST /v1/auth/password)
       *     - `csrf_token_invalid`: 403: a write authenticated by the session cookie lacks the X-CSRF-Token its session was given
       *     - `same_email_as_requester`: 403: the approver's account has the same email as the requester's or the policy author's (a local account and a single sign-on account of one person): one person cannot be both (four eyes)
       *     - `approver_granted_by_requester`: 403: the approver was created, or given the role, by the requester of this lift or the author of this policy, directly or through people they appointed (four eyes)
       *     - `requester_appointed_by_approver`: 403: the requester of this lift or the author of this policy was created, or given the role, by the approver, directly or through people the approver appointed (four eyes)
       *     - `proposal_not_open`: 409: the proposal was already confirmed, dismissed or auto-killed, or is invalid: only an open proposal can be decided
       *     - `auto_kill_policy_not_pending`: 409: the auto-kill policy was already approved or is disabled
       *     - `auto_kill_policy_disabled`: 409: the auto-kill policy is already disabled
       *     - `signals_busy`: 503: this API instance already holds SIGNALS_QUEUE_MAX signal requests of this token waiting to be written: nothing was written; try again after Retry-After (Alertmanager retries a 5xx by itself)
       * @enum {string}
       */
      code:
        | 'invalid_input'
        | 'request_timeout'
        | 'headers_too_large'
        | 'unauthenticated'
        | 'forbidden'
        | 'not_found'
        | 'conflict'
        | 'payload_too_large'
        | 'unsupported_media_type'
        | 'rate_limited'
        | 'internal'
        | 'unavailable'
        | 'already_exists'
        | 'unknown_integration'
        | 'last_admin'
        | 'self_approval'
        | 'api_token_cannot_decide'
        | 'approver_newer_than_request'
        | 'break_glass_admin_only'
        | 'break_glass_person_only'
        | 'lift_already_decided'
        | 'lift_not_under_way'
        | 'lift_review_not_pending'
        | 'kill_not_active'
        | 'api_token_already_revoked'
        | 'device_decommissioned'
        | 'incident_transition_not_allowed'
        | 'incident_closed'
        | 'audit_chain_broken'
        | 'audit_chain_truncated'
        | 'local_login_off'
        | 'sso_refused'
        | 'slow_down'
        | 'password_change_required'
        | 'csrf_token_invalid'
        | 'same_email_as_requester'
        | 'approver_granted_by_requester'
        | 'requester_appointed_by_approver'
        | 'proposal_not_open'
        | 'auto_kill_policy_not_pending'
        | 'auto_kill_policy_disabled'
        | 'signals_busy';
      /** @description one line per invalid field, on a 400 */
      details?: string[];
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  AuthController_login: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['LoginDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LoginResult'];
        };
      };
      /** @description `invalid_input`: the request is malformed or a field is invalid; the message and details say what to fix */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: wrong email or password */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `payload_too_large`: request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unsupported_media_type`: send JSON with Content-Type: application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many failed sign-ins from this client address, or to this account: retry after the Retry-After seconds */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  AuthController_openSession: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['LoginDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['BrowserSessionResult'];
        };
      };
      /** @description `invalid_input`: the request is malformed or a field is invalid; the message and details say what to fix */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: wrong email or password */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `payload_too_large`: request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unsupported_media_type`: send JSON with Content-Type: application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many failed sign-ins from this client address, or to this account: retry after the Retry-After seconds */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  AuthController_logout: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description signed out; a cookie session also gets its cookie cleared */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder, approver, auditor
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       *
       *     `csrf_token_invalid`: send the X-CSRF-Token header with the token your session was given
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  AuthController_me: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MeView'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder, approver, auditor
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  AuthController_changePassword: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ChangePasswordDto'];
      };
    };
    responses: {
      /** @description changed; the one-time password requirement is lifted */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description `invalid_input`: the request is malformed or a field is invalid; the message and details say what to fix */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: currentPassword is wrong
       *
       *     `forbidden`: this needs one of the roles admin, responder, approver, auditor
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       *
       *     `csrf_token_invalid`: send the X-CSRF-Token header with the token your session was given
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `payload_too_large`: request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unsupported_media_type`: send JSON with Content-Type: application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `rate_limited`: too many failed sign-ins from this client address, or to this account: retry after the Retry-After seconds
       *
       *     `rate_limited`: too many refused attempts from this credential or address: retry in 30 s
       */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  OidcController_options: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SignInOptions'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  OidcController_login: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description to the provider */
      302: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  OidcController_callback: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description to /admin/ */
      302: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  OidcController_device: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DeviceStart'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  OidcController_deviceToken: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['DeviceTokenDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LoginResult'];
        };
      };
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DevicePending'];
        };
      };
      /** @description `invalid_input`: the request is malformed or a field is invalid; the message and details say what to fix */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `sso_refused`: single sign-on refused: unknown or expired device code (expired_token): start the sign-in again (killswitch login --sso) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `not_found`: single sign-on is not configured here (OIDC_ISSUER) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `payload_too_large`: request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unsupported_media_type`: send JSON with Content-Type: application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `slow_down`: slow_down: poll this device code again in 5 s, and no sooner than its interval
       *
       *     `rate_limited`: too many unknown device codes from this address: retry in 42 s
       */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  UsersController_list: {
    parameters: {
      query?: {
        /** @description items on a page */
        limit?: number;
        /** @description nextCursor of the previous page; without it, the first page */
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UserPage'];
        };
      };
      /** @description `invalid_input`: the request is malformed or a field is invalid; the message and details say what to fix */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, auditor
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  UsersController_create: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateUserDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UserView'];
        };
      };
      /** @description `invalid_input`: the request is malformed or a field is invalid; the message and details say what to fix */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       *
       *     `csrf_token_invalid`: send the X-CSRF-Token header with the token your session was given
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `already_exists`: something with the same unique key (email, slug, key, externalId) already exists */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `payload_too_large`: request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unsupported_media_type`: send JSON with Content-Type: application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  UsersController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UserView'];
        };
      };
      /** @description `invalid_input`: id must be a UUID */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, auditor
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `not_found`: user 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  UsersController_update: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateUserDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UserView'];
        };
      };
      /** @description `invalid_input`: id must be a UUID */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       *
       *     `csrf_token_invalid`: send the X-CSRF-Token header with the token your session was given
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `not_found`: user 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `last_admin`: the change would leave no active admin */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `payload_too_large`: request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unsupported_media_type`: send JSON with Content-Type: application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  ApiTokensController_list: {
    parameters: {
      query?: {
        /** @description items on a page */
        limit?: number;
        /** @description nextCursor of the previous page; without it, the first page */
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ApiTokenPage'];
        };
      };
      /** @description `invalid_input`: the request is malformed or a field is invalid; the message and details say what to fix */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder, approver, auditor
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  ApiTokensController_create: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateApiTokenDto'];
      };
    };
    responses: {
      /** @description the token is shown once */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CreatedApiToken'];
        };
      };
      /** @description `invalid_input`: the request is malformed or a field is invalid; the message and details say what to fix */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: an API token cannot mint API tokens: sign in as a person
       *
       *     `forbidden`: this needs one of the roles admin, responder, approver
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       *
       *     `csrf_token_invalid`: send the X-CSRF-Token header with the token your session was given
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `payload_too_large`: request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unsupported_media_type`: send JSON with Content-Type: application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  ApiTokensController_revoke: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description revoked: the token no longer authenticates */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description `invalid_input`: id must be a UUID */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder, approver
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       *
       *     `csrf_token_invalid`: send the X-CSRF-Token header with the token your session was given
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `not_found`: API token 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `api_token_already_revoked`: the API token was already revoked */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  PeopleController_list: {
    parameters: {
      query: {
        /** @description comma-separated user ids, at most 100 */
        ids: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PersonList'];
        };
      };
      /** @description `invalid_input`: the request is malformed or a field is invalid; the message and details say what to fix */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder, approver, auditor
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  DevicesController_list: {
    parameters: {
      query?: {
        /** @description items on a page */
        limit?: number;
        /** @description nextCursor of the previous page; without it, the first page */
        cursor?: string;
        /** @description only devices of this model */
        model?: string;
        /** @description only devices in this region */
        region?: string;
        /** @description only devices in this cohort */
        cohort?: string;
        /** @description text to find (a device id, or the start of an externalId, case-sensitive), matched literally; 1-128 characters without control characters */
        q?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DevicePage'];
        };
      };
      /** @description `invalid_input`: the request is malformed or a field is invalid; the message and details say what to fix */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder, approver, auditor
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  DevicesController_enroll: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['EnrollDeviceDto'];
      };
    };
    responses: {
      /** @description the credential is shown once */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EnrolledDevice'];
        };
      };
      /**
       * @description `unknown_integration`: the inventory names an integration, or a vendor model, that the catalogue does not have
       *
       *     `invalid_input`: the request is malformed or a field is invalid; the message and details say what to fix
       */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       *
       *     `csrf_token_invalid`: send the X-CSRF-Token header with the token your session was given
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `already_exists`: something with the same unique key (email, slug, key, externalId) already exists */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `payload_too_large`: request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unsupported_media_type`: send JSON with Content-Type: application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  DevicesController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DeviceView'];
        };
      };
      /** @description `invalid_input`: id must be a UUID */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder, approver, auditor
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `not_found`: device 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  DevicesController_decommission: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description decommissioned: its credential no longer authenticates */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description `invalid_input`: id must be a UUID */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       *
       *     `csrf_token_invalid`: send the X-CSRF-Token header with the token your session was given
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `not_found`: device 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `device_decommissioned`: the device is decommissioned: it has no credential to rotate */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  DevicesController_rotate: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RotatedCredential'];
        };
      };
      /** @description `invalid_input`: id must be a UUID */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       *
       *     `csrf_token_invalid`: send the X-CSRF-Token header with the token your session was given
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `not_found`: device 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `device_decommissioned`: the device is decommissioned: it has no credential to rotate */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  CatalogueController_listVendors: {
    parameters: {
      query?: {
        /** @description items on a page */
        limit?: number;
        /** @description nextCursor of the previous page; without it, the first page */
        cursor?: string;
        /** @description text to find (in a vendor's slug or name, or one of its integration keys, any case), matched literally; 1-128 characters without control characters */
        q?: string;
        /** @description true: only vendors with a kill switch in force (active, lift requested or lifting) */
        killed?: boolean;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['VendorPage'];
        };
      };
      /** @description `invalid_input`: the request is malformed or a field is invalid; the message and details say what to fix */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder, approver, auditor
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  CatalogueController_createVendor: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateVendorDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['VendorView'];
        };
      };
      /** @description `invalid_input`: the request is malformed or a field is invalid; the message and details say what to fix */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       *
       *     `csrf_token_invalid`: send the X-CSRF-Token header with the token your session was given
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `already_exists`: vendor xiaomi already exists */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `payload_too_large`: request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unsupported_media_type`: send JSON with Content-Type: application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  CatalogueController_createModel: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        slug: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateVendorModelDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['VendorModelView'];
        };
      };
      /** @description `invalid_input`: the request is malformed or a field is invalid; the message and details say what to fix */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       *
       *     `csrf_token_invalid`: send the X-CSRF-Token header with the token your session was given
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `not_found`: vendor xiaomi does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `already_exists`: vendor xiaomi already has a model mijia-cam-360 */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `payload_too_large`: request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unsupported_media_type`: send JSON with Content-Type: application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  CatalogueController_listIntegrations: {
    parameters: {
      query?: {
        /** @description items on a page */
        limit?: number;
        /** @description nextCursor of the previous page; without it, the first page */
        cursor?: string;
        /** @description text to find (in an integration key or name, any case), matched literally; 1-128 characters without control characters */
        q?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IntegrationPage'];
        };
      };
      /** @description `invalid_input`: the request is malformed or a field is invalid; the message and details say what to fix */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder, approver, auditor
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  CatalogueController_createIntegration: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateIntegrationDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IntegrationView'];
        };
      };
      /** @description `invalid_input`: the request is malformed or a field is invalid; the message and details say what to fix */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       *
       *     `csrf_token_invalid`: send the X-CSRF-Token header with the token your session was given
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `already_exists`: integration xiaomi.camera-stream already exists */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `payload_too_large`: request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unsupported_media_type`: send JSON with Content-Type: application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  CatalogueController_updateIntegration: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        key: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateIntegrationDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IntegrationView'];
        };
      };
      /** @description `invalid_input`: the request is malformed or a field is invalid; the message and details say what to fix */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       *
       *     `csrf_token_invalid`: send the X-CSRF-Token header with the token your session was given
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `not_found`: integration xiaomi.camera-stream does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `payload_too_large`: request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unsupported_media_type`: send JSON with Content-Type: application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  KillSwitchesController_list: {
    parameters: {
      query?: {
        /** @description items on a page */
        limit?: number;
        /** @description nextCursor of the previous page; without it, the first page */
        cursor?: string;
        /** @description only kill switches in this state */
        state?: 'active' | 'lift-requested' | 'lifting' | 'lifted';
        /** @description only kill switches scoped to this vendor (its slug) */
        vendor?: string;
        /** @description text to find (in the kill's vendor, integration or reason, any case), matched literally; 1-128 characters without control characters */
        q?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['KillSwitchPage'];
        };
      };
      /** @description `invalid_input`: the request is malformed or a field is invalid; the message and details say what to fix */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder, approver, auditor
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  KillSwitchesController_create: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateKillSwitchDto'];
      };
    };
    responses: {
      /** @description takes effect at once */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CreatedKillSwitch'];
        };
      };
      /** @description `invalid_input`: the request is malformed or a field is invalid; the message and details say what to fix */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       *
       *     `csrf_token_invalid`: send the X-CSRF-Token header with the token your session was given
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `payload_too_large`: request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unsupported_media_type`: send JSON with Content-Type: application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  KillSwitchesController_preview: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['PreviewKillSwitchDto'];
      };
    };
    responses: {
      /** @description the impact of a scope, without acting */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['KillSwitchPreview'];
        };
      };
      /** @description `invalid_input`: the request is malformed or a field is invalid; the message and details say what to fix */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder, approver, auditor
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       *
       *     `csrf_token_invalid`: send the X-CSRF-Token header with the token your session was given
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `payload_too_large`: request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unsupported_media_type`: send JSON with Content-Type: application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  KillSwitchesController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['KillSwitchView'];
        };
      };
      /** @description `invalid_input`: id must be a UUID */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder, approver, auditor
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `not_found`: kill switch 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  LiftRequestsController_create: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateLiftRequestDto'];
      };
    };
    responses: {
      /** @description pending until a second person approves; with breakGlass (admins), lifted at once */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LiftRequestView'];
        };
      };
      /** @description `invalid_input`: id must be a UUID */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `break_glass_admin_only`: only an admin may break glass
       *
       *     `break_glass_person_only`: an API token cannot break glass: an admin must sign in as themselves
       *
       *     `forbidden`: this needs one of the roles admin, responder
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       *
       *     `csrf_token_invalid`: send the X-CSRF-Token header with the token your session was given
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `not_found`: kill switch 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `kill_not_active`: only an active kill switch can be lifted (it is lift-requested, lifting or lifted) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `payload_too_large`: request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unsupported_media_type`: send JSON with Content-Type: application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  LiftRequestsController_list: {
    parameters: {
      query?: {
        /** @description items on a page */
        limit?: number;
        /** @description nextCursor of the previous page; without it, the first page */
        cursor?: string;
        /** @description only lift requests in this state */
        state?: 'pending' | 'approved' | 'rejected' | 'aborted' | 'completed';
        /** @description only the lift requests of this kill switch */
        killSwitchId?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description each request still open to a decision says whether you may make it (youMayDecide, whyNot) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LiftRequestPage'];
        };
      };
      /** @description `invalid_input`: the request is malformed or a field is invalid; the message and details say what to fix */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder, approver, auditor
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  LiftRequestsController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description while it is open to a decision, whether you may make it (youMayDecide, whyNot) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LiftRequestView'];
        };
      };
      /** @description `invalid_input`: id must be a UUID */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder, approver, auditor
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `not_found`: lift request 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  LiftRequestsController_approve: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ApproveLiftRequestDto'];
      };
    };
    responses: {
      /** @description the first stage takes effect at once; never by the requester, never through an API token */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LiftRequestView'];
        };
      };
      /** @description `invalid_input`: id must be a UUID */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `api_token_cannot_decide`: an API token cannot approve a lift request: sign in as a person
       *
       *     `self_approval`: you requested this lift: a second person must approve it (four eyes)
       *
       *     `same_email_as_requester`: your account has the same email as the requester of this lift: both are one person's accounts (a local one and a single sign-on one), so you cannot approve it: ask someone else (four eyes)
       *
       *     `approver_newer_than_request`: your account was created after this lift was requested, so it cannot approve it
       *
       *     `approver_granted_by_requester`: your account was created by the requester of this lift, so you cannot approve it: ask someone they did not appoint (four eyes)
       *
       *     `requester_appointed_by_approver`: the requester of this lift owes their account or role to you, directly or through people you appointed, so you cannot approve it: ask someone who did not appoint them (four eyes)
       *
       *     `forbidden`: this needs one of the roles admin, approver
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       *
       *     `csrf_token_invalid`: send the X-CSRF-Token header with the token your session was given
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `not_found`: lift request 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `lift_already_decided`: the lift request was already approved, rejected, aborted or completed */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `payload_too_large`: request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unsupported_media_type`: send JSON with Content-Type: application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  LiftRequestsController_reject: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RejectLiftRequestDto'];
      };
    };
    responses: {
      /** @description the kill returns to active */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LiftRequestView'];
        };
      };
      /** @description `invalid_input`: id must be a UUID */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `api_token_cannot_decide`: an API token cannot reject a lift request: sign in as a person
       *
       *     `self_approval`: you requested this lift: a second person must reject it (four eyes)
       *
       *     `same_email_as_requester`: your account has the same email as the requester of this lift: both are one person's accounts (a local one and a single sign-on one), so you cannot reject it: ask someone else (four eyes)
       *
       *     `approver_newer_than_request`: your account was created after this lift was requested, so it cannot reject it
       *
       *     `approver_granted_by_requester`: your account was created by the requester of this lift, so you cannot reject it: ask someone they did not appoint (four eyes)
       *
       *     `requester_appointed_by_approver`: the requester of this lift owes their account or role to you, directly or through people you appointed, so you cannot reject it: ask someone who did not appoint them (four eyes)
       *
       *     `forbidden`: this needs one of the roles admin, approver
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       *
       *     `csrf_token_invalid`: send the X-CSRF-Token header with the token your session was given
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `not_found`: lift request 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `lift_already_decided`: the lift request was already approved, rejected, aborted or completed */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `payload_too_large`: request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unsupported_media_type`: send JSON with Content-Type: application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  LiftRequestsController_review: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['LiftActionDto'];
      };
    };
    responses: {
      /** @description a second person signs a break-glass lift off */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LiftRequestView'];
        };
      };
      /** @description `invalid_input`: id must be a UUID */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `api_token_cannot_decide`: an API token cannot review a lift request: sign in as a person
       *
       *     `self_approval`: you requested this lift: a second person must review it (four eyes)
       *
       *     `same_email_as_requester`: your account has the same email as the requester of this lift: both are one person's accounts (a local one and a single sign-on one), so you cannot review it: ask someone else (four eyes)
       *
       *     `approver_newer_than_request`: your account was created after this lift was requested, so it cannot review it
       *
       *     `approver_granted_by_requester`: your account was created by the requester of this lift, so you cannot review it: ask someone they did not appoint (four eyes)
       *
       *     `requester_appointed_by_approver`: the requester of this lift owes their account or role to you, directly or through people you appointed, so you cannot review it: ask someone who did not appoint them (four eyes)
       *
       *     `forbidden`: this needs one of the roles admin, approver
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       *
       *     `csrf_token_invalid`: send the X-CSRF-Token header with the token your session was given
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `not_found`: lift request 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `lift_review_not_pending`: the lift is not a break-glass lift, or its review was already signed off */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `payload_too_large`: request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unsupported_media_type`: send JSON with Content-Type: application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  LiftRequestsController_advance: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description the next stage of an approved lift takes effect */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LiftRequestView'];
        };
      };
      /** @description `invalid_input`: id must be a UUID */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder, approver
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       *
       *     `csrf_token_invalid`: send the X-CSRF-Token header with the token your session was given
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `not_found`: lift request 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `lift_not_under_way`: only an approved lift under way can advance, and only a pending or approved one be aborted */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  LiftRequestsController_abort: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['LiftActionDto'];
      };
    };
    responses: {
      /** @description the kill is enforced for every device again */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LiftRequestView'];
        };
      };
      /** @description `invalid_input`: id must be a UUID */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder, approver
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       *
       *     `csrf_token_invalid`: send the X-CSRF-Token header with the token your session was given
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `not_found`: lift request 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `lift_not_under_way`: only an approved lift under way can advance, and only a pending or approved one be aborted */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `payload_too_large`: request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unsupported_media_type`: send JSON with Content-Type: application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  IncidentsController_list: {
    parameters: {
      query?: {
        /** @description items on a page */
        limit?: number;
        /** @description nextCursor of the previous page; without it, the first page */
        cursor?: string;
        /** @description only incidents in this status */
        status?: 'triage' | 'investigating' | 'mitigated' | 'resolved' | 'closed';
        /** @description only incidents of this severity */
        severity?: 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description newest first */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IncidentPage'];
        };
      };
      /** @description `invalid_input`: the request is malformed or a field is invalid; the message and details say what to fix */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder, approver, auditor
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  IncidentsController_create: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateIncidentDto'];
      };
    };
    responses: {
      /** @description opened in triage */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IncidentView'];
        };
      };
      /** @description `invalid_input`: the request is malformed or a field is invalid; the message and details say what to fix */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       *
       *     `csrf_token_invalid`: send the X-CSRF-Token header with the token your session was given
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `payload_too_large`: request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unsupported_media_type`: send JSON with Content-Type: application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  IncidentsController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description with its kill switches and key timings */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IncidentDetail'];
        };
      };
      /** @description `invalid_input`: id must be a UUID */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder, approver, auditor
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `not_found`: incident 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  IncidentsController_update: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateIncidentDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IncidentView'];
        };
      };
      /** @description `invalid_input`: id must be a UUID */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       *
       *     `csrf_token_invalid`: send the X-CSRF-Token header with the token your session was given
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `not_found`: incident 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `incident_transition_not_allowed`: the incident cannot move from its status to the one asked
       *
       *     `incident_closed`: the incident is closed, which is final
       */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `payload_too_large`: request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unsupported_media_type`: send JSON with Content-Type: application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  IncidentTimelineController_list: {
    parameters: {
      query?: {
        /** @description items on a page */
        limit?: number;
        /** @description nextCursor of the previous page; without it, the first page */
        cursor?: string;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description ordered by at, then id */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TimelinePage'];
        };
      };
      /** @description `invalid_input`: id must be a UUID */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder, approver, auditor
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `not_found`: incident 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  IncidentTimelineController_addNote: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateNoteDto'];
      };
    };
    responses: {
      /** @description a note, signed by the caller */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TimelineEntryView'];
        };
      };
      /** @description `invalid_input`: id must be a UUID */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder, approver
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       *
       *     `csrf_token_invalid`: send the X-CSRF-Token header with the token your session was given
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `not_found`: incident 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `payload_too_large`: request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unsupported_media_type`: send JSON with Content-Type: application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  IncidentExportController_export: {
    parameters: {
      query?: {
        format?: 'json' | 'md';
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description the postmortem: JSON (default) or, with format=md, Markdown; sent as an attachment */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Postmortem'];
          'text/markdown': components['schemas']['Postmortem'];
        };
      };
      /** @description `invalid_input`: id must be a UUID */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
          'text/markdown': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder, approver, auditor
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
          'text/markdown': components['schemas']['ErrorBody'];
        };
      };
      /** @description `not_found`: incident 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
          'text/markdown': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
          'text/markdown': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  SignalsController_alertmanager: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['AlertmanagerWebhookDto'];
      };
    };
    responses: {
      /** @description no new proposal: every alert repeated, resolved or named no scope */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SignalReceipt'];
        };
      };
      /** @description at least one firing alert became a new proposal (outcome `proposed`) */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SignalReceipt'];
        };
      };
      /** @description `invalid_input`: the request is malformed or a field is invalid; the message and details say what to fix */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles signals
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       *
       *     `csrf_token_invalid`: send the X-CSRF-Token header with the token your session was given
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `payload_too_large`: request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unsupported_media_type`: send JSON with Content-Type: application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `rate_limited`: too many signals from this token: at most 6000 a minute; retry in 42 s
       *
       *     `rate_limited`: too many refused attempts from this credential or address: retry in 30 s
       */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `signals_busy`: this API instance already holds SIGNALS_QUEUE_MAX signal requests of this token waiting to be written: nothing was written; try again after Retry-After (Alertmanager retries a 5xx by itself)
       *
       *     `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly
       */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  SignalsController_signal: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['SignalDto'];
      };
    };
    responses: {
      /** @description a repeat of an open proposal, a resolution, or a signal that names no scope */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SignalReceipt'];
        };
      };
      /** @description the signal became a new proposal (outcome `proposed`) */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SignalReceipt'];
        };
      };
      /** @description `invalid_input`: the request is malformed or a field is invalid; the message and details say what to fix */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles signals
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       *
       *     `csrf_token_invalid`: send the X-CSRF-Token header with the token your session was given
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `payload_too_large`: request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unsupported_media_type`: send JSON with Content-Type: application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `rate_limited`: too many signals from this token: at most 6000 a minute; retry in 42 s
       *
       *     `rate_limited`: too many refused attempts from this credential or address: retry in 30 s
       */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `signals_busy`: this API instance already holds SIGNALS_QUEUE_MAX signal requests of this token waiting to be written: nothing was written; try again after Retry-After (Alertmanager retries a 5xx by itself)
       *
       *     `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly
       */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  ProposalsController_list: {
    parameters: {
      query?: {
        /** @description items on a page */
        limit?: number;
        /** @description nextCursor of the previous page; without it, the first page */
        cursor?: string;
        /** @description only proposals in this state */
        state?: 'open' | 'confirmed' | 'dismissed' | 'auto-killed' | 'invalid';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description newest first */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProposalPage'];
        };
      };
      /** @description `invalid_input`: the request is malformed or a field is invalid; the message and details say what to fix */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder, approver, auditor
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  ProposalsController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description with the impact of its scope now */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProposalDetail'];
        };
      };
      /** @description `invalid_input`: id must be a UUID */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder, approver, auditor
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `not_found`: proposal 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  ProposalsController_confirm: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ConfirmProposalDto'];
      };
    };
    responses: {
      /** @description the kill, at once, on the proposal’s incident, its reason citing the alert */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProposalView'];
        };
      };
      /** @description `invalid_input`: id must be a UUID */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       *
       *     `csrf_token_invalid`: send the X-CSRF-Token header with the token your session was given
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `not_found`: proposal 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `proposal_not_open`: the proposal was already confirmed, dismissed or auto-killed, or is invalid: only an open proposal can be decided */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `payload_too_large`: request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unsupported_media_type`: send JSON with Content-Type: application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  ProposalsController_dismiss: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['DismissProposalDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProposalView'];
        };
      };
      /** @description `invalid_input`: id must be a UUID */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       *
       *     `csrf_token_invalid`: send the X-CSRF-Token header with the token your session was given
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `not_found`: proposal 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `proposal_not_open`: the proposal was already confirmed, dismissed or auto-killed, or is invalid: only an open proposal can be decided */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `payload_too_large`: request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unsupported_media_type`: send JSON with Content-Type: application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  AutoKillPoliciesController_list: {
    parameters: {
      query?: {
        /** @description items on a page */
        limit?: number;
        /** @description nextCursor of the previous page; without it, the first page */
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description each with autoKilledDevices (how much of maxAffectedDevices its kills in force use now) and, while pending, whether you may approve it (youMayDecide, whyNot) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AutoKillPolicyPage'];
        };
      };
      /** @description `invalid_input`: the request is malformed or a field is invalid; the message and details say what to fix */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder, approver, auditor
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  AutoKillPoliciesController_create: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateAutoKillPolicyDto'];
      };
    };
    responses: {
      /** @description pending: in force once another person approves it */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AutoKillPolicyView'];
        };
      };
      /** @description `invalid_input`: the request is malformed or a field is invalid; the message and details say what to fix */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       *
       *     `csrf_token_invalid`: send the X-CSRF-Token header with the token your session was given
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `already_exists`: something with the same unique key (email, slug, key, externalId) already exists */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `payload_too_large`: request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unsupported_media_type`: send JSON with Content-Type: application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  AutoKillPoliciesController_approve: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description never by its author, never through an API token (four eyes) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AutoKillPolicyView'];
        };
      };
      /** @description `invalid_input`: id must be a UUID */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `api_token_cannot_decide`: an API token cannot approve an auto-kill policy: sign in as a person
       *
       *     `self_approval`: you wrote this auto-kill policy: a second person must approve it (four eyes)
       *
       *     `same_email_as_requester`: your account has the same email as the author of this policy: both are one person's accounts (a local one and a single sign-on one), so you cannot approve it: ask someone else (four eyes)
       *
       *     `approver_newer_than_request`: your account was created after this policy was written, so it cannot approve it
       *
       *     `approver_granted_by_requester`: your account was created by the author of this policy, so you cannot approve it: ask someone they did not appoint (four eyes)
       *
       *     `requester_appointed_by_approver`: the author of this policy owes their account or role to you, directly or through people you appointed, so you cannot approve it: ask someone who did not appoint them (four eyes)
       *
       *     `forbidden`: this needs one of the roles admin
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       *
       *     `csrf_token_invalid`: send the X-CSRF-Token header with the token your session was given
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `not_found`: auto-kill policy 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `auto_kill_policy_not_pending`: the auto-kill policy was already approved or is disabled */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  AutoKillPoliciesController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description with autoKilledDevices (how much of maxAffectedDevices its kills in force use now) and, while pending, whether you may approve it (youMayDecide, whyNot) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AutoKillPolicyView'];
        };
      };
      /** @description `invalid_input`: id must be a UUID */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder, approver, auditor
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `not_found`: auto-kill policy 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  AutoKillPoliciesController_disable: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description disabled at once, by one person */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AutoKillPolicyView'];
        };
      };
      /** @description `invalid_input`: id must be a UUID */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       *
       *     `csrf_token_invalid`: send the X-CSRF-Token header with the token your session was given
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `not_found`: auto-kill policy 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `auto_kill_policy_disabled`: the auto-kill policy is already disabled */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  JwksController_jwks: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description JWK Set (RFC 7517) of the previous, current and next Ed25519 keys. Each key also carries `status` and, except the first key ever made, `endorsement`: a compact JWS of the key by the key that was current when it was made. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: snapshot signing keys are not loaded yet */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  DeviceController_ack: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['AckDto'];
      };
    };
    responses: {
      /** @description { rev, acknowledged }: deliveries closed by this ack (0 when repeated) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description `invalid_input`: the request is malformed or a field is invalid; the message and details say what to fix */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `forbidden`: this route takes a device credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `conflict`: rev is ahead of the current revision */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `payload_too_large`: request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unsupported_media_type`: send JSON with Content-Type: application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  DeviceController_reportInventory: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ReportInventoryDto'];
      };
    };
    responses: {
      /** @description stored; the next GET /v1/device/flags answers for it */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /**
       * @description `unknown_integration`: the inventory names an integration, or a vendor model, that the catalogue does not have
       *
       *     `invalid_input`: the request is malformed or a field is invalid; the message and details say what to fix
       */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `unauthenticated`: this device is decommissioned
       *
       *     `unauthenticated`: missing, invalid, expired or revoked credential
       */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `forbidden`: this route takes a device credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `payload_too_large`: request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unsupported_media_type`: send JSON with Content-Type: application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  OfrepController_bulk: {
    parameters: {
      query?: never;
      header?: {
        /** @description the ETag of the last bulk answer: 304 when it still matches (OFREP); `*` is a 412 */
        'If-None-Match'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          context: {
            /** @description the id of the device whose credential is used */
            targetingKey: string;
          } & {
            [key: string]: unknown;
          };
        };
      };
    };
    responses: {
      /** @description every integration the device has linked; Cache-Control: private, no-cache */
      200: {
        headers: {
          /** @description changes with the answer */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "flags": [
           *         {
           *           "key": "xiaomi.camera-stream",
           *           "value": false,
           *           "reason": "DISABLED",
           *           "variant": "disabled",
           *           "metadata": {
           *             "rev": 42,
           *             "failMode": "closed",
           *             "killSwitchIds": "3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c",
           *             "killReason": "temporarily unavailable"
           *           }
           *         }
           *       ]
           *     }
           */
          'application/json': {
            flags: {
              /** @description the integration key */
              key: string;
              /** @description whether the integration may run */
              value: boolean;
              /** @enum {string} */
              reason: 'DISABLED' | 'DEFAULT';
              /** @enum {string} */
              variant: 'enabled' | 'disabled';
              /** @description rev and failMode; for a killed integration also killSwitchIds, incidentId and killReason (the kill’s device message) */
              metadata: {
                [key: string]: string | number | boolean;
              };
            }[];
          };
        };
      };
      /** @description the answer is unchanged since If-None-Match */
      304: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description the body is not JSON (PARSE_ERROR: unreadable, nested too deep, a lone surrogate), lacks the context or its targetingKey (INVALID_CONTEXT, TARGETING_KEY_MISSING), or holds a NUL character (GENERAL); an unknown query parameter (GENERAL) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            errorCode: 'TARGETING_KEY_MISSING' | 'INVALID_CONTEXT' | 'PARSE_ERROR' | 'GENERAL';
            /** @description for people: what went wrong and what to fix */
            errorDetails: string;
          };
        };
      };
      /** @description no credential, or one that is invalid, revoked or of a decommissioned device */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            errorCode: 'GENERAL';
            /** @description for people: what went wrong and what to fix */
            errorDetails: string;
          };
        };
      };
      /** @description targetingKey is another device, or the credential is not a device’s */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            errorCode: 'GENERAL';
            /** @description for people: what went wrong and what to fix */
            errorDetails: string;
          };
        };
      };
      /** @description `If-None-Match: *`: an evaluation always exists, so the condition never holds for this POST (RFC 9110 §13.1.2) */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            errorCode: 'GENERAL';
            /** @description for people: what went wrong and what to fix */
            errorDetails: string;
          };
        };
      };
      /** @description the body is larger than the server accepts */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            errorCode: 'GENERAL';
            /** @description for people: what went wrong and what to fix */
            errorDetails: string;
          };
        };
      };
      /** @description the body is not JSON (text/plain or another type), or is content-encoded */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            errorCode: 'GENERAL';
            /** @description for people: what went wrong and what to fix */
            errorDetails: string;
          };
        };
      };
      /** @description too many refused attempts from this credential or address: wait as long as Retry-After says */
      429: {
        headers: {
          /** @description seconds to wait before the next attempt */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            errorCode: 'GENERAL';
            /** @description for people: what went wrong and what to fix */
            errorDetails: string;
          };
        };
      };
      /** @description the server failed; the x-request-id header finds it in the logs */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            errorCode: 'GENERAL';
            /** @description for people: what went wrong and what to fix */
            errorDetails: string;
          };
        };
      };
      /** @description a dependency does not answer: nothing was changed, retry after Retry-After */
      503: {
        headers: {
          /** @description seconds to wait before the next attempt */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            errorCode: 'GENERAL';
            /** @description for people: what went wrong and what to fix */
            errorDetails: string;
          };
        };
      };
    };
  };
  OfrepController_single: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        key: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          context: {
            /** @description the id of the device whose credential is used */
            targetingKey: string;
          } & {
            [key: string]: unknown;
          };
        };
      };
    };
    responses: {
      /** @description the flag: a killed integration is value false, reason DISABLED; Cache-Control: private, no-cache */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "key": "xiaomi.camera-stream",
           *       "value": false,
           *       "reason": "DISABLED",
           *       "variant": "disabled",
           *       "metadata": {
           *         "rev": 42,
           *         "failMode": "closed",
           *         "killSwitchIds": "3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c",
           *         "killReason": "temporarily unavailable"
           *       },
           *       "cacheable": false
           *     }
           */
          'application/json': {
            /** @description the integration key */
            key: string;
            /** @description whether the integration may run */
            value: boolean;
            /** @enum {string} */
            reason: 'DISABLED' | 'DEFAULT';
            /** @enum {string} */
            variant: 'enabled' | 'disabled';
            /** @description rev and failMode; for a killed integration also killSwitchIds, incidentId and killReason (the kill’s device message) */
            metadata: {
              [key: string]: string | number | boolean;
            };
            cacheable?: boolean;
          };
        };
      };
      /** @description the body is not JSON (PARSE_ERROR: unreadable, nested too deep, a lone surrogate), lacks the context or its targetingKey (INVALID_CONTEXT, TARGETING_KEY_MISSING), or holds a NUL character (GENERAL) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description the flag key of the path */
            key: string;
            /** @enum {string} */
            errorCode: 'TARGETING_KEY_MISSING' | 'INVALID_CONTEXT' | 'PARSE_ERROR' | 'GENERAL';
            /** @description for people: what went wrong and what to fix */
            errorDetails: string;
          };
        };
      };
      /** @description no credential, or one that is invalid, revoked or of a decommissioned device */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description the flag key of the path */
            key: string;
            /** @enum {string} */
            errorCode: 'GENERAL';
            /** @description for people: what went wrong and what to fix */
            errorDetails: string;
          };
        };
      };
      /** @description targetingKey is another device, or the credential is not a device’s */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description the flag key of the path */
            key: string;
            /** @enum {string} */
            errorCode: 'GENERAL';
            /** @description for people: what went wrong and what to fix */
            errorDetails: string;
          };
        };
      };
      /** @description no integration has this key */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description the flag key of the path */
            key: string;
            /** @enum {string} */
            errorCode: 'FLAG_NOT_FOUND';
            /** @description for people: what went wrong and what to fix */
            errorDetails: string;
          };
        };
      };
      /** @description `If-None-Match: *`: an evaluation always exists, so the condition never holds for this POST (RFC 9110 §13.1.2) */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description the flag key of the path */
            key: string;
            /** @enum {string} */
            errorCode: 'GENERAL';
            /** @description for people: what went wrong and what to fix */
            errorDetails: string;
          };
        };
      };
      /** @description the body is larger than the server accepts */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description the flag key of the path */
            key: string;
            /** @enum {string} */
            errorCode: 'GENERAL';
            /** @description for people: what went wrong and what to fix */
            errorDetails: string;
          };
        };
      };
      /** @description the body is not JSON (text/plain or another type), or is content-encoded */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description the flag key of the path */
            key: string;
            /** @enum {string} */
            errorCode: 'GENERAL';
            /** @description for people: what went wrong and what to fix */
            errorDetails: string;
          };
        };
      };
      /** @description too many refused attempts from this credential or address: wait as long as Retry-After says */
      429: {
        headers: {
          /** @description seconds to wait before the next attempt */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description the flag key of the path */
            key: string;
            /** @enum {string} */
            errorCode: 'GENERAL';
            /** @description for people: what went wrong and what to fix */
            errorDetails: string;
          };
        };
      };
      /** @description the server failed; the x-request-id header finds it in the logs */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description the flag key of the path */
            key: string;
            /** @enum {string} */
            errorCode: 'GENERAL';
            /** @description for people: what went wrong and what to fix */
            errorDetails: string;
          };
        };
      };
      /** @description a dependency does not answer: nothing was changed, retry after Retry-After */
      503: {
        headers: {
          /** @description seconds to wait before the next attempt */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description the flag key of the path */
            key: string;
            /** @enum {string} */
            errorCode: 'GENERAL';
            /** @description for people: what went wrong and what to fix */
            errorDetails: string;
          };
        };
      };
    };
  };
  DeviceStatusController_status: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DeviceStatus'];
        };
      };
      /** @description `invalid_input`: id must be a UUID */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder, approver, auditor
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `not_found`: the resource or route does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  AuditLogController_list: {
    parameters: {
      query?: {
        /** @description items on a page */
        limit?: number;
        /** @description nextCursor of the previous page; without it, the first page */
        cursor?: string;
        action?: string;
        /** @description the user or device that acted */
        actorId?: string;
        targetType?: string;
        /** @description e.g. a kill switch id, or a route such as `POST /v1/users` for refused attempts */
        targetId?: string;
        outcome?: 'ok' | 'refused';
        /** @description entries at or after this time (ISO 8601) */
        from?: string;
        /** @description entries before this time (ISO 8601, exclusive) */
        to?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description newest first */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AuditPage'];
        };
      };
      /** @description `invalid_input`: the request is malformed or a field is invalid; the message and details say what to fix */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder, approver, auditor
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  AuditLogController_verify: {
    parameters: {
      query?: {
        /** @description true: walk the whole chain from genesis now (admins and auditors; one such walk at a time, callers meanwhile share it). Without it, only the entries appended since the last walk are walked, after checking that the last verified entry still stores its hash; a full walk is made anyway when the last one is older than AUDIT_VERIFY_FULL_INTERVAL_SEC */
        full?: 'true' | 'false';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['VerifyResultView'];
        };
      };
      /** @description `invalid_input`: the request is malformed or a field is invalid; the message and details say what to fix */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: a full verification (full=true) is for admins and auditors
       *
       *     `forbidden`: this needs one of the roles admin, responder, approver, auditor
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  AuditCheckpointsController_list: {
    parameters: {
      query?: {
        /** @description items on a page */
        limit?: number;
        /** @description nextCursor of the previous page; without it, the first page */
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description newest first */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CheckpointPage'];
        };
      };
      /** @description `invalid_input`: the request is malformed or a field is invalid; the message and details say what to fix */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder, approver, auditor
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  AuditCheckpointsController_create: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description verifies the chain since the last checkpoint, signs its head, stores it and appends it to the export file; 409 if the chain does not verify */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CheckpointView'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       *
       *     `csrf_token_invalid`: send the X-CSRF-Token header with the token your session was given
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `audit_chain_broken`: the audit chain does not verify (or its head moved meanwhile); no checkpoint was signed
       *
       *     `audit_chain_truncated`: the audit chain ends below the latest signed checkpoint; nothing was signed
       */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the audit checkpoint could not be exported; nothing was recorded */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  WebhooksController_list: {
    parameters: {
      query?: {
        /** @description items on a page */
        limit?: number;
        /** @description nextCursor of the previous page; without it, the first page */
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description newest first */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookPage'];
        };
      };
      /** @description `invalid_input`: the request is malformed or a field is invalid; the message and details say what to fix */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  WebhooksController_create: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateWebhookDto'];
      };
    };
    responses: {
      /** @description the secret is shown only here */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookCreated'];
        };
      };
      /** @description `invalid_input`: the request is malformed or a field is invalid; the message and details say what to fix */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       *
       *     `csrf_token_invalid`: send the X-CSRF-Token header with the token your session was given
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `payload_too_large`: request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unsupported_media_type`: send JSON with Content-Type: application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  WebhooksController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookView'];
        };
      };
      /** @description `invalid_input`: id must be a UUID */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `not_found`: webhook 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  WebhooksController_remove: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description deleted with its deliveries */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description `invalid_input`: id must be a UUID */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       *
       *     `csrf_token_invalid`: send the X-CSRF-Token header with the token your session was given
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `not_found`: webhook 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  WebhooksController_update: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateWebhookDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookView'];
        };
      };
      /** @description `invalid_input`: id must be a UUID */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       *
       *     `csrf_token_invalid`: send the X-CSRF-Token header with the token your session was given
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `not_found`: webhook 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `payload_too_large`: request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unsupported_media_type`: send JSON with Content-Type: application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  WebhooksController_rotateSecret: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RotateWebhookSecretDto'];
      };
    };
    responses: {
      /** @description the new secret is shown only here; the old one also signs for graceSec */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookSecretRotated'];
        };
      };
      /** @description `invalid_input`: id must be a UUID */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       *
       *     `csrf_token_invalid`: send the X-CSRF-Token header with the token your session was given
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `not_found`: webhook 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `payload_too_large`: request body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unsupported_media_type`: send JSON with Content-Type: application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  WebhooksController_test: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description a webhook.test delivery, sent by the worker */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookDeliveryView'];
        };
      };
      /** @description `invalid_input`: id must be a UUID */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       *
       *     `csrf_token_invalid`: send the X-CSRF-Token header with the token your session was given
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `not_found`: webhook 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `conflict`: webhook 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c is disabled: enable it (PATCH enabled: true) before sending a test */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  WebhooksController_listDeliveries: {
    parameters: {
      query?: {
        /** @description items on a page */
        limit?: number;
        /** @description nextCursor of the previous page; without it, the first page */
        cursor?: string;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description newest first, each with every attempt */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookDeliveryPage'];
        };
      };
      /** @description `invalid_input`: id must be a UUID */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, auditor
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `not_found`: webhook 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  WebhooksController_retry: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        deliveryId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description sent again by the worker, same webhook-id: the delivery's next attempt now, in its one chain of retries (a delivered or given-up one starts again); asks made before the worker acts on one join it */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookDeliveryView'];
        };
      };
      /** @description `invalid_input`: id must be a UUID */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       *
       *     `csrf_token_invalid`: send the X-CSRF-Token header with the token your session was given
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `not_found`: delivery 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c of webhook 9b2e4d6f-1a3c-4e5b-8d7f-0c2a4e6b8d1f does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `conflict`: webhook 9b2e4d6f-1a3c-4e5b-8d7f-0c2a4e6b8d1f is disabled: enable it (PATCH enabled: true) before retrying */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  HealthController_live: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  HealthController_ready: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The Health Check is successful */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /**
             * @example ok
             * @enum {string}
             */
            status?: 'ok' | 'degraded';
            /**
             * @example {
             *       "database": {
             *         "status": "up",
             *         "responseTime": 12
             *       }
             *     }
             */
            info?: {
              [key: string]: {
                /** @enum {string} */
                status: 'up' | 'degraded' | 'down';
                /** @description Time the health indicator took to respond, in ms */
                responseTime?: number;
              } & {
                [key: string]: unknown;
              };
            } | null;
            /** @example {} */
            error?: {
              [key: string]: {
                /** @enum {string} */
                status: 'up' | 'degraded' | 'down';
                /** @description Time the health indicator took to respond, in ms */
                responseTime?: number;
              } & {
                [key: string]: unknown;
              };
            } | null;
            /**
             * @example {
             *       "database": {
             *         "status": "up",
             *         "responseTime": 12
             *       }
             *     }
             */
            details?: {
              [key: string]: {
                /** @enum {string} */
                status: 'up' | 'degraded' | 'down';
                /** @description Time the health indicator took to respond, in ms */
                responseTime?: number;
              } & {
                [key: string]: unknown;
              };
            };
          };
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description The Health Check is not successful
       *
       *     `unavailable`: internal error
       */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  MetricsController_metrics: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description text/plain; version=0.0.4 */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example # HELP killswitch_http_errors_total HTTP responses with status >= 500
           *     # TYPE killswitch_http_errors_total counter
           *     killswitch_http_errors_total{route="/v1/kill-switches"} 0
           */
          'text/plain': string;
        };
      };
      /** @description `unauthenticated`: this /metrics needs METRICS_TOKEN: send Authorization: Bearer <METRICS_TOKEN> */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  RevocationsController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RevocationViewDto'];
        };
      };
      /** @description `invalid_input`: id must be a UUID */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder, approver, auditor
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `not_found`: revocation 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  RevocationsController_deliveries: {
    parameters: {
      query?: {
        /** @description items on a page */
        limit?: number;
        /** @description nextCursor of the previous page; without it, the first page */
        cursor?: string;
        /** @description only deliveries in this state */
        state?: 'queued' | 'sent' | 'acknowledged' | 'failed' | 'expired' | 'canceled';
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DeliveryPage'];
        };
      };
      /** @description `invalid_input`: id must be a UUID */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder, approver, auditor
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `not_found`: revocation 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  RevocationsController_exportDeliveries: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description deviceId, externalId, state, rev, attempts, queuedAt, sentAt, acknowledgedAt, lastError; one line a device */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/csv': string;
        };
      };
      /** @description `invalid_input`: id must be a UUID */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder, approver, auditor
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `not_found`: the resource or route does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  RevocationsController_events: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description text/event-stream; Cache-Control: private, no-cache */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example event: progress
           *     data: {"id":"3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c","kind":"kill","rev":42,"target":1000,"progress":0.975}
           */
          'text/event-stream': string;
        };
      };
      /** @description `invalid_input`: id must be a UUID */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: missing, invalid, expired or revoked credential */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `forbidden`: this needs one of the roles admin, responder, approver, auditor
       *
       *     `password_change_required`: change the one-time password first (POST /v1/auth/password)
       */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `not_found`: revocation 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description `rate_limited`: too many progress streams open with this account: close one (each browser tab holds one)
       *
       *     `rate_limited`: too many refused attempts from this credential or address: retry in 30 s
       */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  DeviceFlags_poll: {
    parameters: {
      query?: never;
      header?: {
        'If-None-Match'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Cache-Control: private, no-cache */
      200: {
        headers: {
          /** @description changes with the answer, the signing key and the freshness bucket */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description the revision this answer was evaluated at */
            rev: number;
            integrations: {
              [key: string]: {
                enabled: boolean;
                /** @description the kill's public deviceMessage, or a neutral default; never the responder's internal reason */
                reason?: string;
                killSwitchIds?: string[];
                incidentId?: string;
                /** @enum {string} */
                failMode: 'closed' | 'open';
              };
            };
            /** @description compact JWS (EdDSA, kid) of { iss, sub, rev, iat, exp, integrations }; verify with /.well-known/jwks.json */
            snapshot: string;
          };
        };
      };
      /** @description the snapshot the device holds is still the answer, and still fresh */
      304: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description `unauthenticated`: the credential is missing, invalid, expired or revoked, or the device is decommissioned */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `forbidden`: this route takes a device credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  DeviceFlags_events: {
    parameters: {
      query?: never;
      header?: {
        'Last-Event-ID'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description text/event-stream */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/event-stream': string;
        };
      };
      /** @description `invalid_input`: Last-Event-ID must be a revision number */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unauthenticated`: the credential is missing, invalid, expired or revoked, or the device is decommissioned */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `forbidden`: this route takes a device credential */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  OfrepEvents_stream: {
    parameters: {
      query: {
        token: string;
        flagConfigEtag?: string;
        /** @description unix seconds or an ISO 8601 date-time */
        flagConfigLastModified?: string;
      };
      header?: {
        'Last-Event-ID'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description text/event-stream */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/event-stream': string;
        };
      };
      /**
       * @description an unknown query parameter, a malformed flagConfigEtag, Last-Event-ID or flagConfigLastModified
       *
       *     `invalid_input`: the request is malformed or a field is invalid; the message and details say what to fix
       */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /**
       * @description missing, malformed, expired or forged token, or one whose credential was rotated or whose device was decommissioned
       *
       *     `unauthenticated`: no credential, or one that is invalid, expired or revoked
       */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `rate_limited`: too many refused attempts from this credential or address: retry in 30 s */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `internal`: internal error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description `unavailable`: the database is busy or unreachable: nothing was changed, try again shortly */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
}

// A real OpenID Connect provider for the tests (the `oidc-provider` package, in its own process: it is ESM-only),
// on a loopback port, with its built-in login and consent pages (any password is accepted for a known login).
//
//   OIDC_TEST_PORT        port to listen on (127.0.0.1)
//   OIDC_TEST_ACCOUNTS    JSON file: { "<login>": { "email": "...", "groups": ["..."], "emailVerified"?: false | null } },
//                         read at every sign-in, so a test changes an account's groups by rewriting it; email_verified
//                         is true unless emailVerified says false, or null (the claim left out)
//   OIDC_TEST_CLIENTS     JSON: oidc-provider client metadata (client_id, client_secret, redirect_uris, grant_types)
//   OIDC_TEST_DEVICE_INTERVAL  optional: the polling interval (seconds) the device authorization answers carry;
//                         oidc-provider sends none, which means 5 s (RFC 8628), too slow for most tests
//
// Prints "oidc-provider listening on <issuer>" once ready. For the tests, two routes of its own:
//   GET  /test/token-requests  { count }: the requests its token endpoint has had, counted as they arrive
//   POST /test/slow-down       its token endpoint answers the next request 400 { error: "slow_down" } (RFC 8628),
//                              as a provider that finds the polls too close does (oidc-provider never does)
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_TEST_PORT);
const issuer = `http://127.0.0.1:${port}`;
const accounts = () => JSON.parse(readFileSync(process.env.OIDC_TEST_ACCOUNTS, 'utf8'));

const provider = new Provider(issuer, {
  clients: JSON.parse(process.env.OIDC_TEST_CLIENTS),
  claims: { openid: ['sub'], email: ['email', 'email_verified'], groups: ['groups'], profile: ['name'] },
  scopes: ['openid', 'email', 'groups', 'profile'],
  features: { devInteractions: { enabled: true }, deviceFlow: { enabled: true } },
  pkce: { required: () => true },
  cookies: { keys: ['killswitch-test-only'] },
  async findAccount(_ctx, id) {
    const account = accounts()[id];
    if (!account) return undefined;
    const verified =
      account.emailVerified === undefined ? { email_verified: true } : account.emailVerified === null ? {} : { email_verified: account.emailVerified };
    return { accountId: id, claims: async () => ({ sub: id, email: account.email, ...verified, groups: account.groups, name: id }) };
  },
  // The tests' consent: every scope the client asks for is granted (no consent page for a first-party client).
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email groups profile');
    await grant.save();
    return grant;
  },
});
provider.proxy = false;
let tokenRequests = 0;
let slowDownNext = false;
provider.use(async (ctx, next) => {
  if (ctx.method === 'GET' && ctx.path === '/test/token-requests') {
    ctx.body = { count: tokenRequests };
    return;
  }
  if (ctx.method === 'POST' && ctx.path === '/test/slow-down') {
    slowDownNext = true;
    ctx.status = 204;
    return;
  }
  if (ctx.method === 'POST' && ctx.path === '/token') {
    tokenRequests += 1;
    if (slowDownNext) {
      slowDownNext = false;
      ctx.status = 400;
      ctx.body = { error: 'slow_down', error_description: 'polling too often' };
      return;
    }
  }
  await next();
  const interval = process.env.OIDC_TEST_DEVICE_INTERVAL;
  if (interval && ctx.path === '/device/auth' && ctx.status === 200 && ctx.body) ctx.body = { ...ctx.body, interval: Number(interval) };
});
provider.on('server_error', (_ctx, error) => console.error('oidc-provider server_error', error));

provider.listen(port, '127.0.0.1', () => console.log(`oidc-provider listening on ${issuer}`));

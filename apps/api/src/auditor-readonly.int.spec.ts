// The auditor role is read-only: every route the API registers that could
// change something (POST, PUT, PATCH, DELETE) answers an auditor 403 and
// changes nothing but the audit log, which records each refused attempt.
// Routes are read from Fastify's own route table, so a route added later is
// covered without touching this file. On a scratch database: the check that
// nothing changed must not see other suites' writes.
import type { FastifyInstance } from 'fastify';
import { Client } from 'pg';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { tableFingerprint } from '../../../test/support/db-fingerprint';
import { fastifyRoutes, nestRoutes } from '../../../test/support/nest-routes';
import { foldRefusals } from '../../../test/support/refusals';
import { createScratchDatabase } from '../../../test/support/scratch-db';

const MUTATING = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;
/** Where refused attempts are recorded: the only tables an auditor's refused writes change. */
const REFUSAL_RECORD = ['audit_log', 'refused_attempts'];

/**
 * Mutating routes an auditor may call, each with why that is no write an
 * auditor should be kept from. Keep this short: anything else must be a 403.
 */
const AUDITOR_MAY_CALL: Record<string, { why: string; call: boolean }> = {
  'POST /v1/auth/login': { why: 'signing in (public) creates the caller’s own session', call: false },
  'POST /v1/auth/session': { why: 'signing in the browser (public) creates the caller’s own session', call: false },
  'POST /v1/auth/oidc/device': { why: 'starting single sign-on (public) for the CLI writes nothing here', call: false },
  'POST /v1/auth/oidc/device/token': { why: 'finishing single sign-on (public) creates the caller’s own session', call: false },
  'POST /v1/auth/logout': { why: 'ends the caller’s own session', call: false },
  'POST /v1/auth/password': { why: 'changes the caller’s own password', call: false },
  'POST /v1/kill-switches/preview': { why: 'computes the impact of a scope and writes nothing', call: true },
};

/** Any path parameter: the refusal must come before the parameter is looked at. */
const PARAM = '00000000-0000-4000-8000-000000000000';

/** The mutating routes Nest's controllers declare, to prove the table above missed none. */
function nestMutatingRoutes(api: TestApi): string[] {
  return nestRoutes(api)
    .filter((route) => (MUTATING as readonly string[]).includes(route.method))
    .map((route) => `${route.method} ${route.url}`);
}

describe('auditor role (integration)', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let api: TestApi;
  let db: Client;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    // Every mutating route is tried once: more refusals than REFUSAL_LIMIT allows a credential in a minute.
    api = await startTestApi({ DATABASE_URL: scratch.url, REFUSAL_LIMIT: '100000' });
    db = new Client({ connectionString: scratch.url });
    await db.connect();
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await db?.end();
    await scratch?.drop();
  });

  it('gets 403 from every mutating route and changes nothing but the audit log of its refused attempts', async () => {
    const fastify: FastifyInstance = api.app.getHttpAdapter().getInstance();
    const table = fastifyRoutes(fastify);
    const writes = table.filter((r) => (MUTATING as readonly string[]).includes(r.method));
    const mutating = [...new Set(writes.map((r) => `${r.method} ${r.url}`))].sort();

    // The table is read right: every entry is a route Fastify knows, and every Nest route is in it.
    for (const route of writes) expect({ route, known: fastify.hasRoute({ method: route.method as 'POST', url: route.url }) }).toEqual({ route, known: true });
    expect(mutating).toEqual(expect.arrayContaining(nestMutatingRoutes(api)));
    expect(mutating).toEqual(expect.arrayContaining(['POST /v1/kill-switches', 'PUT /v1/device/inventory', 'PATCH /v1/users/:id', 'DELETE /v1/devices/:id']));
    // The exceptions still name real routes.
    expect(mutating).toEqual(expect.arrayContaining(Object.keys(AUDITOR_MAY_CALL)));

    const auditor = await api.userWith('auditor');
    const beforeTables = await tableFingerprint(db, REFUSAL_RECORD);
    const beforeHead = (await db.query<{ max: string }>('SELECT max(seq) FROM audit_log')).rows[0].max;

    const roleRefused: string[] = [];
    const answers: { route: string; status: number; message: string }[] = [];
    for (const route of mutating) {
      const allowed = AUDITOR_MAY_CALL[route];
      if (allowed && !allowed.call) continue;
      const [method, pattern] = route.split(' ');
      const url = pattern.replace(/:[A-Za-z0-9_]+/g, PARAM).replace(/\*$/, 'x');
      const response = await api.request(method, url, { token: auditor.token, ...(method === 'DELETE' ? {} : { body: {} }) });
      answers.push({ route, status: response.status, message: response.body?.message });
      // The queue dashboard (a Fastify plugin, not a Nest route) audits its role refusals as the guard does, in its own words.
      if (!allowed && /^this needs one of the roles |^the queue dashboard is for admins$/.test(response.body?.message ?? '')) roleRefused.push(route);
    }
    expect(answers.filter((a) => !AUDITOR_MAY_CALL[a.route] && a.status !== 403)).toEqual([]);
    expect(answers.filter((a) => AUDITOR_MAY_CALL[a.route]).every((a) => a.status !== 403)).toBe(true);

    expect(await tableFingerprint(db, REFUSAL_RECORD)).toEqual(beforeTables);
    // Refused attempts are counted first and folded into the chain by the worker; fold them now.
    await foldRefusals(api);
    const { rows: added } = await db.query<{ action: string; outcome: string; actorId: string; targetType: string; targetId: string }>(
      'SELECT action, outcome, "actorId", "targetType", "targetId" FROM audit_log WHERE seq > $1 ORDER BY seq',
      [beforeHead],
    );
    expect(roleRefused.length).toBeGreaterThan(10);
    expect(added.map((e) => e.targetId).sort()).toEqual([...roleRefused].sort());
    for (const entry of added)
      expect(entry).toEqual({ action: 'access.refused', outcome: 'refused', actorId: auditor.id, targetType: 'route', targetId: entry.targetId });

    // And the log those refusals went into still verifies.
    expect((await api.request('GET', '/v1/audit/verify', { token: auditor.token })).body).toMatchObject({ ok: true });
  });
});

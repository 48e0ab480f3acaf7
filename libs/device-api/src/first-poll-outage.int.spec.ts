import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { cuttablePostgres } from '../../../test/support/cuttable-postgres';
import { eventually } from '../../../test/support/eventually';
import { enroll } from '../../../test/support/fleet';
import { POLL_PATH } from './poll.route';

/**
 * A device's first poll reads its credential and record from the database (through the pool directly, not
 * Prisma): with the database unreachable it must answer 503, "try again", never a 500, and be answered once
 * the database is back.
 */
describe('a first poll with the database unreachable (integration)', () => {
  let proxy: Awaited<ReturnType<typeof cuttablePostgres>>;
  let api: TestApi;

  beforeAll(async () => {
    proxy = await cuttablePostgres(new URL(process.env.DATABASE_URL!));
    api = await startTestApi({ DATABASE_URL: proxy.url });
  });
  afterAll(async () => {
    await api?.close();
    await proxy?.close();
  });

  it('answers 503 unavailable while the database is cut, and 200 once it is back', async () => {
    const device = await enroll(api, { model: 'hub', firmware: '1.0', inventory: [] });
    await proxy.cut();
    let refused;
    try {
      refused = await api.request('GET', POLL_PATH, { token: device.credential });
    } finally {
      await proxy.restore();
    }
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 503, code: 'unavailable' });
    await eventually(async () => (await api.request('GET', POLL_PATH, { token: device.credential })).status === 200);
  });

  it('answers the same over HTTP, where a first poll is taken on the request event and its error handed to the route', async () => {
    const baseUrl = await api.listen();
    const device = await enroll(api, { model: 'hub', firmware: '1.0', inventory: [] });
    const poll = () => fetch(`${baseUrl}${POLL_PATH}`, { headers: { authorization: `Bearer ${device.credential}` } });
    await proxy.cut();
    let refused;
    try {
      refused = await poll();
    } finally {
      await proxy.restore();
    }
    expect({ status: refused.status, code: ((await refused.json()) as { code: string }).code }).toEqual({ status: 503, code: 'unavailable' });
    expect(refused.headers.get('cache-control')).toBe('no-store');
    await eventually(async () => (await poll()).status === 200);
  });
});

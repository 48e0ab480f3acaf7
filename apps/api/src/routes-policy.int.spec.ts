import { DiscoveryService, Reflector } from '@nestjs/core';
import { routePolicies } from '@killswitch/identity';
import { TestApi, startTestApi } from '../../../test/support/api-harness';

/** Walks every controller route of the real API and checks it declares who may call it. */
describe('route access policies', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('every route declares an access policy (public, device or roles)', () => {
    const routes = routePolicies(api.app.get(DiscoveryService), api.app.get(Reflector));
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.filter((r) => !r.declared).map((r) => r.route)).toEqual([]);
  });
});

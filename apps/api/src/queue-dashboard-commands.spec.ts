import { appRoutes } from '@bull-board/api/dist/routes.js';
import { DASHBOARD_COMMAND_ROUTES, dashboardCommand } from './queue-dashboard-commands';

describe('queue dashboard commands', () => {
  it("name every write route of @bull-board's API, and nothing else (a new one would be refused until it is named)", () => {
    const writes = appRoutes.api.flatMap((route) =>
      [route.method]
        .flat()
        .filter((method) => method !== 'get')
        .flatMap((method) => [route.route].flat().map((path) => `${method.toUpperCase()} ${path}`)),
    );
    expect([...DASHBOARD_COMMAND_ROUTES].sort()).toEqual([...writes].sort());
  });

  it('give the action, the target and what the write was given', () => {
    expect(dashboardCommand('PUT', '/api/queues/:queueName/pause', { queueName: 'revocations' }, undefined)).toEqual({
      action: 'queue.pause',
      target: { type: 'queue', id: 'revocations' },
      after: null,
    });
    expect(dashboardCommand('PUT', '/api/queues/:queueName/clean/:queueStatus', { queueName: 'revocations', queueStatus: 'failed' }, {})).toEqual({
      action: 'queue.clean',
      target: { type: 'queue', id: 'revocations' },
      after: { queueStatus: 'failed' },
    });
    expect(dashboardCommand('PATCH', '/api/queues/:queueName/:jobId/update-data', { queueName: 'revocations', jobId: '42' }, { jobData: { x: 1 } })).toEqual({
      action: 'job.update-data',
      target: { type: 'job', id: 'revocations/42' },
      after: { body: { jobData: { x: 1 } } },
    });
    expect(dashboardCommand('PUT', '/api/queues/pause', {}, undefined)).toMatchObject({ action: 'queue.pause', target: { type: 'queue', id: '*' } });
  });

  it('know no command for a route they do not list', () => {
    expect(dashboardCommand('DELETE', '/api/queues/:queueName', { queueName: 'revocations' }, undefined)).toBeUndefined();
    expect(dashboardCommand('GET', '/api/queues/:queueName/pause', { queueName: 'revocations' }, undefined)).toBeUndefined();
  });
});

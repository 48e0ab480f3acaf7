/**
 * What each write of the queue dashboard does, as the audit log names it.
 * @bull-board's API routes are matched by their pattern (`PUT
 * /api/queues/:queueName/pause`); a write whose route is not listed here is
 * refused rather than carried out unaudited (a newer @bull-board may add some).
 */
import type { AuditAction } from '@killswitch/audit';

export interface DashboardCommand {
  action: AuditAction;
  target: { type: 'queue' | 'job' | 'job-scheduler'; id: string };
  /** What the command was given besides its target: the route's other parameters and the request body. */
  after: Record<string, unknown> | null;
}

type Params = Record<string, string | undefined>;
type TargetOf = (params: Params) => DashboardCommand['target'];

const queue: TargetOf = (p) => ({ type: 'queue', id: p.queueName ?? '' });
/** The pause and resume of every queue the board shows. */
const allQueues: TargetOf = () => ({ type: 'queue', id: '*' });
const job: TargetOf = (p) => ({ type: 'job', id: `${p.queueName ?? ''}/${p.jobId ?? ''}` });
const scheduler: TargetOf = (p) => ({ type: 'job-scheduler', id: `${p.queueName ?? ''}/${p.schedulerId ?? ''}` });

/** `<METHOD> <route under the dashboard's path>` → the action and its target. */
const COMMANDS: Record<string, { action: AuditAction; target: TargetOf }> = {
  'PUT /api/queues/pause': { action: 'queue.pause', target: allQueues },
  'PUT /api/queues/resume': { action: 'queue.resume', target: allQueues },
  'POST /api/queues/:queueName/add': { action: 'job.add', target: queue },
  'PUT /api/queues/:queueName/retry/:queueStatus': { action: 'queue.retry', target: queue },
  'PUT /api/queues/:queueName/promote': { action: 'queue.promote', target: queue },
  'PUT /api/queues/:queueName/clean/:queueStatus': { action: 'queue.clean', target: queue },
  'PUT /api/queues/:queueName/pause': { action: 'queue.pause', target: queue },
  'PUT /api/queues/:queueName/resume': { action: 'queue.resume', target: queue },
  'PUT /api/queues/:queueName/concurrency': { action: 'queue.concurrency', target: queue },
  'PUT /api/queues/:queueName/rate-limit': { action: 'queue.rate-limit', target: queue },
  'PUT /api/queues/:queueName/rate-limit/release': { action: 'queue.rate-limit-release', target: queue },
  'PUT /api/queues/:queueName/empty': { action: 'queue.empty', target: queue },
  'PUT /api/queues/:queueName/obliterate': { action: 'queue.obliterate', target: queue },
  'PUT /api/queues/:queueName/job-schedulers/:schedulerId/remove': { action: 'job-scheduler.remove', target: scheduler },
  'PATCH /api/queues/:queueName/job-schedulers/:schedulerId': { action: 'job-scheduler.update', target: scheduler },
  'PUT /api/queues/:queueName/job-schedulers/:schedulerId/run': { action: 'job-scheduler.run', target: scheduler },
  'PUT /api/queues/:queueName/:jobId/retry': { action: 'job.retry', target: job },
  'PUT /api/queues/:queueName/:jobId/clean': { action: 'job.remove', target: job },
  'PUT /api/queues/:queueName/:jobId/promote': { action: 'job.promote', target: job },
  'PATCH /api/queues/:queueName/:jobId/update-data': { action: 'job.update-data', target: job },
  'PATCH /api/queues/:queueName/:jobId/delay': { action: 'job.delay', target: job },
  'PATCH /api/queues/:queueName/:jobId/priority': { action: 'job.priority', target: job },
  'PUT /api/queues/:queueName/:jobId/remove-unprocessed-children': { action: 'job.remove-children', target: job },
};

const TARGET_PARAMS = new Set(['queueName', 'jobId', 'schedulerId']);

/**
 * The command a dashboard write carries out, or undefined when the route is not a known write. `route` is the
 * matched route's pattern under the dashboard's path, `params` its parameters, `body` the parsed request body.
 */
export function dashboardCommand(method: string, route: string, params: unknown, body: unknown): DashboardCommand | undefined {
  const command = COMMANDS[`${method.toUpperCase()} ${route}`];
  if (!command) return undefined;
  const values = (params ?? {}) as Params;
  const given: Record<string, unknown> = Object.fromEntries(Object.entries(values).filter(([name]) => !TARGET_PARAMS.has(name)));
  if (body !== undefined && body !== null && !(typeof body === 'object' && Object.keys(body).length === 0)) given.body = body;
  return { action: command.action, target: command.target(values), after: Object.keys(given).length > 0 ? given : null };
}

/** The routes above, for a test that compares them with @bull-board's. */
export const DASHBOARD_COMMAND_ROUTES: readonly string[] = Object.keys(COMMANDS);

import { JOB_NAMES, JOB_QUEUE, JobHandlers, JobName, JobRun, Jobs } from './jobs';

/** What a job's last failed attempt leaves behind, so nothing that gave up looks merely pending. */
export type GivenUpHandlers = { [N in JobName]: (data: Jobs[N], reason: string) => Promise<unknown> };

/** The jobs one domain handles; each processor is a call into a service. The worker collects every set. */
export interface JobHandlerSet {
  readonly handlers: Partial<JobHandlers>;
  readonly onGivenUp?: Partial<GivenUpHandlers>;
  /** Custom BullMQ backoff types this set's jobs use: the delay in ms before the retry of job `name` after `attemptsMade` attempts. */
  readonly backoff?: Readonly<Record<string, (attemptsMade: number, name: string) => number>>;
}

export interface CollectedHandlers {
  handlers: JobHandlers;
  onGivenUp: Partial<GivenUpHandlers>;
  backoff: Readonly<Record<string, (attemptsMade: number, name: string) => number>>;
}

/**
 * Every job name on every queue must have exactly one handler: a job nobody
 * handles would sit in Redis for ever, and two handlers would each believe
 * they own it. Throws, naming each name and its queue, so the worker refuses
 * to start.
 */
export function collectHandlers(sets: readonly JobHandlerSet[]): CollectedHandlers {
  const count = (name: string) => sets.filter((set) => Object.hasOwn(set.handlers, name)).length;
  const missing = JOB_NAMES.filter((name) => count(name) === 0);
  const twice = JOB_NAMES.filter((name) => count(name) > 1);
  const unknown = sets.flatMap((set) => Object.keys(set.handlers)).filter((name) => !(JOB_NAMES as string[]).includes(name));
  if (missing.length || twice.length || unknown.length) {
    const named = (names: string[]) => names.map((n) => (Object.hasOwn(JOB_QUEUE, n) ? `${n} (queue ${JOB_QUEUE[n as JobName]})` : n)).join(', ') || 'none';
    throw new Error(
      `job handlers do not match the job names: no handler for ${named(missing)}; two or more for ${named(twice)}; unknown ${named([...new Set(unknown)])}`,
    );
  }
  return {
    handlers: Object.assign({}, ...sets.map((set) => set.handlers)) as JobHandlers,
    onGivenUp: Object.assign({}, ...sets.map((set) => set.onGivenUp ?? {})) as Partial<GivenUpHandlers>,
    backoff: Object.assign({}, ...sets.map((set) => set.backoff ?? {})) as CollectedHandlers['backoff'],
  };
}

/** Runs a job's handler with its data: the name picks the handler and its payload type together. */
export function runJob<N extends JobName>(handlers: JobHandlers, name: N, data: Jobs[N], run: JobRun): Promise<unknown> {
  return handlers[name](data, run);
}

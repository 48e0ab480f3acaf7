import { spawn } from 'node:child_process';
import type { SupervisedChild } from '../scripts/supervisor.mjs';
import { eventually } from './support/eventually';

const load = () => import('../scripts/supervisor.mjs');

/** A real child process that runs until signalled (or exits with `code` at once). */
function child(name: string, code?: number): SupervisedChild {
  const script = code === undefined ? 'process.on("SIGTERM", () => process.exit(0)); setInterval(() => {}, 1000)' : `process.exit(${code})`;
  const proc = spawn(process.execPath, ['-e', script], { stdio: 'ignore' }) as SupervisedChild;
  proc.appName = name;
  proc.exited = new Promise((resolve) => proc.once('exit', (c, signal) => resolve({ code: c, signal })));
  return proc;
}

describe('supervisor (scripts/supervisor.mjs)', () => {
  const policy = { initialDelayMs: 500, maxDelayMs: 10_000, maxCrashes: 5, windowMs: 60_000 };

  it('restarts after a crash with a doubling delay, capped', async () => {
    const { afterCrash } = await load();
    let crashes: number[] = [];
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      const decision = afterCrash(crashes, 1_000 + i, policy);
      expect(decision.giveUp).toBe(false);
      delays.push(decision.delayMs);
      crashes = decision.crashes;
    }
    expect(delays).toEqual([500, 1000, 2000, 4000]);
    expect(afterCrash([1, 2, 3], 4, { ...policy, maxCrashes: 100 }).delayMs).toBe(4000);
    expect(
      afterCrash(
        Array.from({ length: 50 }, (_, i) => i),
        60,
        { ...policy, maxCrashes: 100 },
      ).delayMs,
    ).toBe(10_000);
  });

  it('gives up at the fifth crash within 60 s, but not when the crashes are spread out', async () => {
    const { afterCrash } = await load();
    expect(afterCrash([0, 10_000, 20_000, 30_000], 40_000, policy).giveUp).toBe(true);
    // the first crash has left the window: four within 60 s, back to a short delay count of four
    const spread = afterCrash([0, 10_000, 20_000, 30_000], 60_000, policy);
    expect(spread).toEqual({ giveUp: false, delayMs: 4000, crashes: [10_000, 20_000, 30_000, 60_000] });
    // a crash an hour after the last starts over at the first delay
    expect(afterCrash([0, 1, 2, 3], 3_600_000, policy)).toEqual({ giveUp: false, delayMs: 500, crashes: [3_600_000] });
  });

  it('restarts a child killed with SIGKILL, logging its name, signal and delay, and leaves the other running', async () => {
    const { supervise } = await load();
    const lines: string[] = [];
    const started: Record<string, SupervisedChild[]> = { api: [], worker: [] };
    const supervisor = supervise(
      (['api', 'worker'] as const).map((name) => ({ name, start: () => started[name][started[name].push(child(name)) - 1] })),
      { log: (line) => lines.push(line), policy: { ...policy, initialDelayMs: 50 } },
    );
    started.worker[0].kill('SIGKILL');
    await eventually(() => started.worker.length === 2, 10_000);
    expect(lines).toEqual(['worker exited unexpectedly (signal SIGKILL): restarting it in 50 ms']);
    expect(started.api).toHaveLength(1);
    expect(started.api[0].exitCode).toBeNull();
    await supervisor.stop('SIGTERM', 10_000);
    for (const proc of [started.api[0], started.worker[1]]) expect(await proc.exited).toMatchObject(proc.signalCode ? { signal: 'SIGTERM' } : { code: 0 });
    expect(lines).toHaveLength(1); // a clean stop is not a crash: no restart, no line
  });

  it('gives up with one line when a child keeps crashing', async () => {
    const { supervise } = await load();
    const lines: string[] = [];
    let starts = 0;
    const supervisor = supervise(
      [
        {
          name: 'worker',
          start: () => {
            starts++;
            return child('worker', 3);
          },
        },
      ],
      { log: (line) => lines.push(line), policy: { ...policy, initialDelayMs: 10, maxDelayMs: 20 } },
    );
    expect(await supervisor.gaveUp).toBe('worker crashed 5 times within 60 s (last: exit code 3): giving up, stopping everything');
    expect(starts).toBe(5);
    expect(lines.slice(0, 4)).toEqual([
      'worker exited unexpectedly (exit code 3): restarting it in 10 ms',
      'worker exited unexpectedly (exit code 3): restarting it in 20 ms',
      'worker exited unexpectedly (exit code 3): restarting it in 20 ms',
      'worker exited unexpectedly (exit code 3): restarting it in 20 ms',
    ]);
    expect(lines).toHaveLength(5);
    await supervisor.stop('SIGTERM', 1000);
  });
});

// Types of scripts/supervisor.mjs, for the TypeScript test that drives it (test/supervisor.spec.ts).
import type { ChildProcess } from 'node:child_process';

export interface RestartPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  maxCrashes: number;
  windowMs: number;
}
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: Error;
}
export type SupervisedChild = ChildProcess & { exited: Promise<ChildExit>; appName?: string };
export interface SupervisedApp {
  name: string;
  start(): SupervisedChild;
}
export interface Supervisor {
  gaveUp: Promise<string>;
  stop(signal: NodeJS.Signals, timeoutMs: number): Promise<void>;
  signalAll(signal: NodeJS.Signals): void;
}

export const RESTART_POLICY: Readonly<RestartPolicy>;
export function afterCrash(previousCrashes: number[], now: number, policy?: RestartPolicy): { giveUp: boolean; delayMs: number; crashes: number[] };
export function describeExit(exit: ChildExit): string;
export function supervise(apps: SupervisedApp[], options: { log: (line: string) => void; policy?: RestartPolicy; now?: () => number }): Supervisor;

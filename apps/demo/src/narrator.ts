/**
 * The demo's voice: story lines stamped with the time since the report
 * arrived ("T+1.3 s …"), set-up lines, and progress that redraws in place on
 * a terminal and prints a line at most once a second anywhere else.
 */

export interface DemoOutput {
  write(text: string): void;
  /** A terminal: progress redraws one line in place. */
  isTTY: boolean;
}

export interface Progress {
  update(done: number, total: number, detail?: string): void;
  /** Ends the progress (a terminal keeps the last state drawn). */
  done(): void;
}

const BAR_WIDTH = 24;
const LINE_INTERVAL_MS = 1_000;

/** 1234 → "1.2 s", 83 → "83 ms". */
export function duration(ms: number): string {
  return Math.abs(ms) < 1_000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** 1 → "1 device", 2 → "2 devices". */
export function devices(n: number): string {
  return `${n} ${n === 1 ? 'device' : 'devices'}`;
}

export function bar(done: number, total: number): string {
  const ratio = total <= 0 ? 1 : Math.min(1, done / total);
  const filled = Math.round(ratio * BAR_WIDTH);
  return `[${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)} %`;
}

export class Narrator {
  private reportedAt?: number;

  constructor(private readonly out: DemoOutput) {}

  /** From now on story lines are stamped relative to `at` (epoch ms). */
  startClock(at: number): void {
    this.reportedAt = at;
  }

  /** The time since the report, as printed. */
  stamp(at: number): string {
    return `T+${((at - (this.reportedAt ?? at)) / 1000).toFixed(1)} s`;
  }

  /** A story line for something that happened at `at` (epoch ms; default now). */
  say(text: string, at = Date.now()): void {
    this.out.write(`${this.stamp(at).padEnd(10)} ${text}\n`);
  }

  /** A line outside the story's clock (set-up, summary). */
  line(text = ''): void {
    this.out.write(`${text}\n`);
  }

  progress(label: string): Progress {
    const indent = ' '.repeat(11);
    let last = '';
    let lastAt = 0;
    let pending = '';
    const text = (done: number, total: number, detail?: string) => `${indent}${label} ${bar(done, total)} ${done}/${total}${detail ? ` ${detail}` : ''}`;
    if (this.out.isTTY) {
      return {
        update: (done, total, detail) => {
          const line = text(done, total, detail);
          if (line !== last) this.out.write(`\r${line}\x1b[K`);
          last = line;
        },
        done: () => {
          if (last) this.out.write('\n');
          last = '';
        },
      };
    }
    return {
      update: (done, total, detail) => {
        const line = text(done, total, detail);
        if (line === last) return;
        pending = line;
        if (Date.now() - lastAt < LINE_INTERVAL_MS && done < total) return;
        this.out.write(`${line}\n`);
        last = line;
        lastAt = Date.now();
        pending = '';
      },
      done: () => {
        if (pending) this.out.write(`${pending}\n`);
        pending = '';
      },
    };
  }
}

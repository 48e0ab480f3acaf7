/**
 * Runs the built CLI (dist/apps/cli/src/main.js) as a real child process, with a
 * configuration directory of its own and none of the caller's KILLSWITCH_* variables.
 * Imports nothing from the API: the CLI is tested only through what it prints and its exit code.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const CLI_MAIN = resolve(__dirname, '../../../dist/apps/cli/src/main.js');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  /** Written to stdin, which is then closed. */
  input?: string;
  timeoutMs?: number;
}

/** A fresh home and XDG config directory for one suite. */
export class CliSandbox {
  readonly home = mkdtempSync(join(tmpdir(), 'killswitch-cli-test-'));
  readonly configHome = join(this.home, 'config');
  readonly configFile = join(this.configHome, 'killswitch', 'config.json');

  constructor() {
    if (!existsSync(CLI_MAIN)) throw new Error(`${CLI_MAIN} is missing: run \`npm run build\` first (npm test does)`);
  }

  /** Starts the CLI; `result` settles when it exits. */
  start(args: string[], options: CliOptions = {}): { child: ChildProcess; result: Promise<CliRun> } {
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: this.home, XDG_CONFIG_HOME: this.configHome };
    for (const [key, value] of Object.entries(options.env ?? {})) if (value !== undefined) env[key] = value;
    const child = spawn(process.execPath, [CLI_MAIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdin!.end(options.input ?? '');
    const timeoutMs = options.timeoutMs ?? 20_000;
    const result = new Promise<CliRun>((resolvePromise, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`killswitch ${args.join(' ')} did not exit within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
      }, timeoutMs);
      child.on('error', reject);
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolvePromise({ code, signal, stdout, stderr });
      });
    });
    return { child, result };
  }

  run(args: string[], options: CliOptions = {}): Promise<CliRun> {
    return this.start(args, options).result;
  }

  /** Runs a command that must succeed and print JSON; returns the parsed JSON. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  async json<T = any>(args: string[], options: CliOptions = {}): Promise<T> {
    const run = await this.run([...args, '--json'], options);
    if (run.code !== 0) throw new Error(`killswitch ${args.join(' ')} exited ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
    return JSON.parse(run.stdout) as T;
  }

  remove(): void {
    rmSync(this.home, { recursive: true, force: true });
  }
}

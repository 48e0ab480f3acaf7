/** The `fleet-sim` command line: options, enrollment, the run, and the report (JSON and text). */
import { writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { DeviceJwks } from '@killswitch/device-sdk';
import {
  EnrolledFleet,
  FleetMode,
  FleetReport,
  FleetSim,
  ReferenceTimes,
  SPREAD_ABOVE,
  SPREAD_ADDRESSES,
  defaultLocalAddresses,
  enrollFleet,
  fetchCatalogue,
  readCredentials,
  textSummary,
  writeCredentials,
} from '@killswitch/fleet-sim';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Resolves when the run should end early (Ctrl-C); the default listens for SIGINT and SIGTERM. */
  interrupted?: Promise<void>;
}

export interface FleetSimArgs {
  url: string;
  token?: string;
  devices: number;
  credentials?: string;
  saveCredentials?: string;
  vendors?: string[];
  mode: FleetMode;
  interval: number;
  jitter: number;
  ramp?: number;
  duration: number;
  reference?: number;
  localAddresses?: string[];
  issuer: string;
  maxInflight: number;
  enrollConcurrency: number;
  seed: number;
  json: boolean;
  report?: string;
}

const positiveInt = (name: string) => (value: string) => {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError(`${name} must be a positive integer`);
  return Number(value);
};
const seconds = (name: string, min: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) throw new InvalidArgumentError(`${name} must be a number of seconds ≥ ${min}`);
  return n;
};
const fraction = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('jitter must be a fraction from 0 to 1');
  return n;
};
const instant = (value: string) => {
  const n = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError('reference must be an ISO 8601 time or epoch milliseconds');
  return n;
};
const list = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
const addresses = (value: string) => {
  const parsed = list(value);
  const bad = parsed.filter((address) => !isIP(address));
  if (bad.length || parsed.length === 0) throw new InvalidArgumentError(`not IP addresses: ${bad.join(', ') || '(none)'}`);
  return parsed;
};

export function buildCommand(env: NodeJS.ProcessEnv): Command {
  return new Command('fleet-sim')
    .description('Runs simulated devices against the Killswitch API and reports when each revision reached them.')
    .addOption(new Option('--url <url>', 'API base URL').default(env.KILLSWITCH_URL ?? 'http://127.0.0.1:3000'))
    .option('--token <token>', 'admin or responder token to enroll devices and look up kill switches (default: KILLSWITCH_TOKEN; prefer it, argv is visible)')
    .option('--devices <n>', 'devices to enroll', positiveInt('devices'), 100)
    .option('--credentials <file>', 'use existing devices: JSON lines { id, credential, jwks? } (no enrollment)')
    .option('--save-credentials <file>', 'write the enrolled devices to this file (mode 0600), for --credentials next time')
    .option('--vendors <slugs>', 'link devices only to these vendors (comma-separated; default: every vendor)', list)
    .addOption(new Option('--mode <mode>', 'how devices listen').choices(['poll', 'stream', 'both']).default('both'))
    .option('--interval <sec>', 'poll interval', seconds('interval', 0.05), 30)
    .option('--jitter <fraction>', 'each poll interval is scaled by 1 ± jitter', fraction, 0.2)
    .option('--ramp <sec>', 'spread the first polls and connections over this long (default: the interval, at most 10 s)', seconds('ramp', 0))
    .option('--duration <sec>', 'how long to run (0: until Ctrl-C)', seconds('duration', 0), 60)
    .option(
      '--reference <time>',
      "measure delays from this time (ISO 8601 or epoch ms); default: each kill switch's createdAt, else the first device to see it",
      instant,
    )
    .option(
      '--local-addresses <ips>',
      `source addresses for connections, in turn (default: ${SPREAD_ADDRESSES[0]}–${SPREAD_ADDRESSES.at(-1)} above ${SPREAD_ABOVE} streams to a loopback API)`,
      addresses,
    )
    .option('--issuer <iss>', 'the iss snapshots must carry (KILLSWITCH_ISSUER)', 'killswitch')
    .option('--max-inflight <n>', 'polls and acks in flight at once', positiveInt('max-inflight'), 256)
    .option('--enroll-concurrency <n>', 'enrollment requests in flight at once', positiveInt('enroll-concurrency'), 16)
    .option('--seed <n>', 'seed of the device mix', positiveInt('seed'), 1)
    .option('--json', 'print the JSON report on stdout (the summary goes to stderr)', false)
    .option('--report <file>', 'also write the JSON report to this file')
    .exitOverride()
    .showHelpAfterError('(add --help for usage)');
}

/** Runs the simulator as the command line does; returns the exit code (0 ok, 1 failed, 2 usage). */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const command = buildCommand(io.env);
  command.configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  let args: FleetSimArgs;
  try {
    command.parse(argv, { from: 'user' });
    args = command.opts<FleetSimArgs>();
    // Read here, not as the option's default: commander would print a default token in --help.
    args.token ??= io.env.KILLSWITCH_TOKEN || undefined;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  try {
    const report = await run(args, io);
    const json = JSON.stringify(report, null, 2);
    if (args.report) await writeFile(args.report, `${json}\n`);
    if (args.json) {
      io.stdout(`${json}\n`);
      io.stderr(`${textSummary(report)}\n`);
    } else io.stdout(`${textSummary(report)}\n`);
    return 0;
  } catch (error) {
    io.stderr(`fleet-sim: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

async function run(args: FleetSimArgs, io: CliIo): Promise<FleetReport> {
  const fleet = await devicesFor(args, io);
  const localAddresses = args.localAddresses ?? defaultLocalAddresses(args.url, args.mode, fleet.devices.length);
  const sim = new FleetSim({
    url: args.url,
    devices: fleet.devices,
    pinnedJwks: fleet.pinnedJwks,
    mode: args.mode,
    intervalMs: args.interval * 1000,
    jitter: args.jitter,
    rampMs: args.ramp === undefined ? undefined : args.ramp * 1000,
    issuer: args.issuer,
    localAddresses,
    maxInFlight: args.maxInflight,
  });
  io.stderr(`fleet-sim: ${fleet.devices.length} devices, mode ${args.mode}, ${args.duration ? `${args.duration} s` : 'until Ctrl-C'}\n`);
  await sim.start();
  await runUntilDone(args.duration, io.interrupted);
  const references: ReferenceTimes = { given: args.reference };
  if (args.reference === undefined && args.token) {
    references.byRev = await killSwitchTimes(args.url, args.token).catch((error: unknown) => {
      io.stderr(
        `fleet-sim: could not read the kill switches (${error instanceof Error ? error.message : String(error)}); delays are from the first device to see each revision\n`,
      );
      return undefined;
    });
  }
  return sim.stop(references);
}

async function devicesFor(args: FleetSimArgs, io: CliIo): Promise<EnrolledFleet> {
  let fleet: EnrolledFleet;
  if (args.credentials) {
    fleet = await readCredentials(args.credentials);
  } else {
    if (!args.token) throw new Error('enrolling devices needs --token (or KILLSWITCH_TOKEN): an admin or responder token; or pass --credentials <file>');
    const catalogue = await fetchCatalogue(args.url, args.token, args.vendors);
    let reported = 0;
    fleet = await enrollFleet(args.url, args.token, args.devices, catalogue, {
      seed: args.seed,
      concurrency: args.enrollConcurrency,
      onProgress: (done) => {
        if (done - reported >= 1000 || done === args.devices) {
          reported = done;
          io.stderr(`fleet-sim: enrolled ${done}/${args.devices}\n`);
        }
      },
    });
  }
  if (args.saveCredentials) await writeCredentials(args.saveCredentials, fleet);
  if (fleet.pinnedJwks.keys.length === 0) {
    // A credentials file without keys: trust what the API publishes now (trust on first use), and say so.
    const response = await fetch(`${args.url.replace(/\/$/, '')}/.well-known/jwks.json`);
    if (!response.ok) throw new Error(`GET /.well-known/jwks.json answered ${response.status}`);
    fleet.pinnedJwks = (await response.json()) as DeviceJwks;
    io.stderr('fleet-sim: the credentials file pins no keys; trusting the JWKS the API serves now\n');
  }
  return fleet;
}

/** revision → createdAt of the kill switch that raised it (the last 2,000 kill switches). */
async function killSwitchTimes(url: string, token: string): Promise<Map<number, number>> {
  const times = new Map<number, number>();
  let cursor: string | null = null;
  for (let page = 0; page < 4; page++) {
    const query: string = `?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await fetch(`${url.replace(/\/$/, '')}/v1/kill-switches${query}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`GET /v1/kill-switches answered ${response.status}`);
    const body = (await response.json()) as { items: { revision: number; createdAt: string }[]; nextCursor: string | null };
    for (const kill of body.items) times.set(Number(kill.revision), Date.parse(kill.createdAt));
    cursor = body.nextCursor;
    if (!cursor) break;
  }
  return times;
}

/** Resolves after `durationSec` (0: never), or at `interrupted`, or at SIGINT/SIGTERM when no `interrupted` is given. */
function runUntilDone(durationSec: number, interrupted: Promise<void> | undefined): Promise<void> {
  return new Promise((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      process.off('SIGINT', finish);
      process.off('SIGTERM', finish);
      resolve();
    };
    const timer = durationSec > 0 ? setTimeout(finish, durationSec * 1000) : undefined;
    if (interrupted) void interrupted.then(finish);
    else {
      process.on('SIGINT', finish);
      process.on('SIGTERM', finish);
    }
  });
}

/** The scope flags `kill` and `preview` share, and the API scope they make. */
import type { Command } from 'commander';
import type { Scope } from '@killswitch/evaluation';
import { formatMatcher, parseMatcherArg } from './matcher-arg';

// The API's scope, the same type the server evaluates.
export type { Scope } from '@killswitch/evaluation';

const MATCHER_HELP = 'eq:v, lt:v, lte:v, gt:v, gte:v, in:a,b or between:lo,hi (or JSON)';

export function addScopeOptions(command: Command): Command {
  return command
    .requiredOption('--vendor <slug>', 'the vendor, e.g. xiaomi')
    .option('--integration <key>', 'one integration, e.g. xiaomi.camera-stream')
    .option('--vendor-model <slug>', 'the vendor product model, e.g. mijia-cam-360')
    .option('--vendor-firmware <matcher>', `vendor firmware: ${MATCHER_HELP}`, (raw) => parseMatcherArg(raw, 'vendorFirmware'))
    .option('--device-model <model>', 'our device model')
    .option('--device-firmware <matcher>', `our device firmware: ${MATCHER_HELP}`, (raw) => parseMatcherArg(raw, 'deviceFirmware'))
    .option('--region <region>', 'device region')
    .option('--cohort <cohort>', 'device cohort');
}

/** The scope from the parsed flags; flags not given are left out. */
export function scopeFrom(options: Scope): Scope {
  const scope: Scope = { vendor: options.vendor };
  for (const key of ['integration', 'vendorModel', 'vendorFirmware', 'deviceModel', 'deviceFirmware', 'region', 'cohort'] as const) {
    if (options[key] !== undefined) Object.assign(scope, { [key]: options[key] });
  }
  return scope;
}

/** `vendor=xiaomi integration=xiaomi.camera-stream vendorFirmware=lt:3.5.1_00.68` */
export function describeScope(scope: Record<string, unknown> | null | undefined): string {
  if (!scope) return '';
  return Object.entries(scope)
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([key, value]) => `${key}=${typeof value === 'object' ? formatMatcher(value) : String(value)}`)
    .join(' ');
}

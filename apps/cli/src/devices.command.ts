/** devices enroll (the credential is printed once) and devices list. */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { CliError, type DeviceView, type EnrolledDevice, ExitCode, PageOptions, fetchList } from '@killswitch/api-client';
import { registerDeviceAdminCommands } from './device-admin.command';
import { addPageOptions, moreHint } from './page-options';
import { connect } from './connection';
import { Output } from './output';
import { fields, table } from './table';

interface EnrollOptions {
  model: string;
  firmware: string;
  region?: string;
  cohort?: string;
  externalId?: string;
  inventory?: string;
}

/** --inventory: inline JSON (starting with `[`) or the path of a JSON file; a list of { integration, vendorModel, vendorFirmware }. */
export async function readInventory(raw: string): Promise<unknown[]> {
  const inline = raw.trimStart().startsWith('[');
  let text = raw;
  if (!inline) {
    try {
      text = await readFile(raw, 'utf8');
    } catch (error) {
      throw new CliError(ExitCode.usage, `--inventory: cannot read ${raw} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CliError(ExitCode.usage, `--inventory: ${inline ? 'the value' : raw} is not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(parsed)) throw new CliError(ExitCode.usage, '--inventory must be a JSON list of { integration, vendorModel, vendorFirmware }');
  return parsed;
}

export function registerDeviceCommands(program: Command): void {
  const devices = program.command('devices').description('fleet devices');

  devices
    .command('enroll')
    .description('enroll a device; its credential is shown once')
    .requiredOption('--model <model>', 'our device model, e.g. nest-hub-2')
    .requiredOption('--firmware <version>', 'its firmware, e.g. 1.56.3')
    .option('--region <region>', 'its region')
    .option('--cohort <cohort>', 'its cohort')
    .option('--external-id <id>', "the platform's own identifier (a serial, an account-side id); unique")
    .option(
      '--inventory <json|file>',
      'linked vendor products: [{"integration":"xiaomi.camera-stream","vendorModel":"mijia-cam-360","vendorFirmware":"3.5.1_00.66"}]',
    )
    .action(async (options: EnrollOptions, command: Command) => {
      const out = Output.of(command);
      const inventory = options.inventory === undefined ? undefined : await readInventory(options.inventory);
      const client = await connect(command);
      const device = await client.post<EnrolledDevice>('/v1/devices', {
        model: options.model,
        firmware: options.firmware,
        ...(options.region !== undefined ? { region: options.region } : {}),
        ...(options.cohort !== undefined ? { cohort: options.cohort } : {}),
        ...(options.externalId !== undefined ? { externalId: options.externalId } : {}),
        ...(inventory !== undefined ? { inventory } : {}),
      });
      out.result(device, () =>
        [
          `device ${device.id} enrolled`,
          fields([
            ['id', device.id],
            ['credential', device.credential],
          ]),
        ].join('\n'),
      );
      out.note('the credential is shown only this once: give it to the device now');
    });

  addPageOptions(
    devices
      .command('list')
      .description('enrolled devices')
      .option('--model <model>', 'one device model')
      .option('--region <region>', 'one region')
      .option('--cohort <cohort>', 'one cohort')
      .option('--search <text>', 'a device id, or the start of an externalId'),
  ).action(async (options: PageOptions & { model?: string; region?: string; cohort?: string; search?: string }, command: Command) => {
    const out = Output.of(command);
    const client = await connect(command);
    const filters = { model: options.model, region: options.region, cohort: options.cohort, q: options.search };
    const page = await fetchList<DeviceView>(client, '/v1/devices', filters, options);
    out.result(page, () =>
      page.items.length === 0
        ? 'no devices'
        : table(
            ['ID', 'EXTERNAL ID', 'MODEL', 'FIRMWARE', 'REGION', 'COHORT', 'LINKS', 'LAST SEEN'],
            page.items.map((d) => [d.id, d.externalId ?? null, d.model, d.firmware, d.region, d.cohort, d.inventory.length, d.lastSeenAt]),
          ),
    );
    const hint = moreHint(page);
    if (hint && !out.json) out.note(hint);
  });

  registerDeviceAdminCommands(devices);
}

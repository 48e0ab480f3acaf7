/** vendors and integrations: the catalogue a kill's scope names. */
import { Command, Option } from 'commander';
import { type PageOptions, fetchList } from '@killswitch/api-client';
import { connect } from './connection';
import { Output } from './output';
import { addPageOptions, moreHint } from './page-options';
import { fields, table } from './table';

interface VendorView {
  id: string;
  slug: string;
  name: string;
  models: { slug: string; name: string }[];
  integrations: { key: string; failMode: string }[];
}
interface IntegrationView {
  id: string;
  key: string;
  vendor: string;
  name: string;
  failMode: string;
}

const OPEN_WARNING =
  'warning: fail mode open keeps this integration ON on a device that cannot reach us, so anyone who can block a device network defeats a kill of it';

function integrationFields(i: IntegrationView): string {
  return fields([
    ['key', i.key],
    ['vendor', i.vendor],
    ['name', i.name],
    ['fail mode', i.failMode],
  ]);
}

export function registerCatalogueCommands(program: Command): void {
  const vendors = program.command('vendors').description('vendors and their models');
  addPageOptions(vendors.command('list').description('vendors, with their models and integrations')).action(async (options: PageOptions, command: Command) => {
    const out = Output.of(command);
    const page = await fetchList<VendorView>(await connect(command), '/v1/vendors', {}, options);
    out.result(page, () =>
      page.items.length === 0
        ? 'no vendors yet: killswitch vendors create <slug> --name <name>'
        : table(
            ['SLUG', 'NAME', 'MODELS', 'INTEGRATIONS'],
            page.items.map((v) => [v.slug, v.name, v.models.map((m) => m.slug).join(' '), v.integrations.map((i) => i.key).join(' ')]),
          ),
    );
    const hint = moreHint(page);
    if (hint && !out.json) out.note(hint);
  });
  vendors
    .command('create <slug>')
    .description('add a vendor')
    .requiredOption('--name <name>', 'its name, e.g. Xiaomi')
    .action(async (slug: string, options: { name: string }, command: Command) => {
      const vendor = await (await connect(command)).post<VendorView>('/v1/vendors', { slug, name: options.name });
      Output.of(command).result(vendor, () => `vendor ${vendor.slug} added`);
    });
  vendors
    .command('add-model <vendor> <slug>')
    .description("add one of a vendor's products (what inventories and scopes name as vendorModel)")
    .requiredOption('--name <name>', 'its name, e.g. Mijia 360 camera')
    .action(async (vendor: string, slug: string, options: { name: string }, command: Command) => {
      const model = await (await connect(command)).post<{ slug: string }>(`/v1/vendors/${encodeURIComponent(vendor)}/models`, { slug, name: options.name });
      Output.of(command).result(model, () => `model ${model.slug} added to ${vendor}`);
    });

  const integrations = program.command('integrations').description('what devices turn on and off per vendor');
  const failMode = () => new Option('--fail-mode <mode>', 'what a device does when it cannot get a fresh answer').choices(['closed', 'open']);
  addPageOptions(integrations.command('list').description('integrations')).action(async (options: PageOptions, command: Command) => {
    const out = Output.of(command);
    const page = await fetchList<IntegrationView>(await connect(command), '/v1/integrations', {}, options);
    out.result(page, () =>
      page.items.length === 0
        ? 'no integrations'
        : table(
            ['KEY', 'VENDOR', 'FAIL MODE', 'NAME'],
            page.items.map((i) => [i.key, i.vendor, i.failMode, i.name]),
          ),
    );
    const hint = moreHint(page);
    if (hint && !out.json) out.note(hint);
  });
  integrations
    .command('create <key>')
    .description('add an integration, keyed vendor.capability (e.g. xiaomi.camera-stream)')
    .requiredOption('--name <name>', 'its name')
    .addOption(failMode().default('closed'))
    .action(async (key: string, options: { name: string; failMode: string }, command: Command) => {
      const out = Output.of(command);
      if (options.failMode === 'open') out.note(OPEN_WARNING);
      const body = { key, vendor: key.split('.')[0], name: options.name, failMode: options.failMode };
      const integration = await (await connect(command)).post<IntegrationView>('/v1/integrations', body);
      out.result(integration, () => integrationFields(integration));
    });
  integrations
    .command('update <key>')
    .description("change an integration's name or fail mode")
    .option('--name <name>', 'its new name')
    .addOption(failMode())
    .action(async (key: string, options: { name?: string; failMode?: string }, command: Command) => {
      const out = Output.of(command);
      if (options.failMode === 'open') out.note(OPEN_WARNING);
      const body = { ...(options.name !== undefined ? { name: options.name } : {}), ...(options.failMode !== undefined ? { failMode: options.failMode } : {}) };
      const integration = await (await connect(command)).patch<IntegrationView>(`/v1/integrations/${encodeURIComponent(key)}`, body);
      out.result(integration, () => integrationFields(integration));
    });
}

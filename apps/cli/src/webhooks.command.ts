/** webhooks: where Killswitch tells other tools what happened (Standard Webhooks, signed). */
import { Command, InvalidArgumentError, Option } from 'commander';
import { CliError, ExitCode, type PageOptions, fetchList } from '@killswitch/api-client';
import { connect } from './connection';
import { Output } from './output';
import { addPageOptions, moreHint } from './page-options';
import { fields, table, truncate } from './table';

interface WebhookView {
  id: string;
  url: string;
  events: string[];
  format: string;
  description: string | null;
  enabled: boolean;
  disabledReason: string | null;
  failingSince: string | null;
  previousSecretExpiresAt?: string | null;
}
interface DeliveryView {
  id: string;
  webhookId: string;
  eventType: string;
  state: string;
  attemptCount: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextRetryAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

const FORMATS = ['cloudevents', 'slack', 'pagerduty'];
const list = (value: string) =>
  value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
const path = (id: string) => `/v1/webhooks/${encodeURIComponent(id)}`;

function parseGrace(raw: string): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(n) || n < 0 || n > 604_800) {
    throw new InvalidArgumentError('the grace period is a whole number of seconds from 0 to 604800');
  }
  return n;
}

function describe(w: WebhookView): string {
  return fields([
    ['id', w.id],
    ['url', w.url],
    ['events', w.events.join(', ')],
    ['format', w.format],
    ['description', w.description],
    ['enabled', w.enabled ? 'yes' : `no${w.disabledReason ? ` (${w.disabledReason})` : ''}`],
    ['failing since', w.failingSince],
    ['old secret signs until', w.previousSecretExpiresAt],
  ]);
}

function registerDeliveryCommands(webhooks: Command): void {
  addPageOptions(webhooks.command('deliveries <id>').description("a subscription's deliveries, newest first, with their attempts")).action(
    async (id: string, options: PageOptions, command: Command) => {
      const out = Output.of(command);
      const page = await fetchList<DeliveryView>(await connect(command), `${path(id)}/deliveries`, {}, options);
      out.result(page, () =>
        page.items.length === 0
          ? 'no deliveries yet'
          : table(
              ['DELIVERY', 'EVENT', 'STATE', 'ATTEMPTS', 'LAST STATUS', 'NEXT RETRY', 'CREATED', 'LAST ERROR'],
              page.items.map((d) => [d.id, d.eventType, d.state, d.attemptCount, d.lastStatusCode, d.nextRetryAt, d.createdAt, truncate(d.lastError, 40)]),
            ),
      );
      const hint = moreHint(page);
      if (hint && !out.json) out.note(hint);
    },
  );
  webhooks
    .command('retry <id> <deliveryId>')
    .description('send a delivery again now (same webhook-id, so the receiver can tell a repeat)')
    .action(async (id: string, deliveryId: string, _options: unknown, command: Command) => {
      const delivery = await (await connect(command)).post<DeliveryView>(`${path(id)}/deliveries/${encodeURIComponent(deliveryId)}/retry`);
      Output.of(command).result(delivery, () => `delivery ${delivery.id} queued again (${delivery.state})`);
    });
  webhooks
    .command('test <id>')
    .description('send a test event to the subscription')
    .action(async (id: string, _options: unknown, command: Command) => {
      const delivery = await (await connect(command)).post<DeliveryView>(`${path(id)}/test`);
      Output.of(command).result(delivery, () => `test delivery ${delivery.id} queued; see: killswitch webhooks deliveries ${id}`);
    });
}

export function registerWebhookCommands(program: Command): void {
  const webhooks = program.command('webhooks').description('subscriptions that tell other tools about kills, lifts, incidents and alerts (admins)');
  addPageOptions(webhooks.command('list').description('subscriptions')).action(async (options: PageOptions, command: Command) => {
    const out = Output.of(command);
    const page = await fetchList<WebhookView>(await connect(command), '/v1/webhooks', {}, options);
    out.result(page, () =>
      page.items.length === 0
        ? 'no webhooks'
        : table(
            ['ID', 'URL', 'FORMAT', 'EVENTS', 'ENABLED'],
            page.items.map((w) => [w.id, truncate(w.url, 50), w.format, w.events.join(','), w.enabled ? 'yes' : 'no']),
          ),
    );
    const hint = moreHint(page);
    if (hint && !out.json) out.note(hint);
  });
  webhooks
    .command('create <url>')
    .description('subscribe a URL to event types; its signing secret is shown once')
    .requiredOption('--events <types>', 'comma-separated, e.g. kill.created,lift.requested', list)
    .addOption(new Option('--format <format>', 'the body: CloudEvents, a Slack message or a PagerDuty change event').choices(FORMATS).default('cloudevents'))
    .option('--description <text>', 'what it is for, e.g. the #incidents channel')
    .action(async (url: string, options: { events: string[]; format: string; description?: string }, command: Command) => {
      const out = Output.of(command);
      const body = { url, events: options.events, format: options.format, ...(options.description !== undefined ? { description: options.description } : {}) };
      const created = await (await connect(command)).post<WebhookView & { secret: string }>('/v1/webhooks', body);
      out.result(created, () => `${describe(created)}\n${fields([['secret', created.secret]])}`);
      out.note('the secret (whsec_…) is shown only this once: give it to the receiver now, which verifies webhook-signature with it');
    });
  webhooks
    .command('show <id>')
    .description('one subscription')
    .action(async (id: string, _options: unknown, command: Command) => {
      const webhook = await (await connect(command)).get<WebhookView>(path(id));
      Output.of(command).result(webhook, () => describe(webhook));
    });
  webhooks
    .command('update <id>')
    .description("change a subscription; --enable clears a disabled one's failure record")
    .option('--endpoint <url>', 'a new URL')
    .option('--events <types>', 'the new comma-separated event types', list)
    .addOption(new Option('--format <format>', 'a new body format').choices(FORMATS))
    .option('--description <text>', 'a new description ("" clears it)')
    .option('--enable', 'enable it')
    .option('--disable', 'disable it')
    .action(
      async (
        id: string,
        o: { endpoint?: string; events?: string[]; format?: string; description?: string; enable?: boolean; disable?: boolean },
        command: Command,
      ) => {
        if (o.enable && o.disable) throw new CliError(ExitCode.usage, '--enable and --disable exclude each other');
        const body = {
          ...(o.endpoint !== undefined ? { url: o.endpoint } : {}),
          ...(o.events ? { events: o.events } : {}),
          ...(o.format ? { format: o.format } : {}),
          ...(o.description !== undefined ? { description: o.description === '' ? null : o.description } : {}),
          ...(o.enable ? { enabled: true } : {}),
          ...(o.disable ? { enabled: false } : {}),
        };
        if (Object.keys(body).length === 0)
          throw new CliError(ExitCode.usage, 'nothing to change: give --endpoint, --events, --format, --description, --enable or --disable');
        const webhook = await (await connect(command)).patch<WebhookView>(path(id), body);
        Output.of(command).result(webhook, () => describe(webhook));
      },
    );
  webhooks
    .command('rotate-secret <id>')
    .description('a new signing secret, shown once; the old one signs too for the grace period, then is forgotten')
    .option('--grace <sec>', 'how long the old secret signs too, so the receiver can switch over (default 86400; 0: stop at once)', parseGrace)
    .action(async (id: string, options: { grace?: number }, command: Command) => {
      const out = Output.of(command);
      const body = options.grace !== undefined ? { graceSec: options.grace } : {};
      const rotated = await (await connect(command)).post<WebhookView & { secret: string }>(`${path(id)}/rotate-secret`, body);
      out.result(rotated, () => `${describe(rotated)}\n${fields([['secret', rotated.secret]])}`);
      out.note(
        rotated.previousSecretExpiresAt
          ? `the new secret is shown only this once: give it to the receiver before ${rotated.previousSecretExpiresAt}, when the old one stops signing`
          : 'the new secret is shown only this once: give it to the receiver now; the old one no longer signs',
      );
    });
  webhooks
    .command('delete <id>')
    .description('remove a subscription (its deliveries go with it)')
    .action(async (id: string, _options: unknown, command: Command) => {
      await (await connect(command)).delete(path(id));
      Output.of(command).result({ id, deleted: true }, () => `webhook ${id} deleted`);
    });
  registerDeliveryCommands(webhooks);
}

/** users (admins) and tokens (automation acting with roles its creator holds). */
import { randomBytes } from 'node:crypto';
import { Command } from 'commander';
import { CliError, ExitCode, type PageOptions, fetchList } from '@killswitch/api-client';
import { connect } from './connection';
import { Output } from './output';
import { addPageOptions, moreHint } from './page-options';
import { passwordFromStdin } from './password-input';
import { fields, table } from './table';

interface UserView {
  id: string;
  email: string;
  /** Set for a single sign-on account, which may share its email with a local account and is another account. */
  issuer?: string | null;
  roles: string[];
  disabled: boolean;
  createdAt: string;
}
interface TokenView {
  id: string;
  name: string;
  prefix: string;
  roles: string[];
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

const roleList = (value: string) =>
  value
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);

function daysArg(value: string): number {
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > 365) throw new CliError(ExitCode.usage, '--expires-in-days must be an integer from 1 to 365');
  return days;
}

function registerUserCommands(program: Command): void {
  const users = program.command('users').description('people who sign in (admins manage them)');
  addPageOptions(users.command('list').description('accounts and their roles')).action(async (options: PageOptions, command: Command) => {
    const out = Output.of(command);
    const page = await fetchList<UserView>(await connect(command), '/v1/users', {}, options);
    out.result(page, () =>
      table(
        ['ID', 'EMAIL', 'ROLES', 'DISABLED', 'CREATED'],
        page.items.map((u) => [u.id, u.issuer ? `${u.email} (sso)` : u.email, u.roles.join(','), u.disabled ? 'yes' : '', u.createdAt]),
      ),
    );
    const hint = moreHint(page);
    if (hint && !out.json) out.note(hint);
  });
  users
    .command('create <email>')
    .description('add a person with a generated password (or one from stdin) that they change with `killswitch password`')
    .requiredOption('--roles <roles>', 'comma-separated: admin, responder, approver, auditor', roleList)
    .option('--password-stdin', 'read the password from stdin instead of generating one')
    .option('--name <name>', 'their name, shown to approvers with the email')
    .action(async (email: string, options: { roles: string[]; passwordStdin?: boolean; name?: string }, command: Command) => {
      const out = Output.of(command);
      const password = options.passwordStdin ? await passwordFromStdin() : randomBytes(18).toString('base64url');
      const user = await (
        await connect(command)
      ).post<UserView>('/v1/users', { email, password, roles: options.roles, ...(options.name ? { name: options.name } : {}) });
      const shown = options.passwordStdin ? user : { ...user, password };
      out.result(shown, () =>
        fields([
          ['id', user.id],
          ['email', user.email],
          ['roles', user.roles.join(',')],
          ...(options.passwordStdin ? [] : [['password', password] as [string, string]]),
        ]),
      );
      if (!options.passwordStdin)
        out.note('give the password to its owner over a separate channel (it is shown only this once); they change it with `killswitch password`');
    });
  users
    .command('update <id>')
    .description("change a person's roles, or disable (enable) them; disabling signs them out everywhere")
    .option('--roles <roles>', 'the new comma-separated roles', roleList)
    .option('--name <name>', 'their name, shown to approvers with the email')
    .option('--disable', 'disable the account')
    .option('--enable', 'enable the account again')
    .action(async (id: string, options: { roles?: string[]; name?: string; disable?: boolean; enable?: boolean }, command: Command) => {
      if (options.disable && options.enable) throw new CliError(ExitCode.usage, '--disable and --enable exclude each other');
      const body = {
        ...(options.name ? { name: options.name } : {}),
        ...(options.roles ? { roles: options.roles } : {}),
        ...(options.disable ? { disabled: true } : {}),
        ...(options.enable ? { disabled: false } : {}),
      };
      if (Object.keys(body).length === 0) throw new CliError(ExitCode.usage, 'nothing to change: give --roles, --name, --disable or --enable');
      const user = await (await connect(command)).patch<UserView>(`/v1/users/${encodeURIComponent(id)}`, body);
      Output.of(command).result(user, () =>
        fields([
          ['id', user.id],
          ['email', user.email],
          ['roles', user.roles.join(',')],
          ['disabled', user.disabled ? 'yes' : 'no'],
        ]),
      );
    });
}

function registerTokenCommands(program: Command): void {
  const tokens = program.command('tokens').description('API tokens for automation: never wider than the roles of who mints them');
  addPageOptions(tokens.command('list').description('your tokens (an admin sees all)')).action(async (options: PageOptions, command: Command) => {
    const out = Output.of(command);
    const page = await fetchList<TokenView>(await connect(command), '/v1/api-tokens', {}, options);
    out.result(page, () =>
      table(
        ['ID', 'NAME', 'PREFIX', 'ROLES', 'EXPIRES', 'LAST USED', 'REVOKED'],
        page.items.map((t) => [t.id, t.name, t.prefix, t.roles.join(','), t.expiresAt, t.lastUsedAt, t.revokedAt]),
      ),
    );
    const hint = moreHint(page);
    if (hint && !out.json) out.note(hint);
  });
  tokens
    .command('create <name>')
    .description('mint a token with roles you hold (an admin may mint a signals token for alert intake); shown once')
    .requiredOption('--roles <roles>', 'comma-separated roles', roleList)
    .option('--expires-in-days <days>', '1-365; never expires if omitted', daysArg)
    .action(async (name: string, options: { roles: string[]; expiresInDays?: number }, command: Command) => {
      const out = Output.of(command);
      const body = { name, roles: options.roles, ...(options.expiresInDays ? { expiresInDays: options.expiresInDays } : {}) };
      const token = await (await connect(command)).post<TokenView & { token: string }>('/v1/api-tokens', body);
      out.result(token, () =>
        fields([
          ['id', token.id],
          ['roles', token.roles.join(',')],
          ['expires', token.expiresAt ?? 'never'],
          ['token', token.token],
        ]),
      );
      out.note("the token is shown only this once: store it in your automation's secrets now");
    });
  tokens
    .command('revoke <id>')
    .description('revoke a token at once')
    .action(async (id: string, _options: unknown, command: Command) => {
      await (await connect(command)).delete(`/v1/api-tokens/${encodeURIComponent(id)}`);
      Output.of(command).result({ id, revoked: true }, () => `token ${id} revoked`);
    });
}

export function registerDirectoryCommands(program: Command): void {
  registerUserCommands(program);
  registerTokenCommands(program);
}

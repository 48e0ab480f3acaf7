/** login, logout, whoami. */
import type { Command } from 'commander';
import { ApiClient, ApiError, CliError, ExitCode, normaliseBaseUrl } from '@killswitch/api-client';
import { configPath, readLogin, removeLogin, saveLogin } from './config-store';
import { connect, explicitUrl, globalsOf } from './connection';
import { Output } from './output';
import { passwordFromStdin, promptPassword } from './password-input';
import { ssoLogin } from './sso-login';
import { fields } from './table';

interface LoginResult {
  accessToken: string;
  expiresAt: string;
  mustChangePassword?: boolean;
}

interface MeView {
  id: string;
  email: string;
  roles: string[];
  via: string;
  mustChangePassword: boolean;
}

export function registerAuthCommands(program: Command): void {
  program
    .command('login')
    .description(`log in and store the token in ${configPath()} (mode 0600)`)
    .option('--email <email>', 'your account (password sign-in)')
    .option('--password-stdin', 'read the password from stdin instead of asking for it')
    .option('--sso', "sign in through the organisation's OpenID Connect provider (device authorization grant) instead of a password")
    .addHelpText('after', '\nThe API URL comes from --url (or KILLSWITCH_URL, or the previous login).')
    .action(async (options: { email?: string; passwordStdin?: boolean; sso?: boolean }, command: Command) => {
      const out = Output.of(command);
      const stored = await readLogin().catch(() => undefined); // a damaged file is replaced by this login
      const url = explicitUrl(globalsOf(command)) ?? (stored ? normaliseBaseUrl(stored.url) : undefined);
      if (!url) throw new CliError(ExitCode.usage, 'login needs the API URL: --url <api> (or KILLSWITCH_URL)');
      if (options.sso) {
        if (options.email || options.passwordStdin)
          throw new CliError(ExitCode.usage, 'login --sso takes no --email or --password-stdin: the provider says who you are');
        const signedIn = await ssoLogin(url, (message) => out.note(message));
        const file = await saveLogin({ url, accessToken: signedIn.accessToken, expiresAt: signedIn.expiresAt });
        out.result({ url, email: signedIn.email, expiresAt: signedIn.expiresAt, via: 'sso', configFile: file }, () =>
          [
            `logged in to ${url} as ${signedIn.email} (single sign-on)`,
            fields([
              ['expires', signedIn.expiresAt],
              ['stored in', file],
            ]),
          ].join('\n'),
        );
        return;
      }
      if (!options.email) throw new CliError(ExitCode.usage, 'login needs --email <you> (or --sso)');
      const password = options.passwordStdin ? await passwordFromStdin() : await promptPassword(`password for ${options.email}: `);
      const result = await new ApiClient(url).post<LoginResult>('/v1/auth/login', { email: options.email, password });
      const file = await saveLogin({ url, accessToken: result.accessToken, expiresAt: result.expiresAt });
      out.result({ url, email: options.email, expiresAt: result.expiresAt, mustChangePassword: result.mustChangePassword === true, configFile: file }, () =>
        [
          `logged in to ${url} as ${options.email}`,
          fields([
            ['expires', result.expiresAt],
            ['stored in', file],
          ]),
        ].join('\n'),
      );
      if (result.mustChangePassword) out.note('this password is a one-time password: change it (POST /v1/auth/password) before anything else');
    });

  program
    .command('logout')
    .description('end the stored login on the server and remove it from this machine')
    .action(async (_options: object, command: Command) => {
      const out = Output.of(command);
      const stored = await readLogin().catch(() => undefined);
      if (stored) {
        try {
          await new ApiClient(normaliseBaseUrl(stored.url), stored.accessToken).post('/v1/auth/logout');
        } catch (error) {
          // An expired or already revoked session is as good as ended; anything else is worth saying.
          if (!(error instanceof ApiError && error.status === 401))
            out.note(`the server did not end the session (${(error as Error).message}); removing it here anyway`);
        }
      }
      const removed = await removeLogin();
      out.result({ loggedOut: removed, url: stored?.url ?? null }, () => (removed ? `logged out${stored ? ` of ${stored.url}` : ''}` : 'not logged in'));
    });

  program
    .command('whoami')
    .description('who the API takes you for, and your roles')
    .action(async (_options: object, command: Command) => {
      const client = await connect(command);
      const me = await client.get<MeView>('/v1/auth/me');
      Output.of(command).result({ ...me, url: client.baseUrl }, () =>
        [
          me.email,
          fields([
            ['id', me.id],
            ['roles', me.roles.join(', ')],
            ['via', me.via],
            ['api', client.baseUrl],
          ]),
          me.mustChangePassword ? 'your password is a one-time password: change it before anything else' : '',
        ]
          .filter(Boolean)
          .join('\n'),
      );
    });
}

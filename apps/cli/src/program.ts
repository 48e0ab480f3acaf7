/** The `killswitch` command line: global options, and one command group per file. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Command } from 'commander';
import { registerAuditCommands } from './audit.command';
import { registerAuthCommands } from './auth.command';
import { registerCatalogueCommands } from './catalogue.command';
import { registerPasswordCommand } from './password.command';
import { registerDirectoryCommands } from './users.command';
import { registerDeviceCommands } from './devices.command';
import { registerIncidentCommands } from './incidents.command';
import { registerKillCommands } from './kill.command';
import { registerKeysCommands } from './keys.command';
import { registerKillsCommands } from './kills.command';
import { registerLiftCommands } from './lift.command';
import { registerRevocationCommands } from './revocations.command';
import { registerPolicyCommands } from './policies.command';
import { registerProposalCommands } from './proposals.command';
import { registerStatusCommand } from './status.command';
import { registerWebhookCommands } from './webhooks.command';

/** The version of the package this file is part of (dist/apps/cli/src → the repository's package.json). */
function packageVersion(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'killswitch' && pkg.version) return pkg.version;
    } catch {
      // no package.json here: look further up
    }
  }
  return '0.0.0';
}

const EXIT_CODES = `
Exit codes: 0 ok; 1 failed (e.g. audit verification, a --timeout); 2 usage error or input the API
refused (400); 3 not logged in, token refused (401) or not allowed (403); 4 not found (404);
5 conflict (409); 6 the API could not be reached; 130 interrupted (Ctrl-C).

Results go to stdout (JSON with --json); messages and progress to stderr.`;

/** quietErrors: commander's own messages are not printed (main.ts prints every error as JSON under --json). */
export function buildProgram(options: { quietErrors?: boolean } = {}): Command {
  const program = new Command('killswitch');
  if (options.quietErrors) program.configureOutput({ outputError: () => undefined });
  // Set before any subcommand exists: subcommands copy these settings when they are created.
  program
    .description('Kill vendor integrations across the device fleet, watch the revocation reach every device, lift safely.')
    .version(packageVersion(), '-V, --version')
    .option('--url <url>', 'API base URL (default: KILLSWITCH_URL, else the URL of the stored login)')
    .option(
      '--token <token>',
      'bearer token: a session or API token (default: KILLSWITCH_TOKEN, else the stored login); prefer the variable, argv is visible to others',
    )
    .option('--json', 'machine-readable JSON on stdout')
    .exitOverride()
    .configureHelp({ showGlobalOptions: true })
    .addHelpText('after', EXIT_CODES);
  if (!options.quietErrors) program.showHelpAfterError('(add --help for usage)');

  registerAuthCommands(program);
  registerKillCommands(program);
  registerStatusCommand(program);
  registerKillsCommands(program);
  registerLiftCommands(program);
  registerIncidentCommands(program);
  registerAuditCommands(program);
  registerDeviceCommands(program);
  registerRevocationCommands(program);
  registerCatalogueCommands(program);
  registerDirectoryCommands(program);
  registerPasswordCommand(program);
  registerWebhookCommands(program);
  registerProposalCommands(program);
  registerPolicyCommands(program);
  registerKeysCommands(program);
  return program;
}

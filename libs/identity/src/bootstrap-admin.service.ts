import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AuditService } from '@killswitch/audit';
import { EnvConfig } from '@killswitch/config';
import { PrismaService, Role } from '@killswitch/db';
import { PasswordService } from './password.service';
import { normaliseEmail, recordGrants } from './users.service';

const SYSTEM = { type: 'system', label: 'system:bootstrap' } as const;
/** Two API replicas starting together must not both create the first admin. */
const BOOTSTRAP_LOCK_KEY = 727_002;

/**
 * The first admin: from KILLSWITCH_ADMIN_EMAIL/PASSWORD when set, else created on
 * first start with a one-time password printed once (it must be changed at first login).
 */
@Injectable()
export class BootstrapAdminService implements OnApplicationBootstrap {
  private readonly logger = new Logger('bootstrap');

  constructor(
    private readonly prisma: PrismaService,
    private readonly passwords: PasswordService,
    private readonly audit: AuditService,
    private readonly config: EnvConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const configured = this.config.KILLSWITCH_ADMIN_EMAIL;
    const email = normaliseEmail(configured ?? 'admin@killswitch.local');
    const password = this.config.KILLSWITCH_ADMIN_PASSWORD ?? randomBytes(15).toString('base64url');
    const passwordHash = await this.passwords.hash(password);
    const created = await this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${BOOTSTRAP_LOCK_KEY})`;
      if (configured) {
        if (await tx.user.findUnique({ where: { issuer_email: { issuer: '', email } }, select: { id: true } })) return false;
      } else if ((await tx.user.count()) > 0) {
        return false;
      }
      const user = await tx.user.create({ data: { email, passwordHash, roles: [Role.admin], mustChangePassword: !configured } });
      // Granted by nobody: no requester can have made the first admin (four eyes).
      await recordGrants(tx, user.id, user.roles, null);
      await this.audit.record(tx, { actor: SYSTEM }, { action: 'user.create', target: { type: 'user', id: user.id }, after: { email, roles: user.roles } });
      return true;
    });
    if (!created) return;
    if (configured) {
      this.logger.log(`created admin ${email} from KILLSWITCH_ADMIN_EMAIL`);
    } else {
      // Printed to stdout on purpose, once: the only way to reach a fresh install.
      process.stdout.write(`\nKillswitch first admin: ${email}\nOne-time password (change it at first login): ${password}\n\n`);
    }
  }
}

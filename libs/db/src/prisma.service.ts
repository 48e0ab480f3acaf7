import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { EnvConfig } from '@killswitch/config';
import { PrismaClient } from './generated/prisma/client';

/**
 * The one database client of a process. A database that cannot be reached at
 * start-up stops the process: an API that cannot read kill switches must not
 * pretend to be up.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PrismaService.name);

  constructor(config: EnvConfig) {
    super({ adapter: new PrismaPg({ connectionString: config.DATABASE_URL, max: config.DATABASE_POOL_MAX }) });
  }

  async onModuleInit(): Promise<void> {
    await this.$connect();
    await this.$queryRaw`SELECT 1`;
    this.logger.log('connected to PostgreSQL');
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}

/** The transaction client handed to callbacks of `prisma.$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<PrismaService['$transaction']>[0]>[0];

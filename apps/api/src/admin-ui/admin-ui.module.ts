import { Inject, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { AdminUiController } from './admin-ui.controller';
import { ADMIN_UI_DIR, findAdminUiDir } from './admin-ui.files';

/** Gives replies sendFile() (from @fastify/static) without letting it serve any route of its own. */
@Injectable()
class StaticFileSender implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(ADMIN_UI_DIR) private readonly dir: string | undefined,
  ) {}

  onModuleInit(): void {
    if (!this.dir) return;
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    void fastify.register(fastifyStatic, { root: this.dir, serve: false, decorateReply: true, dotfiles: 'deny', index: false });
  }
}

/** The React admin UI (apps/admin, built into dist/admin) at /admin. */
@Module({
  controllers: [AdminUiController],
  providers: [{ provide: ADMIN_UI_DIR, useFactory: () => findAdminUiDir() }, StaticFileSender],
})
export class AdminUiModule {}

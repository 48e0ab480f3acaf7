import { statSync } from 'node:fs';
import path from 'node:path';
import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '@killswitch/http';
import { Public } from '@killswitch/identity';
import { ADMIN_UI_DIR, ADMIN_UI_HEADERS, ADMIN_UI_PATH, IMMUTABLE, REVALIDATE, resolveAdminUiPath } from './admin-ui.files';

/**
 * The admin UI's static files, same origin as the API. Public: they are the
 * same for everyone and hold no data; every API call they make is checked by
 * the guard like any other (the session cookie, CSRF on writes). Declared as
 * Nest routes with @Public so the route policy check sees them too.
 */
@ApiExcludeController()
@Controller(ADMIN_UI_PATH.slice(1))
export class AdminUiController {
  constructor(@Inject(ADMIN_UI_DIR) private readonly dir: string | undefined) {}

  @Get()
  @Public()
  index(@Res() reply: FastifyReply): Promise<void> {
    return this.serve(reply, '');
  }

  @Get('*')
  @Public()
  file(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.serve(reply, (request.url.split('?')[0] ?? '').slice(ADMIN_UI_PATH.length + 1));
  }

  private serve(reply: FastifyReply, rest: string): Promise<void> {
    void reply.headers(ADMIN_UI_HEADERS);
    const dir = this.dir;
    if (!dir) throw new AppError('not_found', 'the admin UI is not built: run npm run admin:build (npm run build does it too)');
    let decoded: string;
    try {
      decoded = decodeURIComponent(rest);
    } catch {
      throw new AppError('not_found', 'no such file in the admin UI');
    }
    const target = resolveAdminUiPath(decoded, (file) => isFile(path.join(dir, file)));
    switch (target.kind) {
      case 'asset':
        return this.send(reply, target.file, IMMUTABLE);
      case 'file':
        return this.send(reply, target.file, REVALIDATE);
      case 'app':
        return this.send(reply, 'index.html', REVALIDATE);
      case 'missing':
        throw new AppError('not_found', 'no such file in the admin UI');
      default: {
        const unmapped: never = target;
        throw new Error(`unmapped admin UI target ${JSON.stringify(unmapped)}`);
      }
    }
  }

  private async send(reply: FastifyReply, file: string, cacheControl: string): Promise<void> {
    await reply.header('cache-control', cacheControl).sendFile(file, this.dir, { cacheControl: false });
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

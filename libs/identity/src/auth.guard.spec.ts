import { Controller, ExecutionContext, Get } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError } from '@killswitch/http';
import { Public } from './access.decorators';
import { AuthGuard } from './auth.guard';
import { bearerOf } from './secrets';
import { RefusalLimiter } from './refusal-limiter';

@Controller()
class Sample {
  @Get() undecorated(): void {}
  @Get() @Public() open(): void {}
}

function contextFor(handler: (...args: never[]) => unknown): ExecutionContext {
  return {
    getHandler: () => handler,
    getClass: () => Sample,
    switchToHttp: () => ({ getRequest: () => ({ headers: {} }) }),
  } as unknown as ExecutionContext;
}

describe(AuthGuard.name, () => {
  const guard = new AuthGuard(new Reflector(), {} as never, {} as never, new RefusalLimiter(10, 60_000));

  it('refuses a route that declares no access policy (deny by default)', async () => {
    await expect(guard.canActivate(contextFor(Sample.prototype.undecorated))).rejects.toThrow(new AppError('forbidden', 'this route is closed'));
  });

  it('lets a public route through without a credential', async () => {
    await expect(guard.canActivate(contextFor(Sample.prototype.open))).resolves.toBe(true);
  });
});

describe(bearerOf.name, () => {
  it('reads a bearer token and ignores anything else', () => {
    expect(bearerOf('Bearer kss_abcdefgh')).toBe('kss_abcdefgh');
    expect(bearerOf('bearer  kss_abcdefgh ')).toBe('kss_abcdefgh');
    expect(bearerOf('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(bearerOf(undefined)).toBeUndefined();
  });
});

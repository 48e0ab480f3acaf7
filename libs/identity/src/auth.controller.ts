import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { requestIdOf } from '@killswitch/http';
import { AllowPendingPasswordChange, Ctx, CurrentUser, Public } from './access.decorators';
import { ChangePasswordDto, LoginDto, LoginResult, MeView } from './dto/auth.dto';
import { LoginThrottlerGuard } from './login-throttler.guard';
import { RequestContext, UserPrincipal } from './principal';
import { ANY_ROLE } from './roles';
import { Roles } from './access.decorators';
import { SessionsService } from './sessions.service';

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(private readonly sessions: SessionsService) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @UseGuards(LoginThrottlerGuard)
  @ApiOkResponse({ type: LoginResult })
  @ApiTooManyRequestsResponse({ description: 'too many attempts from this client; see Retry-After' })
  login(@Body() dto: LoginDto, @Req() request: FastifyRequest): Promise<LoginResult> {
    return this.sessions.login(dto, requestIdOf(request.raw), { ip: request.ip, userAgent: request.headers['user-agent'] });
  }

  @Post('logout')
  @HttpCode(204)
  @Roles(...ANY_ROLE)
  @AllowPendingPasswordChange()
  @ApiBearerAuth()
  logout(@Ctx() ctx: RequestContext): Promise<void> {
    return this.sessions.logout(ctx);
  }

  @Get('me')
  @Roles(...ANY_ROLE)
  @AllowPendingPasswordChange()
  @ApiBearerAuth()
  @ApiOkResponse({ type: MeView })
  me(@CurrentUser() user: UserPrincipal): MeView {
    return { id: user.userId, email: user.email, roles: user.roles, via: user.via, mustChangePassword: user.mustChangePassword };
  }

  @Post('password')
  @HttpCode(204)
  @Roles(...ANY_ROLE)
  @AllowPendingPasswordChange()
  @ApiBearerAuth()
  changePassword(@Ctx() ctx: RequestContext, @Body() dto: ChangePasswordDto): Promise<void> {
    return this.sessions.changePassword(ctx, dto);
  }
}

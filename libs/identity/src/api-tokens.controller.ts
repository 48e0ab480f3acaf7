import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PageQuery, Role } from '@killswitch/db';
import { IdParam } from '@killswitch/http';
import { Roles, UserCtx } from './access.decorators';
import { ApiTokensService } from './api-tokens.service';
import { ApiTokenPage, CreateApiTokenDto, CreatedApiToken } from './dto/api-token.dto';
import { UserContext } from './principal';

/** Auditors read; minting and revoking are changes, so they are not theirs. */
@ApiTags('api-tokens')
@ApiBearerAuth()
@Controller('v1/api-tokens')
export class ApiTokensController {
  constructor(private readonly tokens: ApiTokensService) {}

  @Post()
  @Roles(Role.admin, Role.responder, Role.approver)
  @ApiCreatedResponse({ type: CreatedApiToken, description: 'the token is shown once' })
  create(@UserCtx() ctx: UserContext, @Body() dto: CreateApiTokenDto): Promise<CreatedApiToken> {
    return this.tokens.create(ctx, dto);
  }

  @Get()
  @Roles(Role.admin, Role.responder, Role.approver, Role.auditor)
  @ApiOkResponse({ type: ApiTokenPage })
  list(@UserCtx() ctx: UserContext, @Query() query: PageQuery): Promise<ApiTokenPage> {
    return this.tokens.list(ctx, query.limit, query.cursor);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles(Role.admin, Role.responder, Role.approver)
  revoke(@UserCtx() ctx: UserContext, @IdParam() id: string): Promise<void> {
    return this.tokens.revoke(ctx, id);
  }
}

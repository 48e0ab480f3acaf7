import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags, ApiOperation, ApiNoContentResponse } from '@nestjs/swagger';
import { PageQuery, Role } from '@killswitch/db';
import { ApiErrors, IdParam } from '@killswitch/http';
import { Roles, UserCtx } from './access.decorators';
import { ApiTokensService } from './api-tokens.service';
import { ApiTokenPage, CreateApiTokenDto, CreatedApiToken } from './dto/api-token.dto';
import { UserContext } from './principal';

/** Auditors read; minting and revoking are changes, so they are not theirs. */
@ApiTags('api-tokens')
@Controller('v1/api-tokens')
export class ApiTokensController {
  constructor(private readonly tokens: ApiTokensService) {}

  @Post()
  @Roles(Role.admin, Role.responder, Role.approver)
  @ApiCreatedResponse({ type: CreatedApiToken, description: 'the token is shown once' })
  @ApiOperation({ summary: "Mint an API token, with at most the caller's roles" })
  @ApiErrors(['forbidden', 'an API token cannot mint API tokens: sign in as a person'])
  create(@UserCtx() ctx: UserContext, @Body() dto: CreateApiTokenDto): Promise<CreatedApiToken> {
    return this.tokens.create(ctx, dto);
  }

  @Get()
  @Roles(Role.admin, Role.responder, Role.approver, Role.auditor)
  @ApiOkResponse({ type: ApiTokenPage })
  @ApiOperation({ summary: "List the caller's API tokens (all of them for an admin)" })
  list(@UserCtx() ctx: UserContext, @Query() query: PageQuery): Promise<ApiTokenPage> {
    return this.tokens.list(ctx, query.limit, query.cursor);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles(Role.admin, Role.responder, Role.approver)
  @ApiOperation({ summary: 'Revoke an API token' })
  @ApiNoContentResponse({ description: 'revoked: the token no longer authenticates' })
  @ApiErrors(['not_found', 'API token 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist'], 'api_token_already_revoked')
  revoke(@UserCtx() ctx: UserContext, @IdParam() id: string): Promise<void> {
    return this.tokens.revoke(ctx, id);
  }
}

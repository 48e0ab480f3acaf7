import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { PageQuery, Role } from '@killswitch/db';
import { ApiErrors, IdParam } from '@killswitch/http';
import { Roles, UserCtx } from './access.decorators';
import { CreateUserDto, UpdateUserDto, UserPage, UserView } from './dto/user.dto';
import { UserContext } from './principal';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Roles(Role.admin)
  @ApiCreatedResponse({ type: UserView })
  @ApiOperation({ summary: 'Create a user with a one-time password' })
  @ApiErrors('already_exists')
  create(@UserCtx() ctx: UserContext, @Body() dto: CreateUserDto): Promise<UserView> {
    return this.users.create(ctx, dto);
  }

  @Get()
  @Roles(Role.admin, Role.auditor)
  @ApiOkResponse({ type: UserPage })
  @ApiOperation({ summary: 'List users' })
  list(@Query() query: PageQuery): Promise<UserPage> {
    return this.users.list(query.limit, query.cursor);
  }

  @Get(':id')
  @Roles(Role.admin, Role.auditor)
  @ApiOkResponse({ type: UserView })
  @ApiOperation({ summary: 'Get a user' })
  @ApiErrors(['not_found', 'user 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist'])
  get(@IdParam() id: string): Promise<UserView> {
    return this.users.get(id);
  }

  @Patch(':id')
  @Roles(Role.admin)
  @ApiOkResponse({ type: UserView })
  @ApiOperation({ summary: "Change a user's roles or disable them" })
  @ApiErrors(['not_found', 'user 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist'], 'last_admin')
  update(@UserCtx() ctx: UserContext, @IdParam() id: string, @Body() dto: UpdateUserDto): Promise<UserView> {
    return this.users.update(ctx, id, dto);
  }
}

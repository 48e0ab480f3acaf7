import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PageQuery, Role } from '@killswitch/db';
import { IdParam } from '@killswitch/http';
import { Roles, UserCtx } from './access.decorators';
import { CreateUserDto, UpdateUserDto, UserPage, UserView } from './dto/user.dto';
import { UserContext } from './principal';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Roles(Role.admin)
  @ApiCreatedResponse({ type: UserView })
  create(@UserCtx() ctx: UserContext, @Body() dto: CreateUserDto): Promise<UserView> {
    return this.users.create(ctx, dto);
  }

  @Get()
  @Roles(Role.admin, Role.auditor)
  @ApiOkResponse({ type: UserPage })
  list(@Query() query: PageQuery): Promise<UserPage> {
    return this.users.list(query.limit, query.cursor);
  }

  @Get(':id')
  @Roles(Role.admin, Role.auditor)
  @ApiOkResponse({ type: UserView })
  get(@IdParam() id: string): Promise<UserView> {
    return this.users.get(id);
  }

  @Patch(':id')
  @Roles(Role.admin)
  @ApiOkResponse({ type: UserView })
  update(@UserCtx() ctx: UserContext, @IdParam() id: string, @Body() dto: UpdateUserDto): Promise<UserView> {
    return this.users.update(ctx, id, dto);
  }
}

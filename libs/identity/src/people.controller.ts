import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PrismaService, Role } from '@killswitch/db';
import { Roles } from './access.decorators';
import { PeopleQuery, PersonList } from './dto/person.dto';

/**
 * The directory, as far as the people who decide need it: an approver sees
 * who asked for a lift by name and email, not by id. Roles, state, and who
 * created whom stay in GET /v1/users (admins and auditors).
 */
@ApiTags('users')
@Controller('v1/people')
export class PeopleController {
  constructor(private readonly prisma: PrismaService) {}

  @Get()
  @Roles(Role.admin, Role.responder, Role.approver, Role.auditor)
  @ApiOperation({ summary: 'Names and emails of people by id (who asked for a lift, who decided it)' })
  @ApiOkResponse({ type: PersonList })
  async list(@Query() query: PeopleQuery): Promise<PersonList> {
    const ids = [...new Set(query.ids.toLowerCase().split(','))];
    const found = await this.prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, email: true, issuer: true } });
    const byId = new Map(found.map((person) => [person.id, { ...person, issuer: person.issuer || null }]));
    return { items: ids.flatMap((id) => byId.get(id) ?? []) };
  }
}

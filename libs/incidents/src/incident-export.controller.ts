import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IdParam } from '@killswitch/http';
import { ANY_ROLE, Roles } from '@killswitch/identity';
import { ExportQuery, Postmortem } from './dto/postmortem.dto';
import { renderPostmortemMarkdown } from './postmortem-markdown';
import { PostmortemService } from './postmortem.service';

@ApiTags('incidents')
@ApiBearerAuth()
@Controller('v1/incidents/:id/export')
export class IncidentExportController {
  constructor(private readonly postmortems: PostmortemService) {}

  @Get()
  @Roles(...ANY_ROLE)
  @ApiProduces('application/json', 'text/markdown')
  @ApiOkResponse({ type: Postmortem, description: 'the postmortem: JSON (default) or, with format=md, Markdown; sent as an attachment' })
  async export(@IdParam() id: string, @Query() query: ExportQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<Postmortem | string> {
    const format = query.format ?? 'json';
    const postmortem = await this.postmortems.build(id);
    void reply.header('content-disposition', `attachment; filename="incident-${id}-postmortem.${format}"`);
    if (format === 'json') return postmortem;
    void reply.header('content-type', 'text/markdown; charset=utf-8');
    return renderPostmortemMarkdown(postmortem);
  }
}

import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiErrors, IdParam } from '@killswitch/http';
import { ANY_ROLE, Roles } from '@killswitch/identity';
import { ExportQuery, Postmortem } from './dto/postmortem.dto';
import { renderPostmortemMarkdown } from './postmortem-markdown';
import { PostmortemService } from './postmortem.service';

@ApiTags('incidents')
@Controller('v1/incidents/:id/export')
export class IncidentExportController {
  constructor(private readonly postmortems: PostmortemService) {}

  @Get()
  @Roles(...ANY_ROLE)
  @ApiProduces('application/json', 'text/markdown')
  @ApiOkResponse({ type: Postmortem, description: 'the postmortem: JSON (default) or, with format=md, Markdown; sent as an attachment' })
  @ApiOperation({ summary: "Export an incident's postmortem (JSON or Markdown)" })
  @ApiErrors(['not_found', 'incident 3f1c9a2e-5b7d-4c8e-9a1f-2d3e4f5a6b7c does not exist'])
  async export(@IdParam() id: string, @Query() query: ExportQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<Postmortem | string> {
    const format = query.format ?? 'json';
    const postmortem = await this.postmortems.build(id);
    void reply.header('content-disposition', `attachment; filename="incident-${id}-postmortem.${format}"`);
    if (format === 'json') return postmortem;
    void reply.header('content-type', 'text/markdown; charset=utf-8');
    return renderPostmortemMarkdown(postmortem);
  }
}

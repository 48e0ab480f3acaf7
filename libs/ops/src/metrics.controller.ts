import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@killswitch/identity';
import { metricsRegistry } from '@killswitch/metrics';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  @Get()
  @Public()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics of this API instance (text exposition format)' })
  @ApiResponse({
    status: 200,
    description: 'text/plain; version=0.0.4',
    content: {
      'text/plain': {
        schema: { type: 'string' },
        example:
          '# HELP killswitch_http_errors_total HTTP responses with status >= 500\n# TYPE killswitch_http_errors_total counter\nkillswitch_http_errors_total{route="/v1/kill-switches"} 0\n',
      },
    },
  })
  metrics(): Promise<string> {
    return metricsRegistry.metrics();
  }
}

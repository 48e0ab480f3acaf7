import { Controller, Get, Header, Headers } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { EnvConfig } from '@killswitch/config';
import { ApiErrors, AppError } from '@killswitch/http';
import { Public } from '@killswitch/identity';
import { metricsRegistry } from '@killswitch/metrics';
import { METRICS_TOKEN_REFUSED, metricsScrapeAllowed } from './metrics-token';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly config: EnvConfig) {}

  @Get()
  @Public()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({
    summary: 'Prometheus metrics of this API instance (text exposition format)',
    description:
      'No credential by default. With METRICS_TOKEN set, only `Authorization: Bearer <METRICS_TOKEN>` is answered (401 otherwise). The state gauges (from PostgreSQL and Redis) are read at most once every 5 s, however many scrapes.',
  })
  @ApiErrors(['unauthenticated', METRICS_TOKEN_REFUSED])
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
  metrics(@Headers('authorization') authorization: string | undefined): Promise<string> {
    if (!metricsScrapeAllowed(this.config, authorization)) throw new AppError('unauthenticated', METRICS_TOKEN_REFUSED);
    return metricsRegistry.metrics();
  }
}

import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { MetricsServer } from './metrics-server';
import { StateMetrics } from './state-metrics';
import { StateReader } from './state-reader';

/** The API's /health/* and /metrics, with the state gauges. */
@Module({ imports: [TerminusModule], controllers: [HealthController, MetricsController], providers: [StateReader, StateMetrics] })
export class OpsModule {}

/** The worker's /metrics, on its own port (WORKER_METRICS_PORT), with the same state gauges. */
@Module({ providers: [StateReader, StateMetrics, MetricsServer], exports: [MetricsServer] })
export class WorkerOpsModule {}

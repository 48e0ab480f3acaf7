import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadConfig } from '@killswitch/config';
import { exitCleanlyOnSignal, failStartup } from '@killswitch/ops';
import { WorkerModule } from './worker.module';

/** The worker is a Nest application context with no HTTP listener but its /metrics port (WORKER_METRICS_PORT). */
async function main(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true, abortOnError: false });
  const logger = app.get(Logger);
  app.useLogger(logger);
  exitCleanlyOnSignal(app, logger);
  await app.init();
  logger.log('worker started');
}

main().catch((error: unknown) => failStartup('killswitch worker', error));

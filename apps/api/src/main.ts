import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { loadConfig } from '@killswitch/config';
import { applyHeapCompaction, exitCleanlyOnSignal, failStartup } from '@killswitch/ops';
import { createApiApp } from './create-api-app';

async function main(): Promise<void> {
  const config = loadConfig();
  applyHeapCompaction(config);
  const app = await createApiApp(config);
  const logger = app.get(Logger);
  exitCleanlyOnSignal(app, logger);
  await app.listen({ port: config.PORT, host: config.HOST });
  logger.log(`API listening on http://${config.HOST}:${config.PORT}`);
}

main().catch((error: unknown) => failStartup('killswitch api', error));

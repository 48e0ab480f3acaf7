import type { INestApplicationContext, LoggerService } from '@nestjs/common';

/**
 * SIGTERM/SIGINT close the application (in-flight requests and jobs drain)
 * and the process exits 0; Nest's own shutdown hooks would re-raise the
 * signal and exit 143. A second signal, or a drain slower than the grace
 * period, exits at once with 1.
 */
export function exitCleanlyOnSignal(app: INestApplicationContext, logger: LoggerService, graceMs = 25_000): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) process.exit(1);
    closing = true;
    logger.log(`${signal} received: draining`);
    const timer = setTimeout(() => {
      logger.error(`drain took longer than ${graceMs} ms: exiting`);
      process.exit(1);
    }, graceMs);
    timer.unref();
    app
      .close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error(`shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/** One line on stderr and exit 1: how a process that cannot start says why. */
export function failStartup(component: string, error: unknown): never {
  process.stderr.write(`${component} cannot start: ${describeError(error)}\n`);
  process.exit(1);
}

/** The most telling text of an error: its message, else its code, else its first cause (AggregateError from a dual-stack connect has neither). */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.message) {
    // Prisma's messages open with a blank line and "Invalid `prisma…` invocation:"; the cause is on the last line.
    const lines = error.message
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    return (lines[0].startsWith('Invalid `') ? lines[lines.length - 1] : lines[0]) ?? error.name;
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const inner = error instanceof AggregateError ? error.errors[0] : error.cause;
  return inner === undefined ? error.name : describeError(inner);
}

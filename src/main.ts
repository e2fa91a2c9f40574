/**
 * Process entry point: configuration, then telemetry (before restify, http and pg are loaded, so
 * their auto-instrumentation applies), then the app; report where, and shut down gracefully on
 * SIGTERM/SIGINT, flushing telemetry last.
 */
import { ConfigError, loadConfig } from './config/config';
import { createLogger } from './config/logger';
import { startTelemetry } from './telemetry';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const telemetry = await startTelemetry(config);
  const logger = createLogger(config.logLevel, undefined, telemetry.logDestination);
  if (telemetry.enabled) logger.info('telemetry to Application Insights started (traces, metrics, logs)');
  else logger.debug('telemetry off (APPLICATIONINSIGHTS_CONNECTION_STRING is not set)');
  const { startApp } = await import('./http/app');
  const app = await startApp(config, logger);
  logger.info(
    {
      url: app.url,
      database: app.db.kind,
      dataDir: app.db.kind === 'pglite' ? config.dataDir : undefined,
      mode: config.bot ? 'bot credentials' : 'local (loopback only)',
    },
    'Samsyn is listening',
  );

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app.close().then(
      () =>
        telemetry.shutdown().then(
          () => process.exit(0),
          (err: unknown) => {
            logger.warn({ err: { name: err instanceof Error ? err.name : 'unknown' } }, 'telemetry flush failed');
            process.exit(0);
          },
        ),
      (err: unknown) => {
        logger.error({ err: { name: err instanceof Error ? err.name : 'unknown' } }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  console.error('Samsyn failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});

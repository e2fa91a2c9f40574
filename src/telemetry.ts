/**
 * OpenTelemetry traces and metrics to Application Insights (the Azure Monitor distro), started only
 * when APPLICATIONINSIGHTS_CONNECTION_STRING is configured. main.ts starts it before the HTTP server,
 * restify and pg are loaded, so their auto-instrumentation applies.
 *
 * Personal data stays out: no request or response bodies or headers are recorded (the distro records
 * none unless told to), database spans carry the parameterised SQL text but never its values, and
 * URL query strings are removed from every HTTP span (incoming and outgoing). Live Metrics, which
 * samples whole requests, stays off.
 */
import type { IncomingMessage, RequestOptions } from 'node:http';
import type { AzureMonitorOpenTelemetryOptions } from '@azure/monitor-opentelemetry';
import type { Config } from './config/config';
import type { Logger } from './config/logger';

export interface Telemetry {
  readonly enabled: boolean;
  /** Flushes what is buffered and stops (graceful shutdown). */
  shutdown(): Promise<void>;
}

/** The distro's start and shutdown; tests pass stand-ins. */
export interface TelemetrySdk {
  start(options: AzureMonitorOpenTelemetryOptions): void | Promise<void>;
  shutdown(): Promise<void>;
}

const azureMonitor: TelemetrySdk = {
  async start(options) {
    const { useAzureMonitor } = await import('@azure/monitor-opentelemetry');
    useAzureMonitor(options);
  },
  async shutdown() {
    const { shutdownAzureMonitor } = await import('@azure/monitor-opentelemetry');
    await shutdownAzureMonitor();
  },
};

const withoutQuery = (pathAndQuery: string): string => pathAndQuery.split(/[?#]/, 1)[0] ?? '';

/**
 * Attributes that replace the instrumentation's own URL attributes on an incoming request's span:
 * the path only. (`undefined` values are not recorded, which drops `url.query`.)
 */
export function incomingSpanAttributes(request: Pick<IncomingMessage, 'url' | 'headers'>): Record<string, string | undefined> {
  const path = withoutQuery(request.url ?? '/') || '/';
  const host = request.headers.host ?? 'localhost';
  return { 'http.target': path, 'http.url': `http://${host}${path}`, 'url.path': path, 'url.query': undefined };
}

/** The same for an outgoing request (Graph, the Bot Connector): the URL without its query string. */
export function outgoingSpanAttributes(options: Pick<RequestOptions, 'protocol' | 'hostname' | 'host' | 'port' | 'path'>): Record<string, string | undefined> {
  const protocol = options.protocol ?? 'http:';
  const defaultPort = protocol === 'https:' ? '443' : '80';
  const port = options.port !== undefined && options.port !== null && String(options.port) !== defaultPort ? `:${options.port}` : '';
  const path = withoutQuery(options.path ?? '/') || '/';
  const url = `${protocol}//${options.hostname ?? options.host ?? 'localhost'}${port}${path}`;
  return { 'http.target': path, 'http.url': url, 'url.full': url };
}

/** The distro's options: our connection string, the instrumentations we use, nothing personal. */
export function telemetryOptions(connectionString: string): AzureMonitorOpenTelemetryOptions {
  const http = {
    enabled: true,
    startIncomingSpanHook: (request: IncomingMessage) => incomingSpanAttributes(request),
    startOutgoingSpanHook: (options: RequestOptions) => outgoingSpanAttributes(options),
  };
  // Parameterised SQL only: the values (which may be personal) are never added to the span.
  const postgreSql = { enabled: true, enhancedDatabaseReporting: false };
  return {
    azureMonitorExporterOptions: { connectionString },
    enableLiveMetrics: false,
    instrumentationOptions: {
      http,
      postgreSql,
      azureSdk: { enabled: true },
      mongoDb: { enabled: false },
      mySql: { enabled: false },
      redis: { enabled: false },
      redis4: { enabled: false },
      bunyan: { enabled: false },
      winston: { enabled: false },
    },
  };
}

/** Starts telemetry when the connection string is configured; otherwise a handle that does nothing. */
export async function startTelemetry(config: Pick<Config, 'applicationInsightsConnectionString'>, logger: Logger, sdk: TelemetrySdk = azureMonitor): Promise<Telemetry> {
  const connectionString = config.applicationInsightsConnectionString;
  if (connectionString === undefined) {
    logger.debug('telemetry off (APPLICATIONINSIGHTS_CONNECTION_STRING is not set)');
    return { enabled: false, shutdown: async () => {} };
  }
  await sdk.start(telemetryOptions(connectionString));
  logger.info('telemetry to Application Insights started');
  let stopping: Promise<void> | undefined;
  return {
    enabled: true,
    shutdown() {
      stopping ??= sdk.shutdown();
      return stopping;
    },
  };
}

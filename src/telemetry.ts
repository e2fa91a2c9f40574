/**
 * OpenTelemetry traces, metrics and logs to Application Insights (the Azure Monitor distro), started
 * only when APPLICATIONINSIGHTS_CONNECTION_STRING is configured. main.ts starts it before the HTTP
 * server, restify and pg are loaded, so their auto-instrumentation applies. Every outbound request is
 * traced: `node:http` by the distro, `fetch` (Microsoft Graph, Entra's key set) by the undici
 * instrumentation added here. Logs go there too, through the logger's own redaction.
 *
 * Personal data stays out: no request or response bodies or headers are recorded (the distro records
 * none unless told to), database spans carry the parameterised SQL text but never its values, and
 * URLs lose their query strings and id segments on every HTTP span (src/telemetry-attributes.ts).
 * Live Metrics, which samples whole requests, stays off.
 */
import type { IncomingMessage, RequestOptions } from 'node:http';
import type { AzureMonitorOpenTelemetryOptions } from '@azure/monitor-opentelemetry';
import type { UndiciInstrumentationConfig } from '@opentelemetry/instrumentation-undici';
import type { DestinationStream } from 'pino';
import type { Config } from './config/config';
import { fetchSpanAttributes, incomingSpanAttributes, outgoingSpanAttributes } from './telemetry-attributes';
import { openTelemetryLogStream } from './telemetry-log-stream';

export { incomingSpanAttributes, outgoingSpanAttributes } from './telemetry-attributes';

export interface Telemetry {
  readonly enabled: boolean;
  /** Where the logger also writes, so logs are exported (present only when enabled). */
  readonly logDestination?: DestinationStream;
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

/** `fetch` spans: the URL without query or ids (no headers are recorded). */
export function fetchInstrumentationConfig(): UndiciInstrumentationConfig {
  return { startSpanHook: (request) => fetchSpanAttributes(request) };
}

/**
 * Starts telemetry when the connection string is configured; otherwise a handle that does nothing.
 * After the distro has registered its providers, the fetch instrumentation (bound to them) and the
 * log destination are made; main.ts creates the logger with that destination.
 */
export async function startTelemetry(
  config: Pick<Config, 'applicationInsightsConnectionString'>,
  sdk: TelemetrySdk = azureMonitor,
): Promise<Telemetry> {
  const connectionString = config.applicationInsightsConnectionString;
  if (connectionString === undefined) return { enabled: false, shutdown: async () => {} };
  await sdk.start(telemetryOptions(connectionString));
  // Loaded only when telemetry is on, like the distro: a start without it stays as light as before.
  const { UndiciInstrumentation } = await import('@opentelemetry/instrumentation-undici');
  const fetchSpans = new UndiciInstrumentation(fetchInstrumentationConfig());
  let stopping: Promise<void> | undefined;
  return {
    enabled: true,
    logDestination: openTelemetryLogStream(),
    shutdown() {
      stopping ??= sdk.shutdown().finally(() => fetchSpans.disable());
      return stopping;
    },
  };
}

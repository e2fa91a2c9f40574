/**
 * Telemetry configuration: off without APPLICATIONINSIGHTS_CONNECTION_STRING, started (distro stubbed
 * at the outer edge) with it, with no query strings on HTTP spans and no SQL values; the connection
 * string is validated and never echoed; shutdown flushes once.
 */
import assert from 'node:assert/strict';
import type { IncomingMessage, RequestOptions } from 'node:http';
import pino from 'pino';
import sinon from 'sinon';
import type { AzureMonitorOpenTelemetryOptions } from '@azure/monitor-opentelemetry';
import { ConfigError, loadConfig } from '../../src/config/config';
import { startTelemetry, type TelemetrySdk } from '../../src/telemetry';

const connectionString = 'InstrumentationKey=00000000-0000-4000-8000-00000000abcd;IngestionEndpoint=https://swedencentral-0.in.applicationinsights.azure.com/;LiveEndpoint=https://swedencentral.livediagnostics.monitor.azure.com/';
const silent = pino({ level: 'silent' });

function stubSdk() {
  const start = sinon.stub<[AzureMonitorOpenTelemetryOptions], void>();
  const shutdown = sinon.stub<[], Promise<void>>().resolves();
  const sdk: TelemetrySdk = { start, shutdown };
  return { sdk, start, shutdown };
}

type HttpHooks = {
  startIncomingSpanHook(request: Pick<IncomingMessage, 'url' | 'headers'>): Record<string, unknown>;
  startOutgoingSpanHook(options: RequestOptions): Record<string, unknown>;
};

describe('telemetry', () => {
  it('is not started without APPLICATIONINSIGHTS_CONNECTION_STRING', async () => {
    const { sdk, start, shutdown } = stubSdk();
    const config = loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: '' });
    assert.equal(config.applicationInsightsConnectionString, undefined);
    const telemetry = await startTelemetry(config, silent, sdk);
    assert.equal(telemetry.enabled, false);
    await telemetry.shutdown();
    assert.equal(start.callCount, 0);
    assert.equal(shutdown.callCount, 0);
  });

  it('is started with the connection string, Live Metrics off, no SQL values', async () => {
    const { sdk, start } = stubSdk();
    const telemetry = await startTelemetry(loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: connectionString }), silent, sdk);
    assert.equal(telemetry.enabled, true);
    assert.equal(start.callCount, 1);
    const options = start.firstCall.args[0];
    assert.equal(options.azureMonitorExporterOptions?.connectionString, connectionString);
    assert.equal(options.enableLiveMetrics, false);
    const instrumentations = options.instrumentationOptions ?? {};
    assert.equal(instrumentations.http?.enabled, true);
    assert.deepEqual(instrumentations.postgreSql, { enabled: true, enhancedDatabaseReporting: false });
  });

  it('removes query strings from incoming and outgoing HTTP spans', async () => {
    const { sdk, start } = stubSdk();
    await startTelemetry(loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: connectionString }), silent, sdk);
    const http = start.firstCall.args[0].instrumentationOptions?.http as unknown as HttpHooks;

    const incoming = http.startIncomingSpanHook({ url: '/api/tab/cases/5f0c?pnr=20150412-2381&name=Kim#x', headers: { host: 'samsyn.example' } });
    assert.deepEqual(incoming, { 'http.target': '/api/tab/cases/5f0c', 'http.url': 'http://samsyn.example/api/tab/cases/5f0c', 'url.path': '/api/tab/cases/5f0c', 'url.query': undefined });
    assert.ok('url.query' in incoming, 'the hook overrides url.query (undefined is not recorded)');

    const outgoing = http.startOutgoingSpanHook({ protocol: 'https:', hostname: 'graph.microsoft.com', port: 443, path: '/v1.0/users/abc/events?$filter=subject eq \'Kim\'' });
    assert.deepEqual(outgoing, { 'http.target': '/v1.0/users/abc/events', 'http.url': 'https://graph.microsoft.com/v1.0/users/abc/events', 'url.full': 'https://graph.microsoft.com/v1.0/users/abc/events' });
    const local = http.startOutgoingSpanHook({ protocol: 'http:', host: '127.0.0.1', port: 8443, path: '/v3/conversations?x=1' });
    assert.equal(local['url.full'], 'http://127.0.0.1:8443/v3/conversations');
  });

  it('flushes once on shutdown', async () => {
    const { sdk, shutdown } = stubSdk();
    const telemetry = await startTelemetry(loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: connectionString }), silent, sdk);
    await Promise.all([telemetry.shutdown(), telemetry.shutdown()]);
    assert.equal(shutdown.callCount, 1);
  });

  it('refuses a value that is not a connection string, without echoing it', () => {
    const secret = 'https://example.invalid/secret-value-123';
    assert.throws(
      () => loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: secret }),
      (err: unknown) => err instanceof ConfigError && /APPLICATIONINSIGHTS_CONNECTION_STRING: must be an Application Insights connection string/.test(err.message) && !err.message.includes('secret-value-123'),
    );
    assert.throws(() => loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=not-a-guid' }), ConfigError);
  });
});

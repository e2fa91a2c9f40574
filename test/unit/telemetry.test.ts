/**
 * Telemetry configuration: off without APPLICATIONINSIGHTS_CONNECTION_STRING, started (distro stubbed
 * at the outer edge) with it, with no query strings or ids on HTTP spans and no SQL values; logs are
 * exported through OpenTelemetry with the logger's redaction; the connection string is validated and
 * never echoed; shutdown flushes once. (A Graph call's span: test/graph/telemetry-spans.test.ts.)
 */
import assert from 'node:assert/strict';
import type { IncomingMessage, RequestOptions } from 'node:http';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import sinon from 'sinon';
import type { AzureMonitorOpenTelemetryOptions } from '@azure/monitor-opentelemetry';
import { ConfigError, loadConfig } from '../../src/config/config';
import { createLogger } from '../../src/config/logger';
import { startTelemetry, type TelemetrySdk } from '../../src/telemetry';
import { openTelemetryLogStream } from '../../src/telemetry-log-stream';

const connectionString =
  'InstrumentationKey=00000000-0000-4000-8000-00000000abcd;IngestionEndpoint=https://swedencentral-0.in.applicationinsights.azure.com/;LiveEndpoint=https://swedencentral.livediagnostics.monitor.azure.com/';

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
    const telemetry = await startTelemetry(config, sdk);
    assert.equal(telemetry.enabled, false);
    assert.equal(telemetry.logDestination, undefined, 'no log export');
    await telemetry.shutdown();
    assert.equal(start.callCount, 0);
    assert.equal(shutdown.callCount, 0);
  });

  it('is started with the connection string, Live Metrics off, no SQL values', async () => {
    const { sdk, start } = stubSdk();
    const telemetry = await startTelemetry(
      loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: connectionString }),
      sdk,
    );
    assert.equal(telemetry.enabled, true);
    assert.equal(start.callCount, 1);
    const options = start.firstCall.args[0];
    assert.equal(options.azureMonitorExporterOptions?.connectionString, connectionString);
    assert.equal(options.enableLiveMetrics, false);
    const instrumentations = options.instrumentationOptions ?? {};
    assert.equal(instrumentations.http?.enabled, true);
    assert.deepEqual(instrumentations.postgreSql, { enabled: true, enhancedDatabaseReporting: false });
    await telemetry.shutdown();
  });

  it('removes query strings and ids from incoming and outgoing HTTP spans', async () => {
    const { sdk, start } = stubSdk();
    const telemetry = await startTelemetry(
      loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: connectionString }),
      sdk,
    );
    const http = start.firstCall.args[0].instrumentationOptions?.http as unknown as HttpHooks;

    const incoming = http.startIncomingSpanHook({
      url: '/api/tab/cases/5f0c9a2e-1111-4a5b-8c9d-000000000001?pnr=20150412-2381&name=Kim#x',
      headers: { host: 'samsyn.example' },
    });
    assert.deepEqual(incoming, {
      'http.target': '/api/tab/cases/{id}',
      'http.url': 'http://samsyn.example/api/tab/cases/{id}',
      'url.path': '/api/tab/cases/{id}',
      'url.query': undefined,
    });
    assert.ok('url.query' in incoming, 'the hook overrides url.query (undefined is not recorded)');
    assert.equal(
      http.startIncomingSpanHook({ url: '/api/family-plan/Zm9vYmFyMTIz', headers: {} })['url.path'],
      '/api/family-plan/{id}',
      'a one-time link token',
    );
    assert.equal(
      http.startIncomingSpanHook({ url: '/api/tab/cases/{x}/plan.pdf?lang=sv', headers: {} })['url.path'],
      '/api/tab/cases/{id}/plan.pdf',
    );

    const outgoing = http.startOutgoingSpanHook({
      protocol: 'https:',
      hostname: 'graph.microsoft.com',
      port: 443,
      path: "/v1.0/users/anna.lind%40lunda.se/events?$filter=subject eq 'Kim'",
    });
    const graphUrl = 'https://graph.microsoft.com/v1.0/users/{id}/events';
    assert.deepEqual(outgoing, {
      'http.target': '/v1.0/users/{id}/events',
      'http.url': graphUrl,
      'url.full': graphUrl,
      'url.path': '/v1.0/users/{id}/events',
      'url.query': undefined,
    });
    const local = http.startOutgoingSpanHook({
      protocol: 'http:',
      host: '127.0.0.1',
      port: 8443,
      path: '/v3/conversations/a%3A1xYz/activities?x=1',
    });
    assert.equal(local['url.full'], 'http://127.0.0.1:8443/v3/conversations/{id}/activities');
    await telemetry.shutdown();
  });

  it("exports logs through OpenTelemetry with the logger's redaction, as stdout gets them", async () => {
    const exporter = new InMemoryLogRecordExporter();
    const provider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor(exporter)] });
    const stdout: string[] = [];
    const logger = createLogger(
      'debug',
      { write: (line: string) => void stdout.push(line) },
      openTelemetryLogStream(provider),
    );
    const personal = ['20150412-2381', 'Kim Andersson', 'kim@example.se', 'Bearer eyJ', 's3cret'];
    logger.info(
      { requestId: '0b9f3c2e-1111-4a5b-8c9d-000000000009', verb: 'wheel.save', durationMs: 12 },
      'card action',
    );
    logger.error(
      {
        err: Object.assign(new Error('duplicate key (pnr)=(20150412-2381) Kim Andersson'), { code: '23505' }),
        req: { method: 'GET', url: '/api/tab/cases?name=Kim Andersson', headers: { authorization: 'Bearer eyJ' } },
        token: 's3cret',
      },
      'request failed',
    );
    logger.trace({ email: 'kim@example.se' }, 'below the level: neither written nor exported');

    const records = exporter.getFinishedLogRecords();
    assert.equal(records.length, 2);
    assert.equal(stdout.length, 2);
    const [info, error] = records;
    assert.equal(info?.body, 'card action');
    assert.equal(info?.severityText, 'INFO');
    assert.deepEqual(info?.attributes, {
      service: 'samsyn',
      requestId: '0b9f3c2e-1111-4a5b-8c9d-000000000009',
      verb: 'wheel.save',
      durationMs: 12,
    });
    assert.equal(error?.severityText, 'ERROR');
    assert.deepEqual(error?.attributes, {
      service: 'samsyn',
      'err.name': 'Error',
      'err.code': '23505',
      'req.method': 'GET',
      token: '[redacted]',
    });
    const exported = JSON.stringify(records.map((r) => ({ body: r.body, attributes: r.attributes })));
    for (const value of personal) assert.ok(!exported.includes(value), `${value} was exported`);
    for (const value of personal) assert.ok(!stdout.join('').includes(value), `${value} was written`);
    await provider.shutdown();
  });

  it("passes telemetry's log destination to the logger only when enabled", async () => {
    const { sdk } = stubSdk();
    const telemetry = await startTelemetry(
      loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: connectionString }),
      sdk,
    );
    assert.equal(typeof telemetry.logDestination?.write, 'function');
    await telemetry.shutdown();
  });

  it('flushes once on shutdown', async () => {
    const { sdk, shutdown } = stubSdk();
    const telemetry = await startTelemetry(
      loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: connectionString }),
      sdk,
    );
    await Promise.all([telemetry.shutdown(), telemetry.shutdown()]);
    assert.equal(shutdown.callCount, 1);
  });

  it('refuses a value that is not a connection string, without echoing it', () => {
    const secret = 'https://example.invalid/secret-value-123';
    assert.throws(
      () => loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: secret }),
      (err: unknown) =>
        err instanceof ConfigError &&
        /APPLICATIONINSIGHTS_CONNECTION_STRING: must be an Application Insights connection string/.test(err.message) &&
        !err.message.includes('secret-value-123'),
    );
    assert.throws(
      () => loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=not-a-guid' }),
      ConfigError,
    );
  });
});

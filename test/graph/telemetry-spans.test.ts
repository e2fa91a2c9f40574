/**
 * Every outbound request is traced, with no personal data in the span: telemetry is started the way
 * main.ts starts it — the distro stubbed at the outer edge, registering an in-memory tracer provider
 * as the real one registers Azure Monitor's — and Microsoft Graph is called through our client (fetch)
 * against the stand-in. The span names the operation (method, host, path with ids replaced, status)
 * and holds no query string, channel name, user id or token. A control with the fetch instrumentation
 * unconfigured shows what the redaction removes.
 */
import assert from 'node:assert/strict';
import { trace, SpanKind } from '@opentelemetry/api';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { loadConfig } from '../../src/config/config';
import { graphCalendar } from '../../src/graph/calendar-port';
import { findChannelByName } from '../../src/graph/channels';
import { startTelemetry, type Telemetry } from '../../src/telemetry';
import { standInWithClient } from './support';

const connectionString =
  'InstrumentationKey=00000000-0000-4000-8000-00000000abcd;IngestionEndpoint=https://swedencentral-0.in.applicationinsights.azure.com/';
const anna = '6f1c2d3e-0001-4a5b-8c9d-000000000001';
const bo = '6f1c2d3e-0002-4a5b-8c9d-000000000002';
const channelName = 'Samsyn 2026-0042';
const team = '7e2d1c3b-0000-4a5b-8c9d-00000000aaaa';
/** What must never reach a span: the filter, the channel's name, the people, the team, the token. */
const personal = [
  '$filter',
  'displayName',
  channelName,
  '2026-0042',
  anna,
  bo,
  team,
  'development-stand-in-token',
  '?',
];

const attributeText = (span: ReadableSpan) => JSON.stringify(span.attributes);

describe("telemetry: a Graph call's span", function () {
  this.timeout(30_000);
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  let env: Awaited<ReturnType<typeof standInWithClient>>;
  let telemetry: Telemetry;

  beforeEach(async () => {
    exporter.reset();
    env = await standInWithClient({ planTeamId: team });
  });
  afterEach(async () => {
    await telemetry?.shutdown();
    trace.disable();
    await env.close();
  });

  it('is recorded for every fetch to Graph with method, host, status and the path without ids or query', async () => {
    telemetry = await startTelemetry(loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: connectionString }), {
      start: () => void trace.setGlobalTracerProvider(provider),
      shutdown: async () => undefined,
    });
    assert.equal(await findChannelByName(env.graph, team, channelName), null);
    await graphCalendar(env.graph).freeSlots(
      anna,
      [anna, bo],
      new Date('2026-12-03T08:00:00Z'),
      new Date('2026-12-03T12:00:00Z'),
      60,
    );

    const spans = exporter.getFinishedSpans().filter((s) => s.kind === SpanKind.CLIENT);
    const origin = new URL(env.standIn.url).origin;
    const port = Number(new URL(env.standIn.url).port);
    assert.deepEqual(
      spans.map((s) => [
        s.name,
        s.attributes['http.request.method'],
        s.attributes['url.full'],
        s.attributes['url.path'],
        s.attributes['server.address'],
        s.attributes['server.port'],
        s.attributes['http.response.status_code'],
      ]),
      [
        ['GET', 'GET', `${origin}/v1.0/teams/{id}/channels`, '/v1.0/teams/{id}/channels', '127.0.0.1', port, 200],
        [
          'POST',
          'POST',
          `${origin}/v1.0/users/{id}/calendar/getSchedule`,
          '/v1.0/users/{id}/calendar/getSchedule',
          '127.0.0.1',
          port,
          200,
        ],
      ],
    );
    for (const span of spans) {
      assert.ok(!('url.query' in span.attributes), 'no url.query');
      for (const value of personal)
        assert.ok(!attributeText(span).includes(value), `${value} in ${attributeText(span)}`);
    }
    // The requests themselves did carry them: the redaction, not the stand-in, keeps them out.
    assert.ok(env.standIn.requests().some((r) => r.url.includes('$filter') && r.url.includes('displayName')));
  });

  it('control: the fetch instrumentation without our hook would record the query and the ids', async () => {
    const raw = new UndiciInstrumentation();
    raw.setTracerProvider(provider);
    try {
      await findChannelByName(env.graph, team, channelName);
    } finally {
      raw.disable();
    }
    const [span] = exporter.getFinishedSpans();
    assert.ok(span);
    assert.match(String(span.attributes['url.query']), /filter/);
    assert.ok(String(span.attributes['url.full']).includes(team));
  });
});

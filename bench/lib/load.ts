/**
 * Load generation with autocannon: POST /api/messages with an `adaptiveCard/action` invoke, as the
 * Teams service would send it in local mode (no Authorization header).
 */
import autocannon from 'autocannon';

export const devTenantId = '00000000-0000-4000-8000-00000000a001';
/** Anna Lind, lunda-norrskolan (config/organisations.json): professional and named person. */
export const annaObjectId = '6f1c2d3e-0001-4a5b-8c9d-000000000001';

export function invokeActivity(
  verb: string,
  data: Record<string, unknown>,
  serviceUrl: string,
): Record<string, unknown> {
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: 'bench',
    channelId: 'msteams',
    serviceUrl,
    locale: 'sv-SE',
    from: { id: '29:bench-anna', name: 'Anna Lind', aadObjectId: annaObjectId },
    recipient: { id: '28:bench-bot' },
    conversation: { id: 'bench-personal', tenantId: devTenantId, conversationType: 'personal' },
    channelData: { tenant: { id: devTenantId } },
    value: { action: { type: 'Action.Execute', verb, data } },
  };
}

export async function postInvoke(
  url: string,
  activity: Record<string, unknown>,
): Promise<{ status: number; text: string }> {
  const res = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  return { status: res.status, text: await res.text() };
}

export interface LoadResult {
  readonly connections: number;
  readonly durationS: number;
  readonly requests: number;
  readonly reqPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  /** Answers that were not the expected success (e.g. a conflict card for a save). */
  readonly unexpected: number;
}

export interface LoadSpec {
  readonly url: string;
  readonly connections: number;
  readonly durationS: number;
  /** The body of each connection's next request (state per connection). */
  bodyFor(connection: number): string;
  /** Called with each answer; returns whether it was the expected success. */
  onAnswer(connection: number, status: number, body: string): boolean;
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  let nextConnection = 0;
  let unexpected = 0;
  const result = await autocannon({
    url: `${spec.url}/api/messages`,
    connections: spec.connections,
    duration: spec.durationS,
    pipelining: 1,
    timeout: 30,
    setupClient(client) {
      const connection = nextConnection++;
      client.setRequests([
        {
          method: 'POST',
          path: '/api/messages',
          headers: { 'content-type': 'application/json' },
          setupRequest: (req) => ({ ...req, body: spec.bodyFor(connection) }),
          onResponse: (status, body) => {
            if (!spec.onAnswer(connection, status, body)) unexpected++;
          },
        },
      ]);
    },
  });
  return {
    connections: spec.connections,
    durationS: spec.durationS,
    requests: result.requests.total,
    reqPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    unexpected,
  };
}

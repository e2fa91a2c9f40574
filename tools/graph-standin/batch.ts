/**
 * JSON batching: `POST /$batch` with up to 20 requests, each run through the same routes (and
 * the same fault injection) as a direct call. `dependsOn` orders execution; a request whose
 * dependency failed answers 424. Requests without dependencies run concurrently, as on Graph.
 */
import {
  GraphError,
  badRequest,
  errorResponse,
  isObject,
  json,
  newRequestId,
  requireBody,
  type GraphRequest,
  type GraphResponse,
  type JsonObject,
} from './protocol';
import { pathSegments } from './routes';

export const BATCH_LIMIT = 20;

interface BatchItem {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  dependsOn: string[];
}

const CANONICAL_HEADERS: Record<string, string> = {
  'content-type': 'Content-Type',
  'retry-after': 'Retry-After',
  location: 'Location',
  'content-location': 'Content-Location',
};

function parseItems(body: JsonObject): BatchItem[] {
  const requests = body['requests'];
  if (!Array.isArray(requests) || requests.length === 0)
    throw badRequest('Invalid batch payload format: "requests" must be a non-empty collection.');
  if (requests.length > BATCH_LIMIT)
    throw badRequest(
      `Too many requests in the batch: ${requests.length}. Maximum number of requests allowed is ${BATCH_LIMIT}.`,
    );
  const items = requests.map((entry: unknown, index): BatchItem => {
    if (!isObject(entry)) throw badRequest(`Batch request #${index + 1} is not an object.`);
    const { id, method, url } = entry;
    if (typeof id !== 'string' || id === '') throw badRequest(`Batch request #${index + 1} needs a string 'id'.`);
    if (typeof method !== 'string' || typeof url !== 'string')
      throw badRequest(`Batch request '${id}' needs 'method' and 'url'.`);
    const headers = Object.fromEntries(
      Object.entries(isObject(entry['headers']) ? entry['headers'] : {}).map(([name, value]) => [
        name.toLowerCase(),
        String(value),
      ]),
    );
    if (entry['body'] !== undefined && !headers['content-type'])
      throw badRequest(`Batch request '${id}' has a body but no Content-Type header.`);
    const dependsOn = entry['dependsOn'] ?? [];
    if (!Array.isArray(dependsOn) || !dependsOn.every((dependency) => typeof dependency === 'string'))
      throw badRequest(`'dependsOn' of batch request '${id}' must be a collection of ids.`);
    return { id, method: method.toUpperCase(), url, headers, body: entry['body'], dependsOn: dependsOn as string[] };
  });
  const ids = new Set(items.map((item) => item.id.toLowerCase()));
  if (ids.size !== items.length) throw badRequest('Batch request ids must be unique.');
  for (const item of items) {
    for (const dependency of item.dependsOn) {
      if (!ids.has(dependency.toLowerCase()) || dependency.toLowerCase() === item.id.toLowerCase())
        throw badRequest(`Batch request '${item.id}' depends on unknown id '${dependency}'.`);
    }
  }
  // Reject cycles before running anything.
  const done = new Set<string>();
  while (done.size < items.length) {
    const ready = items.filter(
      (item) =>
        !done.has(item.id.toLowerCase()) && item.dependsOn.every((dependency) => done.has(dependency.toLowerCase())),
    );
    if (ready.length === 0) throw badRequest('The dependsOn references of the batch form a cycle.');
    ready.forEach((item) => done.add(item.id.toLowerCase()));
  }
  return items;
}

function subRequest(item: BatchItem, outer: GraphRequest): GraphRequest {
  if (/^[a-z]+:/i.test(item.url))
    throw badRequest(`Batch request '${item.id}': the url must be relative to /v1.0, e.g. /users/{id}/events.`);
  const url = new URL(item.url.startsWith('/') ? item.url : `/${item.url}`, 'https://standin.invalid');
  const segments = pathSegments(url.pathname);
  return {
    method: item.method,
    path: `/${segments.join('/')}`,
    segments,
    query: url.searchParams,
    headers: {
      ...(outer.headers['authorization'] ? { authorization: outer.headers['authorization'] } : {}),
      ...item.headers,
    },
    body: item.body,
    requestId: newRequestId(),
    baseUrl: outer.baseUrl,
  };
}

export async function runBatch(
  request: GraphRequest,
  execute: (sub: GraphRequest) => Promise<GraphResponse>,
): Promise<GraphResponse> {
  const items = parseItems(requireBody(request));
  const results = new Map<string, GraphResponse>();
  while (results.size < items.length) {
    const ready = items.filter(
      (item) =>
        !results.has(item.id.toLowerCase()) &&
        item.dependsOn.every((dependency) => results.has(dependency.toLowerCase())),
    );
    const answers = await Promise.all(
      ready.map(async (item): Promise<GraphResponse> => {
        if (item.dependsOn.some((dependency) => (results.get(dependency.toLowerCase())?.status ?? 0) >= 400)) {
          return errorResponse(new GraphError(424, 'FailedDependency', 'A request this request depends on failed.'), {
            headers: {},
            requestId: newRequestId(),
          });
        }
        try {
          return await execute(subRequest(item, request));
        } catch (error) {
          if (error instanceof GraphError)
            return errorResponse(error, { headers: item.headers, requestId: newRequestId() });
          throw error;
        }
      }),
    );
    ready.forEach((item, index) => results.set(item.id.toLowerCase(), answers[index] as GraphResponse));
  }
  return json(200, {
    responses: items.map((item) => {
      const answer = results.get(item.id.toLowerCase()) as GraphResponse;
      const headers = Object.fromEntries(
        Object.entries(answer.headers).map(([name, value]) => [CANONICAL_HEADERS[name] ?? name, value]),
      );
      return {
        id: item.id,
        status: answer.status,
        headers,
        ...(answer.body !== undefined ? { body: answer.body } : {}),
      };
    }),
  });
}

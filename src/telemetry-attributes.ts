/**
 * URLs as telemetry may record them. Query strings and fragments are dropped (a `$filter` names a
 * channel or a transaction, a link may carry a token), and every path segment that is not a plain
 * word — an object id, a user principal name, a conversation id, a one-time link token — becomes
 * `{id}`: `/v1.0/users/{id}/calendar/getSchedule`, `/api/family-plan/{id}`. What is left names the
 * operation, never a person.
 */
import type { IncomingMessage, RequestOptions } from 'node:http';

/**
 * A word of an API path (`users`, `$batch`, `getSchedule`, `family-plan`, `plan.pdf`) or an API
 * version (`v1.0`). Graph and Teams ids (GUIDs, `19:…@thread.tacv2`, `a:1…`, user principal names)
 * and tokens always hold a digit, `@`, `:`, `%` or similar, so they never pass for a word.
 */
const plainSegment = /^(\$?[A-Za-z]+([.-][A-Za-z]+)*|v\d+(\.\d+)?)$/;

export function telemetryPath(pathAndQuery: string): string {
  const path = pathAndQuery.split(/[?#]/, 1)[0] ?? '';
  if (path === '' || path === '/') return '/';
  return path
    .split('/')
    .map((segment) => (segment === '' || plainSegment.test(segment) ? segment : '{id}'))
    .join('/');
}

/**
 * Attributes that replace the HTTP instrumentation's own URL attributes on an incoming request's
 * span. (`undefined` values are not recorded, which drops `url.query`.)
 */
export function incomingSpanAttributes(
  request: Pick<IncomingMessage, 'url' | 'headers'>,
): Record<string, string | undefined> {
  const path = telemetryPath(request.url ?? '/');
  const host = request.headers.host ?? 'localhost';
  return { 'http.target': path, 'http.url': `http://${host}${path}`, 'url.path': path, 'url.query': undefined };
}

/** The same for an outgoing `node:http` request (the Bot Connector, the Azure SDK). */
export function outgoingSpanAttributes(
  options: Pick<RequestOptions, 'protocol' | 'hostname' | 'host' | 'port' | 'path'>,
): Record<string, string | undefined> {
  const protocol = options.protocol ?? 'http:';
  const defaultPort = protocol === 'https:' ? '443' : '80';
  const port =
    options.port !== undefined && options.port !== null && String(options.port) !== defaultPort
      ? `:${options.port}`
      : '';
  const path = telemetryPath(options.path ?? '/');
  const url = `${protocol}//${options.hostname ?? options.host ?? 'localhost'}${port}${path}`;
  return { 'http.target': path, 'http.url': url, 'url.full': url, 'url.path': path, 'url.query': undefined };
}

/** The same for an outgoing `fetch` (undici) request: Microsoft Graph, the JWKS of Entra. */
export function fetchSpanAttributes(request: {
  readonly origin: string;
  readonly path: string;
}): Record<string, string | undefined> {
  const path = telemetryPath(request.path);
  return { 'url.full': `${request.origin.replace(/\/$/, '')}${path}`, 'url.path': path, 'url.query': undefined };
}

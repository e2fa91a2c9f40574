/**
 * Request ids: every HTTP request gets one, returned in `x-request-id` and carried by every log line
 * of the request. A caller's own `x-request-id` is kept only when it is a GUID, so a header can never
 * smuggle free text (a name, a personnummer) into the logs; anything else is replaced.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../config/logger';
import { isGuid } from '../domain/ids';

export const requestIdHeader = 'x-request-id';

/** The caller's id if it is a GUID, else a new one. */
export function requestIdFrom(incoming: string | string[] | undefined): string {
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  return value !== undefined && isGuid(value) ? value.toLowerCase() : randomUUID();
}

/** What one request's log line says: the route template, never the raw URL or its query string. */
export interface RequestLogFields {
  readonly method: string | undefined;
  readonly route: string | undefined;
  readonly status: number;
  readonly durationMs: number;
}

/** Health probes are frequent and uninteresting: debug; everything else: info. */
export function logRequest(log: Logger, fields: RequestLogFields): void {
  const probe = fields.route === '/healthz' || fields.route === '/readyz';
  log[probe ? 'debug' : 'info'](fields, 'request');
}

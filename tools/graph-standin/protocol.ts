/**
 * Request/response shapes shared by the stand-in's route handlers, the HTTP front and $batch,
 * plus Graph's error body and the small parsers every handler needs.
 */
import crypto from 'node:crypto';

export const STANDIN_NOTICE = 'DEVELOPMENT STAND-IN - not Microsoft Graph';
export const GRAPH_ROOT = 'https://graph.microsoft.com/v1.0';

export interface GraphRequest {
  method: string;
  /** Decoded path below /v1.0, e.g. `/teams/{id}/channels`. */
  path: string;
  /** Decoded path segments below /v1.0. */
  segments: string[];
  query: URLSearchParams;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: unknown;
  requestId: string;
  /** Absolute URL of the stand-in's Graph root, e.g. `https://127.0.0.1:5443/v1.0` (for next links). */
  baseUrl: string;
}

export interface GraphResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

/** Thrown by handlers and validators; turned into Graph's error body by the dispatcher. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string, code = 'BadRequest'): GraphError => new GraphError(400, code, message);
export const notFound = (message: string, code = 'NotFound'): GraphError => new GraphError(404, code, message);

export function errorResponse(error: GraphError, request: Pick<GraphRequest, 'headers' | 'requestId'>): GraphResponse {
  return json(
    error.status,
    {
      error: {
        code: error.code,
        message: error.message,
        innerError: {
          date: new Date().toISOString().slice(0, 19),
          'request-id': request.requestId,
          'client-request-id': request.headers['client-request-id'] ?? request.requestId,
        },
      },
    },
    error.headers,
  );
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): GraphResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; odata.metadata=minimal; charset=utf-8', ...headers },
    body,
  };
}

export function empty(status: number, headers: Record<string, string> = {}): GraphResponse {
  return { status, headers };
}

export const newRequestId = (): string => crypto.randomUUID();

// ---- Body helpers -------------------------------------------------------------------------------

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function requireBody(request: GraphRequest): JsonObject {
  if (!isObject(request.body)) throw badRequest('Empty Payload. JSON content expected.');
  return request.body;
}

export function optionalString(body: JsonObject, property: string): string | undefined {
  const value = body[property];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badRequest(`Invalid value for property '${property}': a string is expected.`);
  return value;
}

export function enumValue<T extends string>(body: JsonObject, property: string, allowed: readonly T[], fallback: T): T {
  const value = optionalString(body, property);
  if (value === undefined) return fallback;
  const match = allowed.find((candidate) => candidate.toLowerCase() === value.toLowerCase());
  if (!match) throw badRequest(`Requested value '${value}' was not found.`, 'RequestBodyRead');
  return match;
}

/** `https://graph.microsoft.com/v1.0/users('id')` or `.../users/id` → `id`. */
export function userIdFromBind(bind: unknown): string | undefined {
  if (typeof bind !== 'string') return undefined;
  const match = /\/users(?:\('([^']+)'\)|\/([^/?#]+))$/i.exec(bind.trim());
  return match ? decodeURIComponent(match[1] ?? match[2] ?? '') : undefined;
}

// ---- $filter (only `property eq 'value'` joined by `and`) ---------------------------------------

export function parseEqualityFilter(filter: string | null, allowed: readonly string[]): Map<string, string> {
  const clauses = new Map<string, string>();
  if (filter === null || filter.trim() === '') return clauses;
  const clause = /^\s*([A-Za-z]+)\s+eq\s+'((?:[^']|'')*)'\s*(?:\band\b|$)/i;
  let rest = filter;
  while (rest.trim() !== '') {
    const match = clause.exec(rest);
    const property = allowed.find((name) => name.toLowerCase() === match?.[1]?.toLowerCase());
    if (!match || !property)
      throw badRequest(
        `Invalid filter clause: the development stand-in supports only "${allowed.join('|')} eq '…'" joined by "and".`,
      );
    clauses.set(property, (match[2] ?? '').replace(/''/g, "'"));
    rest = rest.slice(match[0].length);
  }
  return clauses;
}

export function matchesFilter(item: JsonObject, clauses: Map<string, string>): boolean {
  for (const [property, value] of clauses) {
    if (String(item[property] ?? '').toLowerCase() !== value.toLowerCase()) return false;
  }
  return true;
}

/** Value of a `Prefer` preference, e.g. `outlook.timezone="W. Europe Standard Time"`. */
export function preference(request: GraphRequest, name: string): string | undefined {
  const header = request.headers['prefer'];
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const [key, ...value] = part.split('=');
    if (key?.trim().toLowerCase() === name.toLowerCase()) return value.join('=').trim().replace(/^"|"$/g, '') || '';
  }
  return undefined;
}

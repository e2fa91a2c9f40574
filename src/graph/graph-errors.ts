/**
 * Graph failures mapped to our error vocabulary, with an actionable detail and never a personal
 * value. The retry handler has already honoured Retry-After for 429/503/504 before we get here.
 */
import { GraphError } from '@microsoft/microsoft-graph-client';
import { DomainError } from '../domain/errors';

export interface GraphFailure {
  readonly error: DomainError;
  /** Worth trying again later (throttling, outage, network), as opposed to a request that cannot succeed. */
  readonly retryable: boolean;
}

/** A raw Graph response the client did not turn into a GraphError: its status and body (never logged). */
export class GraphStatusError extends Error {
  constructor(
    message: string,
    readonly statusCode: number,
    readonly body = '',
  ) {
    super(message);
    this.name = 'GraphStatusError';
  }
}

function statusOf(err: unknown): number | undefined {
  if (err instanceof GraphError) return err.statusCode;
  const s = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof s === 'number' ? s : undefined;
}

function codeOf(err: unknown): string {
  const c = (err as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : '';
}

/** The error carries `retryable` too: the outbox reads it to decide between retry and failure. */
export function mapGraphError(err: unknown, operation: string): GraphFailure {
  const status = statusOf(err);
  const code = codeOf(err);
  const failure = (
    error: DomainError['code'],
    retryable: boolean,
    field?: string,
    detail: string = operation,
  ): GraphFailure => ({
    error: new DomainError(error, field, detail, { retryable }),
    retryable,
  });
  if (status === 401 || status === 403 || code === 'Authorization_RequestDenied')
    return failure('PermissionMissing', false);
  if (status === 404) return failure('NotFound', false);
  if (status === 409) return failure('Conflict', false);
  if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429) {
    return failure('Invalid', false, 'graph', `${operation}:${status}`);
  }
  // 408, 429 after retries, 5xx, timeouts and connection resets: try again later.
  return failure('Unavailable', true);
}

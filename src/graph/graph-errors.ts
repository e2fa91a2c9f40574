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

function statusOf(err: unknown): number | undefined {
  if (err instanceof GraphError) return err.statusCode;
  const s = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof s === 'number' ? s : undefined;
}

function codeOf(err: unknown): string {
  const c = (err as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : '';
}

export function mapGraphError(err: unknown, operation: string): GraphFailure {
  const failure = classify(err, operation);
  // The outbox reads `retryable` from the thrown error to decide between retry and failure.
  Object.assign(failure.error, { retryable: failure.retryable });
  return failure;
}

function classify(err: unknown, operation: string): GraphFailure {
  const status = statusOf(err);
  const code = codeOf(err);
  if (status === 401 || status === 403 || code === 'Authorization_RequestDenied') {
    return { error: new DomainError('PermissionMissing', undefined, operation), retryable: false };
  }
  if (status === 404) return { error: new DomainError('NotFound', undefined, operation), retryable: false };
  if (status === 409) return { error: new DomainError('Conflict', undefined, operation), retryable: false };
  if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429) {
    return { error: new DomainError('Invalid', 'graph', `${operation}:${status}`), retryable: false };
  }
  // 408, 429 after retries, 5xx, timeouts and connection resets: try again later.
  return { error: new DomainError('Unavailable', undefined, operation), retryable: true };
}

/** The one mapping from our error vocabulary to HTTP. Bodies carry a code, never personal data. */
import type { Response } from 'restify';
import { isDomainError, type DomainErrorCode } from '../domain/errors';

const statusOf: Readonly<Record<DomainErrorCode, number>> = {
  NotFound: 404,
  Invalid: 400,
  Conflict: 409,
  ConsentRequired: 404,
  Forbidden: 403,
  IdentifyingData: 422,
  Unavailable: 503,
  PermissionMissing: 503,
};

/** Anything that is not one of ours: a generic answer (no message of a driver or library reaches the client). */
export function internalError(res: Response): void {
  res.send(500, { error: 'Internal' });
}

/** Sends the error; returns false when it is not one of ours (the caller rethrows). */
export function sendDomainError(res: Response, err: unknown): boolean {
  if (!isDomainError(err)) return false;
  // What is wrong with a field (e.g. 'unstorable'); for other codes the detail is internal (a unit id).
  const reason = err.code === 'Invalid' && err.detail ? { reason: err.detail } : {};
  res.send(statusOf[err.code], { error: err.code, ...(err.field ? { field: err.field } : {}), ...reason });
  return true;
}

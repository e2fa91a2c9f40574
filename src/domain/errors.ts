/**
 * The closed error vocabulary. Every failure a user can meet is one of these; the Teams layer maps
 * them once to a card response and the HTTP layer once to a status code. Messages are i18n keys,
 * never text containing personal data.
 */
export type DomainErrorCode =
  | 'NotFound'
  | 'Invalid'
  | 'Conflict'
  | 'ConsentRequired'
  | 'Forbidden'
  | 'IdentifyingData'
  | 'Unavailable'
  /** The tenant has not granted Samsyn a permission it needs (e.g. admin consent in Entra). */
  | 'PermissionMissing';

export class DomainError extends Error {
  /** For a failure met by an outbox job: whether trying again later can help (see JobError). */
  readonly retryable?: boolean;

  constructor(
    readonly code: DomainErrorCode,
    /** Field the problem belongs to, when there is one (a form input id). */
    readonly field?: string,
    /** Extra, non-personal detail for the message (e.g. an organisation unit id). */
    readonly detail?: string,
    options: { readonly retryable?: boolean } = {},
  ) {
    super(field ? `${code}(${field})` : code);
    this.name = 'DomainError';
    if (options.retryable !== undefined) this.retryable = options.retryable;
  }
}

/**
 * The one error type a side effect (an outbox job) throws for a failure of its own: a code for the
 * job's last_error (never personal data) and whether trying again later can help. The outbox
 * retries any other error, and a DomainError as its `retryable` says.
 */
export class JobError extends Error {
  constructor(
    readonly code: string,
    readonly retryable: boolean,
    message: string = code,
  ) {
    super(message);
    this.name = 'JobError';
  }
}

export const notFound = (): DomainError => new DomainError('NotFound');
export const invalid = (field: string, detail?: string): DomainError => new DomainError('Invalid', field, detail);
export const conflict = (detail?: string): DomainError => new DomainError('Conflict', undefined, detail);
export const consentRequired = (orgUnitId: string): DomainError =>
  new DomainError('ConsentRequired', undefined, orgUnitId);
export const forbidden = (): DomainError => new DomainError('Forbidden');
export const identifyingData = (field: string): DomainError => new DomainError('IdentifyingData', field);

export function isDomainError(err: unknown): err is DomainError {
  return err instanceof DomainError;
}

/**
 * Structured JSON logs. Never log personal data: log ids, verbs, outcomes and error codes only.
 * As a second line of defence, whatever a library hands the logger as `req`, `res` or `err` is cut
 * down to fields that cannot carry personal data: a URL (its query), headers, a body or an error
 * message (a database error may echo a value) are never written.
 */
import pino from 'pino';

export type Logger = pino.Logger;

const codePattern = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}$/;

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && key in value
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/** An error as its class name and code only. */
export function errorFields(err: unknown): { name: string; code?: string } {
  const name = field(err, 'name');
  const code = field(err, 'code');
  return {
    name: typeof name === 'string' && codePattern.test(name) ? name : typeof err,
    ...((typeof code === 'string' || typeof code === 'number') && codePattern.test(String(code))
      ? { code: String(code) }
      : {}),
  };
}

/**
 * The logger. `exportTo` (telemetry's log destination) receives the same serialised lines as
 * `destination` (stdout by default), after the same redaction.
 */
export function createLogger(
  level: string,
  destination?: pino.DestinationStream,
  exportTo?: pino.DestinationStream,
): Logger {
  const stream =
    exportTo === undefined
      ? destination
      : pino.multistream([
          { level: 'trace', stream: destination ?? pino.destination(1) },
          { level: 'trace', stream: exportTo },
        ]);
  return pino(
    {
      level,
      base: { service: 'samsyn' },
      redact: {
        paths: ['req.headers.authorization', 'headers.authorization', 'password', 'token', '*.password', '*.token'],
        censor: '[redacted]',
      },
      serializers: {
        err: errorFields,
        error: errorFields,
        req: (req: unknown) => ({ method: field(req, 'method') }),
        res: (res: unknown) => ({ statusCode: field(res, 'statusCode') }),
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    stream,
  );
}

/**
 * Structured JSON logs. Never log personal data: log ids, verbs, outcomes and error codes only.
 * Headers that carry credentials are redacted in case a request object is ever logged.
 */
import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'samsyn' },
      redact: { paths: ['req.headers.authorization', 'headers.authorization', '*.password', '*.token'], censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

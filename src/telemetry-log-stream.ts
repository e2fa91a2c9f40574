/**
 * A pino destination that hands every log line to OpenTelemetry's Logs API (in production the Azure
 * Monitor distro's logger provider, so logs reach Application Insights with the trace they belong to).
 * It receives the line pino has already serialised — after the logger's redaction and serializers
 * (src/config/logger.ts) — so exactly what stdout gets, and nothing more, is exported.
 *
 * (Not @opentelemetry/instrumentation-pino: it hooks pino when pino is first required, so it cannot
 * reach a logger made before telemetry starts, and its stream is internal to it.)
 */
import { logs, SeverityNumber, type AnyValue, type AnyValueMap, type LoggerProvider } from '@opentelemetry/api-logs';
import type { DestinationStream } from 'pino';

const severities: Readonly<Record<number, readonly [SeverityNumber, string]>> = {
  10: [SeverityNumber.TRACE, 'TRACE'],
  20: [SeverityNumber.DEBUG, 'DEBUG'],
  30: [SeverityNumber.INFO, 'INFO'],
  40: [SeverityNumber.WARN, 'WARN'],
  50: [SeverityNumber.ERROR, 'ERROR'],
  60: [SeverityNumber.FATAL, 'FATAL'],
};

/** Log fields as attributes: nested objects flattened to dotted keys (`err.name`), values kept primitive. */
function attributesOf(fields: Record<string, unknown>, prefix = '', into: AnyValueMap = {}): AnyValueMap {
  for (const [key, value] of Object.entries(fields)) {
    const name = prefix === '' ? key : `${prefix}.${key}`;
    if (value === null || value === undefined) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') into[name] = value;
    else if (Array.isArray(value))
      into[name] = value.every((v) => ['string', 'number', 'boolean'].includes(typeof v))
        ? (value as AnyValue[])
        : JSON.stringify(value);
    else if (typeof value === 'object') attributesOf(value as Record<string, unknown>, name, into);
  }
  return into;
}

export function openTelemetryLogStream(provider: LoggerProvider = logs.getLoggerProvider()): DestinationStream {
  const logger = provider.getLogger('samsyn');
  return {
    write(line: string): void {
      let record: Record<string, unknown>;
      try {
        record = JSON.parse(line) as Record<string, unknown>;
      } catch (err) {
        // pino writes JSON lines; anything else is reported without its content.
        logger.emit({
          severityNumber: SeverityNumber.WARN,
          severityText: 'WARN',
          body: 'unreadable log line',
          attributes: { 'error.type': err instanceof Error ? err.name : 'unknown' },
        });
        return;
      }
      const { level, time, msg, ...fields } = record;
      const [severityNumber, severityText] = severities[typeof level === 'number' ? level : 30] ?? [
        SeverityNumber.UNSPECIFIED,
        String(level),
      ];
      logger.emit({
        severityNumber,
        severityText,
        ...(typeof msg === 'string' ? { body: msg } : {}),
        ...(typeof time === 'string' || typeof time === 'number' ? { timestamp: new Date(time) } : {}),
        attributes: attributesOf(fields),
      });
    },
  };
}

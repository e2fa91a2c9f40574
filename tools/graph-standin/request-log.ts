/** What the stand-in records of each request for tests and the admin route, secrets removed. */
import type { IncomingHttpHeaders } from 'node:http';
import type { Fault } from './faults';

export interface LoggedRequest {
  at: string;
  method: string;
  url: string;
  /** Lower-case names; Authorization values redacted. */
  headers: Record<string, string>;
  /** Parsed JSON when the body is JSON, the raw text otherwise, undefined when empty. */
  body: unknown;
  status?: number;
  fault?: Fault['kind'];
  /** True for the requests inside a $batch (the $batch itself is logged too). */
  inBatch: boolean;
  /** The tenant whose token the request carried (the host's unless a partner's development token). */
  tenantId?: string;
}

export function redact(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => {
      const text = Array.isArray(value) ? value.join(', ') : String(value ?? '');
      if (name === 'authorization' || name === 'proxy-authorization') {
        const scheme = /^(\S+)\s+\S/.exec(text)?.[1];
        return [name, scheme ? `${scheme} [redacted]` : text === '' ? '' : '[redacted]'];
      }
      return [name, text];
    }),
  );
}

export function parseForLog(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

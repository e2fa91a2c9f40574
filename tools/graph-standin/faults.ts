/**
 * Fault injection: the next N requests matching a method and path pattern answer 429 with
 * Retry-After, 503, are delayed, or have their connection destroyed; plus a global latency.
 *
 * Path patterns are matched against the decoded path below `/v1.0` (a leading `/v1.0` in the
 * pattern is ignored), case-insensitively: `*` matches within one segment and `**` across
 * segments, so `/users/**` matches every user route. A RegExp is tested against the same path.
 */
import { GraphError } from './protocol';

export type Fault =
  | { kind: 'throttle'; retryAfterSeconds: number }
  | { kind: 'unavailable'; retryAfterSeconds?: number }
  | { kind: 'delay'; ms: number }
  | { kind: 'reset' };

export interface FaultMatch {
  /** HTTP method; any method when left out. */
  method?: string;
  path: string | RegExp;
}

export interface PendingFault {
  method: string;
  path: string;
  fault: Fault;
  remaining: number;
}

interface Rule {
  method?: string;
  pattern: RegExp;
  source: string;
  fault: Fault;
  remaining: number;
}

function compile(path: string | RegExp): RegExp {
  if (path instanceof RegExp) return path;
  const below = path.replace(/^\/v1\.0(?=\/|$)/i, '') || '/';
  const body = below
    .split(/(\*\*|\*)/)
    .map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}/?$`, 'i');
}

export class FaultInjector {
  private rules: Rule[] = [];
  private latency = 0;

  /** Next `times` (default 1) matching requests answer 429 TooManyRequests with `Retry-After`. */
  throttle(match: FaultMatch, options: { times?: number; retryAfterSeconds?: number } = {}): void {
    this.add(match, { kind: 'throttle', retryAfterSeconds: options.retryAfterSeconds ?? 1 }, options.times);
  }

  /** Next `times` matching requests answer 503 ServiceNotAvailable (with `Retry-After` when given). */
  unavailable(match: FaultMatch, options: { times?: number; retryAfterSeconds?: number } = {}): void {
    this.add(
      match,
      {
        kind: 'unavailable',
        ...(options.retryAfterSeconds !== undefined ? { retryAfterSeconds: options.retryAfterSeconds } : {}),
      },
      options.times,
    );
  }

  /** Next `times` matching requests are held `ms` before being answered normally. */
  delay(match: FaultMatch, options: { ms: number; times?: number }): void {
    this.add(match, { kind: 'delay', ms: options.ms }, options.times);
  }

  /** Next `times` matching requests get their connection destroyed without an answer (never inside $batch). */
  reset(match: FaultMatch, options: { times?: number } = {}): void {
    this.add(match, { kind: 'reset' }, options.times);
  }

  add(match: FaultMatch, fault: Fault, times = 1): void {
    if (!Number.isInteger(times) || times < 1) throw new RangeError('times must be a positive whole number');
    this.rules.push({
      ...(match.method ? { method: match.method.toUpperCase() } : {}),
      pattern: compile(match.path),
      source: String(match.path),
      fault,
      remaining: times,
    });
  }

  /** Extra delay (ms) before every request is handled, admin routes excepted. */
  setLatency(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('latency must be zero or more milliseconds');
    this.latency = ms;
  }

  latencyMs(): number {
    return this.latency;
  }

  pending(): PendingFault[] {
    return this.rules.map((rule) => ({
      method: rule.method ?? '*',
      path: rule.source,
      fault: rule.fault,
      remaining: rule.remaining,
    }));
  }

  /** Removes every rule and the latency. */
  clear(): void {
    this.rules = [];
    this.latency = 0;
  }

  /** Consumes one use of the first rule matching this request. */
  take(method: string, path: string, inBatch: boolean): Fault | undefined {
    const rule = this.rules.find(
      (candidate) =>
        (candidate.method === undefined || candidate.method === method.toUpperCase()) &&
        candidate.pattern.test(path) &&
        !(inBatch && candidate.fault.kind === 'reset'),
    );
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining === 0) this.rules = this.rules.filter((candidate) => candidate !== rule);
    return rule.fault;
  }
}

/** The Graph error a throttle/unavailable fault answers with. */
export function faultError(fault: Fault): GraphError | undefined {
  if (fault.kind === 'throttle') {
    return new GraphError(
      429,
      'TooManyRequests',
      `Too many requests. Retry after ${fault.retryAfterSeconds} seconds. (Injected by the development stand-in.)`,
      { 'retry-after': String(fault.retryAfterSeconds) },
    );
  }
  if (fault.kind === 'unavailable') {
    return new GraphError(
      503,
      'ServiceNotAvailable',
      'The service is temporarily unavailable. (Injected by the development stand-in.)',
      fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {},
    );
  }
  return undefined;
}

/**
 * Retry delay for outbox jobs: exponential with full jitter (a uniform draw between zero and the
 * exponential ceiling), so many jobs failing together against a throttled Graph do not come back
 * in lockstep.
 */

/** A source of numbers in [0, 1); Math.random in production, a fixed value in tests. */
export type Jitter = () => number;

export interface BackoffOptions {
  readonly baseMs: number;
  readonly capMs: number;
  readonly jitter: Jitter;
}

export const defaultBackoff: BackoffOptions = { baseMs: 1_000, capMs: 5 * 60_000, jitter: Math.random };

/** The delay before the next try after `attempts` tries (1 after the first failure). */
export function backoffDelayMs(attempts: number, options: BackoffOptions = defaultBackoff): number {
  // 2 ** 30 already exceeds any sensible cap; bounding the exponent keeps the number finite.
  const exponent = Math.min(Math.max(attempts - 1, 0), 30);
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** exponent);
  const draw = Math.min(Math.max(options.jitter(), 0), 1);
  return Math.floor(draw * ceiling);
}

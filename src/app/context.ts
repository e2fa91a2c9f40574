/**
 * What a use case gets from whoever calls it — the bot, the tab API, a report route or a job: who
 * acts, the repositories built for them (access and audit inside), the configuration, the clock, and
 * a way to make its writes one. Every entry point builds it per request (storage/request-scope.ts).
 */
import type { Actor } from '../domain/actor';
import type { Clock } from '../domain/ports';
import type { Repositories } from './ports';
import type { World } from './world';

export interface UseCaseContext {
  readonly actor: Actor;
  readonly repos: Repositories;
  readonly world: World;
  readonly clock: Clock;
  /**
   * Runs `fn` so that its database writes — rows, queued jobs, history and their audit rows — commit
   * together or not at all, even when the caller catches `fn`'s error and goes on.
   */
  atomically<T>(fn: () => Promise<T>): Promise<T>;
}

/**
 * One request's scope, whatever the entry point (bot turn, tab or report route, job): the use-case
 * context for one actor, on a unit of work (one transaction for the request, its audit rows appended
 * at the commit). `run` opens the unit around the request's work; a use case's `atomically` is a
 * savepoint inside it.
 */
import type { UseCaseContext } from '../app/context';
import type { World } from '../app/world';
import type { Actor } from '../domain/actor';
import type { Clock } from '../domain/ports';
import type { Database } from './database';
import { repositoriesFor } from './repositories';
import { UnitOfWork } from './unit-of-work';

export interface RequestScope {
  readonly ctx: UseCaseContext;
  /** Runs the request's work in one transaction (committed, audit rows included, before it returns). */
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** The unit's database, for lookups that belong to the request but not to a case (preferences). */
  readonly db: UnitOfWork;
}

export function requestScope(db: Database, actor: Actor, requestId: string, clock: Clock, world: World): RequestScope {
  const unit = new UnitOfWork(db);
  const ctx: UseCaseContext = {
    actor,
    repos: repositoriesFor(unit, actor, requestId, clock),
    world,
    clock,
    atomically: (fn) => unit.atomically(fn),
  };
  return { ctx, db: unit, run: (fn) => unit.run(fn) };
}

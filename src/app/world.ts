/** Configuration the use cases read: organisation units, their wheels and the five questions. */
import type { OrgUnit } from '../domain/actor';
import { orderedQuestions, type Question, type QuestionSet, type Wheel } from '../domain/wheel';
import type { BarnteamTemplates } from '../domain/invitee-suggestions';
import type { Lens } from '../domain/lens';

export interface World {
  readonly orgUnits: readonly OrgUnit[];
  readonly wheels: ReadonlyMap<string, Wheel>;
  readonly questions: QuestionSet;
  /** The municipality's Barnteam templates (who is usually invited); absent: the model's defaults. */
  readonly barnteam?: BarnteamTemplates;
  /** Days after which the named person is reminded of a consultation without an outcome (default 14). */
  readonly consultationOutcomeReminderDays?: number;
  /** The optional GIRFEC lenses a case may use (config/lenses.json); absent: none offered. */
  readonly lenses?: readonly Lens[];
}

export function unitOf(world: World, orgUnitId: string): OrgUnit | undefined {
  return world.orgUnits.find((u) => u.id === orgUnitId);
}

/** A unit's name for people to read (its id when the unit is not configured). */
export function unitNameOf(world: World, orgUnitId: string): string {
  return unitOf(world, orgUnitId)?.name ?? orgUnitId;
}

/** The wheel an organisation unit works with (the first configured wheel if the unit is unknown). */
export function wheelFor(world: World, orgUnitId: string): Wheel {
  const unit = unitOf(world, orgUnitId);
  const wheel = (unit && world.wheels.get(unit.wheelId)) ?? world.wheels.values().next().value;
  if (wheel === undefined) throw new Error('no wellbeing wheel configured');
  return wheel;
}

/**
 * The wheel some areas were recorded with: the author's unit's wheel if it has them all, else the
 * first wheel that does (an entry kept from before a case's wheel applied to everyone).
 */
export function wheelRecordedWith(world: World, areaIds: readonly string[], authorUnitId: string): Wheel {
  const has = (w: Wheel) => areaIds.every((id) => w.areas.some((a) => a.id === id));
  const own = wheelFor(world, authorUnitId);
  return has(own) ? own : ([...world.wheels.values()].find(has) ?? own);
}

/** The lenses a case may use (none when the world configures none). */
export function lensesOf(world: World): readonly Lens[] {
  return world.lenses ?? [];
}

/** The five questions in the order the unit configured. */
export function questionsFor(world: World, orgUnitId: string): Question[] {
  const order = unitOf(world, orgUnitId)?.questionOrder;
  return orderedQuestions(world.questions, order ? [...order] : undefined);
}

/**
 * The questions of a case's shared agenda: the unit's five questions and, with `withAdvice` (an
 * anonymous consultation, or a case whose entries hold advice from then), the advice asked of the
 * professionals consulted (config/questions.json `advice`).
 */
export function agendaQuestionsFor(world: World, orgUnitId: string, withAdvice: boolean): Question[] {
  return [...questionsFor(world, orgUnitId), ...(withAdvice ? (world.questions.advice ?? []) : [])];
}

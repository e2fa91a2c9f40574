/**
 * One turn's scope: who acts (from the validated activity only), in which language, and the
 * repositories built for them. Handlers get this and nothing else.
 */
import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import type { TFunction } from 'i18next';
import type { UseCaseContext } from '../app/context';
import type { CalendarPort, CardRef } from '../app/external-ports';
import { cardRefSchema } from '../app/jobs';
import type { Repositories } from '../app/ports';
import type { World } from '../app/world';
import type { Actor } from '../domain/actor';
import type { Clock } from '../domain/ports';
import type { Logger } from '../config/logger';
import { toLocale, translator, type Locale } from '../i18n';
import type { Database } from '../storage/database';
import { findKnownActorAndLocale, forgetPeople, listMembers, type MemberSummary } from '../storage/organisations';
export type { MemberSummary };
import { repositoriesFor } from '../storage/repositories';
import { UnitOfWork } from '../storage/unit-of-work';
import { hurryNoticesFor } from '../storage/personal-conversations';
import { objectIdOfTeamsUser, rememberTeamsUser, setLocaleChoice, teamsUserIds } from '../storage/user-preferences';
import { familyPlansFor, type PgFamilyPlanRepository } from '../storage/family-plan-repository';
import { chooseUnit, unitsOfMember, type UnitChoiceResult } from '../storage/unit-choice';
import type { UnitRoles } from '../domain/directory';
import type { HomeTenantOf } from './home-tenant';
import { rosterOf, type Roster } from './roster';

export interface BotDeps {
  readonly db: Database;
  /** Null when no Graph is configured (local mode without the stand-in). */
  readonly calendar: CalendarPort | null;
  readonly world: World;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly defaultLocale: Locale;
  readonly localeForced: boolean;
  /** The app's public https address (BASE_URL), for links that open outside Teams (the family PDF). */
  readonly publicBaseUrl?: string;
  /** Someone the membership cache does not know: look them up in the directory at once (added since the last sync). */
  readonly lookUpMember?: (tenantId: string, objectId: string) => Promise<Actor | null>;
  /** How long a member found stays known to this process (default `peopleKeptMs`; 0: looked up every turn). */
  readonly peopleKeptMs?: number;
  /** The team that hosts the plan channels (PLAN_TEAM_ID): its roster names people picked in a personal chat. */
  readonly planTeamId?: string;
  /**
   * Partner tenants (decision 0008, lower case) and how to learn a turn's person's own tenant: someone
   * the activity's (host) tenant does not know is looked for in their own tenant when it is listed.
   */
  readonly partners?: { readonly tenantIds: readonly string[]; readonly homeTenantOf: HomeTenantOf };
}

/** Lookups a turn needs outside a case: who can be invited, and how the bot reaches people. */
export interface TurnDirectory {
  /** The professionals who can be invited (the static choice list where the people picker is unavailable). */
  listMembers(): Promise<MemberSummary[]>;
  /** The Teams user ids of people who have talked to the bot (for a card's per-user refresh). */
  teamsUserIds(people: readonly { tenantId: string; objectId: string }[]): Promise<string[]>;
  /** The Entra object id of a Teams user id (29:…) in the actor's tenant, from what Samsyn has seen of them. */
  objectIdOfTeamsUser(userMri: string): Promise<string | null>;
  /** The units the actor's groups let them act for, and the one they act for now. */
  myUnits(): Promise<{ current: string; units: readonly UnitRoles[] } | null>;
  /** Acts for another of their units from now on (remembered across syncs; audited). */
  chooseUnit(orgUnitId: string): Promise<UnitChoiceResult>;
}

export interface Turn {
  readonly actor: Actor;
  readonly repos: Repositories;
  /** What the use cases get: the same actor and repositories, the world, the clock, and atomic writes. */
  readonly ctx: UseCaseContext;
  readonly world: World;
  readonly clock: Clock;
  /** Null when no Graph is configured (local mode without the stand-in). */
  readonly calendar: CalendarPort | null;
  /** The app's public https address (BASE_URL), for links that open outside Teams (the family PDF). */
  readonly publicBaseUrl: string | undefined;
  readonly directory: TurnDirectory;
  /** The person's own language choice, remembered. */
  setLocale(locale: Locale): Promise<void>;
  /** A one-time link to the family's PDF of the case's agreed plan (10 minutes, this person). */
  issueFamilyLink(caseId: string, locale: Locale): Promise<{ token: string; expiresAt: Date; version: number }>;
  /** One-time links to the consent information sheet or a withdrawal's confirmation (10 minutes, this person). */
  issueConsentLinks: PgFamilyPlanRepository['issueConsentLinks'];
  /**
   * Runs the handler's work in the turn's unit of work: every statement — repositories and lookups
   * alike — shares one transaction (the bot opens it around a handler unless the verb is external).
   */
  run<T>(fn: () => Promise<T>, options?: { readonly lockCaseReads?: boolean }): Promise<T>;
  readonly locale: Locale;
  readonly t: TFunction;
  readonly requestId: string;
  /** The turn's logger: every line carries the HTTP request id (ids, verbs and codes only, never text). */
  readonly log: Logger;
  /** Teams' member API for the conversation of this turn (people picked on a card). */
  readonly roster: Roster;
  /** The card this turn's Action.Execute came from (a job updates it when its operation finishes); else null. */
  readonly card: CardRef | null;
}

/** turnState key of the HTTP request id (set by messages-endpoint.ts). */
export const requestIdKey = Symbol('samsyn.requestId');

export function tenantOf(context: TurnContext): string | undefined {
  const channelData = context.activity.channelData as { tenant?: { id?: string } } | undefined;
  return context.activity.conversation?.tenantId ?? channelData?.tenant?.id;
}

/**
 * What this process last stored per person (per database): a turn that brings nothing new about how
 * to reach the person costs no statement. Rows are never deleted, so the memo cannot hide a missing one.
 */
interface StoredTeamsUser {
  readonly userMri: string;
  readonly serviceUrl: string | null;
  readonly personalChat: string | null;
}

const storedTeamsUsers = new WeakMap<Database, Map<string, StoredTeamsUser>>();

async function rememberOnce(
  deps: BotDeps,
  actor: Actor,
  userMri: string,
  serviceUrl: string | undefined,
  personalChat: string | null,
): Promise<void> {
  const stored = storedTeamsUsers.get(deps.db) ?? new Map<string, StoredTeamsUser>();
  storedTeamsUsers.set(deps.db, stored);
  const key = `${actor.tenantId}/${actor.objectId}`;
  const known = stored.get(key);
  // A turn outside the 1:1 chat says nothing about that chat (the statement keeps what is stored).
  if (
    known?.userMri === userMri &&
    known.serviceUrl === (serviceUrl ?? null) &&
    (personalChat === null || personalChat === known.personalChat)
  )
    return;
  await rememberTeamsUser(deps.db, actor.tenantId, actor.objectId, userMri, serviceUrl, deps.clock.now(), personalChat);
  // A personal chat this process has not seen for the person: notices that could not reach them go now.
  if (personalChat !== null && personalChat !== known?.personalChat)
    await hurryNoticesFor(deps.db, actor.tenantId, actor.objectId, deps.clock.now());
  if (stored.size > 50_000) stored.clear();
  stored.set(key, {
    userMri,
    serviceUrl: serviceUrl ?? null,
    personalChat: personalChat ?? known?.personalChat ?? null,
  });
}

/** The language: the user's own choice, else a forced DEFAULT_LOCALE, else Teams' locale. */
export function localeFor(deps: BotDeps, context: TurnContext, chosen: Locale | null): Locale {
  if (chosen) return chosen;
  if (deps.localeForced) return deps.defaultLocale;
  return toLocale(context.activity.locale, deps.defaultLocale);
}

export type TurnOrStranger = { kind: 'member'; turn: Turn } | { kind: 'stranger'; locale: Locale; t: TFunction };

async function lookUpOrNull(deps: BotDeps, tenantId: string, objectId: string): Promise<Actor | null> {
  try {
    return (await deps.lookUpMember?.(tenantId, objectId)) ?? null;
  } catch (err) {
    deps.logger.warn(
      { err: { name: err instanceof Error ? err.name : 'unknown' } },
      'directory look-up failed; treated as not in Samsyn',
    );
    return null;
  }
}

/** The message of the card an invoke acted on: its conversation, activity id and service URL (opaque ids). */
export function cardOf(context: TurnContext): CardRef | null {
  const a = context.activity;
  if (a.type !== 'invoke') return null;
  // Checked against the job payload's schema: a card reference a job would refuse is never queued.
  const parsed = cardRefSchema.safeParse({
    conversationId: a.conversation?.id,
    activityId: a.replyToId,
    serviceUrl: a.serviceUrl,
    personal: a.conversation?.conversationType === 'personal',
  });
  return parsed.success ? parsed.data : null;
}

/** The person in the tenant given: cached, else looked up in the directory at once. */
async function identify(
  deps: BotDeps,
  tenantId: string | undefined,
  objectId: string | undefined,
): Promise<{ actor: Actor | null; locale: Locale | null }> {
  if (!tenantId || !objectId) return { actor: null, locale: null };
  const known = await findKnownActorAndLocale(deps.db, tenantId, objectId, deps.peopleKeptMs);
  return known.actor || !deps.lookUpMember ? known : { ...known, actor: await lookUpOrNull(deps, tenantId, objectId) };
}

/**
 * Builds the turn from `from.aadObjectId` and the tenant of the activity — or, for someone that tenant
 * does not know, their own tenant when it is a listed partner (decision 0008); others are strangers.
 */
export async function buildTurn(deps: BotDeps, context: TurnContext): Promise<TurnOrStranger> {
  const objectId = context.activity.from?.aadObjectId;
  let known = await identify(deps, tenantOf(context), objectId);
  if (known.actor === null && objectId && deps.partners && deps.partners.tenantIds.length > 0) {
    const home = await deps.partners.homeTenantOf(context);
    if (home !== null && home !== tenantOf(context)?.toLowerCase() && deps.partners.tenantIds.includes(home))
      known = await identify(deps, home, objectId);
  }
  const locale = localeFor(deps, context, known.locale);
  const t = translator(locale);
  const actor = known.actor;
  if (actor === null) return { kind: 'stranger', locale, t };
  const requestId = context.activity.id ?? randomUUID();
  const conversation = context.activity.conversation;
  const personalChat = conversation?.id && conversation.conversationType === 'personal' ? conversation.id : null;
  if (context.activity.from.id)
    await rememberOnce(deps, actor, context.activity.from.id, context.activity.serviceUrl, personalChat);
  const log = deps.logger.child({
    requestId: (context.turnState.get(requestIdKey) as string | undefined) ?? requestId,
  });
  const db = new UnitOfWork(deps.db);
  // Who the person is (their unit, their language) changed in this turn: this process forgets what it kept.
  let changedWho = false;
  const forgetMe = () => {
    changedWho = true;
    forgetPeople(deps.db, actor);
  };
  const repos = repositoriesFor(db, actor, requestId, deps.clock);
  const ctx: UseCaseContext = {
    actor,
    repos,
    world: deps.world,
    clock: deps.clock,
    atomically: (fn) => db.atomically(fn),
  };
  const turn: Turn = {
    actor,
    repos,
    ctx,
    world: deps.world,
    clock: deps.clock,
    calendar: deps.calendar,
    publicBaseUrl: deps.publicBaseUrl,
    directory: {
      listMembers: () => listMembers(db),
      teamsUserIds: (people) => teamsUserIds(db, people),
      objectIdOfTeamsUser: (userMri) => objectIdOfTeamsUser(db, actor.tenantId, userMri),
      myUnits: () => unitsOfMember(db, actor.tenantId, actor.objectId),
      chooseUnit: (orgUnitId) =>
        chooseUnit(db, actor.tenantId, actor.objectId, orgUnitId, deps.clock.now()).finally(forgetMe),
    },
    setLocale: (chosen) =>
      setLocaleChoice(db, actor.tenantId, actor.objectId, chosen, deps.clock.now()).finally(forgetMe),
    issueFamilyLink: (caseId, linkLocale) =>
      familyPlansFor(db, actor, requestId, deps.clock).issueDownloadLink(caseId, linkLocale),
    issueConsentLinks: (caseId, links) =>
      familyPlansFor(db, actor, requestId, deps.clock).issueConsentLinks(caseId, links),
    // Forgotten again once the change is committed: a turn of theirs in between may have kept the old.
    run: (fn, options) => db.run(fn, options).finally(() => changedWho && forgetPeople(deps.db, actor)),
    roster: rosterOf(context, deps.planTeamId),
    card: cardOf(context),
    locale,
    t,
    requestId,
    log,
  };
  return { kind: 'member', turn };
}

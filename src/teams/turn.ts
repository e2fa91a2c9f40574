/**
 * One turn's scope: who acts (from the validated activity only), in which language, and the
 * repositories built for them. Handlers get this and nothing else.
 */
import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import type { TFunction } from 'i18next';
import type { CalendarPort } from '../app/external-ports';
import type { Repositories } from '../app/ports';
import type { World } from '../app/world';
import type { Actor } from '../domain/actor';
import type { Clock } from '../domain/ports';
import type { Logger } from '../config/logger';
import { toLocale, translator, type Locale } from '../i18n';
import type { Database } from '../storage/database';
import { findActor } from '../storage/organisations';
import { repositoriesFor } from '../storage/repositories';
import { getLocaleChoice, rememberTeamsUser } from '../storage/user-preferences';
import { rememberPersonalConversation } from '../storage/personal-conversations';

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
}

export interface Turn {
  readonly actor: Actor;
  readonly repos: Repositories;
  readonly locale: Locale;
  readonly t: TFunction;
  readonly deps: BotDeps;
  readonly requestId: string;
  /** The turn's logger: every line carries the HTTP request id (ids, verbs and codes only, never text). */
  readonly log: Logger;
}

/** turnState key of the HTTP request id (set by messages-endpoint.ts). */
export const requestIdKey = Symbol('samsyn.requestId');

export function tenantOf(context: TurnContext): string | undefined {
  const channelData = context.activity.channelData as { tenant?: { id?: string } } | undefined;
  return context.activity.conversation?.tenantId ?? channelData?.tenant?.id;
}

/** The language: the user's own choice, else a forced DEFAULT_LOCALE, else Teams' locale. */
export async function localeFor(deps: BotDeps, context: TurnContext, tenantId?: string, objectId?: string): Promise<Locale> {
  const chosen = tenantId && objectId ? await getLocaleChoice(deps.db, tenantId, objectId) : null;
  if (chosen) return chosen;
  if (deps.localeForced) return deps.defaultLocale;
  return toLocale(context.activity.locale, deps.defaultLocale);
}

export type TurnOrStranger = { kind: 'member'; turn: Turn } | { kind: 'stranger'; locale: Locale; t: TFunction };

/** Builds the turn from `from.aadObjectId` and the tenant of the activity; others are strangers. */
export async function buildTurn(deps: BotDeps, context: TurnContext): Promise<TurnOrStranger> {
  const tenantId = tenantOf(context);
  const objectId = context.activity.from?.aadObjectId;
  const locale = await localeFor(deps, context, tenantId, objectId);
  const t = translator(locale);
  const actor = tenantId && objectId ? await findActor(deps.db, tenantId, objectId) : null;
  if (actor === null) return { kind: 'stranger', locale, t };
  const requestId = context.activity.id ?? randomUUID();
  if (context.activity.from.id) await rememberTeamsUser(deps.db, actor.tenantId, actor.objectId, context.activity.from.id, context.activity.serviceUrl, deps.clock.now());
  const conversation = context.activity.conversation;
  if (context.activity.from.id && conversation?.id && conversation.conversationType === 'personal') await rememberPersonalConversation(deps.db, actor.tenantId, actor.objectId, conversation.id);
  const log = deps.logger.child({ requestId: (context.turnState.get(requestIdKey) as string | undefined) ?? requestId });
  return { kind: 'member', turn: { actor, repos: repositoriesFor(deps.db, actor, requestId, deps.clock), locale, t, deps, requestId, log } };
}

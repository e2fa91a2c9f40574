/**
 * Whole turns through botbuilder's TestAdapter against a real database: send a message or an
 * `adaptiveCard/action` invoke as a persona, get back what the bot sent / the invoke response.
 */
import { TestAdapter, type Activity } from 'botbuilder';
import { ConnectorClient, MicrosoftAppCredentials } from 'botframework-connector';
import pino from 'pino';
import type { CalendarPort } from '../../src/app/external-ports';
import type { World } from '../../src/app/world';
import { loadLenses, loadQuestions, loadWheels } from '../../src/config/load-wheels';
import type { Actor } from '../../src/domain/actor';
import type { Database } from '../../src/storage/database';
import { listOrgUnits } from '../../src/storage/organisations';
import { SamsynBot } from '../../src/teams/bot';
import { homeTenantResolver } from '../../src/teams/home-tenant';
import type { BotDeps } from '../../src/teams/turn';
import { openTestDatabase, type DbKind } from '../support/databases';
import { FakeClock, seedWorld, units } from '../support/world';

export type Card = { body?: unknown[]; actions?: unknown[]; refresh?: { userIds?: string[] } } & Record<
  string,
  unknown
>;

export interface BotHarness {
  readonly db: Database;
  readonly clock: FakeClock;
  readonly logLines: string[];
  say(as: Actor, text: string, locale?: string): Promise<Partial<Activity>[]>;
  /** A message in another conversation whose tenant may not be the person's own (the host's shared channel). */
  sayIn(
    as: Actor,
    text: string,
    conversation: { id: string; tenantId: string; conversationType: 'groupChat' | 'channel' },
  ): Promise<Partial<Activity>[]>;
  /** `conversation`: another conversation than the persona's personal chat (e.g. a group chat id). */
  invoke(
    as: Actor,
    verb: string,
    data: Record<string, unknown>,
    locale?: string,
    /** `tenantId`: the conversation's tenant when not the person's own (the host's shared channel). */
    conversation?: { id: string; conversationType: 'groupChat' | 'channel' | 'personal'; tenantId?: string },
    /** The message the card is (its activity id) and the connector's service URL, as Teams sends them. */
    card?: { replyToId: string; serviceUrl: string },
  ): Promise<{ status: number; card: Card; body: unknown }>;
  close(): Promise<void>;
}

export function mri(actor: Actor): string {
  return `29:teams-${actor.objectId}`;
}

/**
 * `database` wraps the bot's database (e.g. to make it fail); `turnErrors: 'logged'` answers a failed
 * turn as the app's adapter does (logged, not thrown into the test).
 */
export async function startBot(
  kind: DbKind = 'pglite',
  opts: {
    localeForced?: boolean;
    calendar?: CalendarPort;
    database?: (db: Database) => Database;
    turnErrors?: 'thrown' | 'logged';
    lookUpMember?: (db: Database) => BotDeps['lookUpMember'];
    /** A Bot Connector (stand-in) for the bot's connector calls, e.g. the member API; none by default. */
    connectorUrl?: string;
    planTeamId?: string;
    publicBaseUrl?: string;
    /** Partner tenants (decision 0008): the person's own tenant is asked of the connector's member API. */
    partnerTenants?: readonly string[];
    /** More of the world (e.g. a partner tenant's unit) before the bot loads it. */
    seed?: (db: Database) => Promise<void>;
    /** How long a member found stays known to the bot (BotDeps.peopleKeptMs). */
    peopleKeptMs?: number;
  } = {},
): Promise<BotHarness> {
  const db = await openTestDatabase(kind);
  await seedWorld(db);
  await opts.seed?.(db);
  const clock = new FakeClock();
  const logLines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => logLines.push(line) });
  const world: World = {
    orgUnits: await listOrgUnits(db),
    wheels: loadWheels(),
    questions: loadQuestions(),
    lenses: loadLenses().lenses,
  };
  const lookUpMember = opts.lookUpMember?.(db);
  const bot = new SamsynBot({
    db: opts.database ? opts.database(db) : db,
    calendar: opts.calendar ?? null,
    world,
    clock,
    logger,
    defaultLocale: 'sv',
    localeForced: opts.localeForced ?? false,
    ...(lookUpMember ? { lookUpMember } : {}),
    ...(opts.peopleKeptMs === undefined ? {} : { peopleKeptMs: opts.peopleKeptMs }),
    ...(opts.planTeamId ? { planTeamId: opts.planTeamId } : {}),
    ...(opts.publicBaseUrl ? { publicBaseUrl: opts.publicBaseUrl } : {}),
    ...(opts.partnerTenants
      ? { partners: { tenantIds: opts.partnerTenants, homeTenantOf: homeTenantResolver() } }
      : {}),
  });
  const adapter = new TestAdapter(async (context) => bot.run(context));
  const { connectorUrl } = opts;
  if (connectorUrl !== undefined) {
    // As the CloudAdapter does for a real turn: the connector client for this turn's serviceUrl (no app id: no token).
    adapter.use(async (context, next) => {
      context.turnState.set(
        adapter.ConnectorClientKey,
        new ConnectorClient(new MicrosoftAppCredentials('', ''), { baseUri: connectorUrl }),
      );
      await next();
    });
  }
  if (opts.turnErrors === 'logged') adapter.onTurnError = async () => undefined;

  async function run(as: Actor, activity: Partial<Activity>, locale: string): Promise<Partial<Activity>[]> {
    adapter.activeQueue.splice(0);
    await adapter.processActivity({
      channelId: 'msteams',
      locale,
      from: { id: mri(as), name: as.displayName, aadObjectId: as.objectId },
      conversation: {
        id: `personal-${as.objectId}`,
        tenantId: as.tenantId,
        conversationType: 'personal',
        isGroup: false,
        name: '',
      },
      channelData: { tenant: { id: as.tenantId } },
      ...activity,
    } as Partial<Activity>);
    return adapter.activeQueue.splice(0);
  }

  return {
    db,
    clock,
    logLines,
    say: (as, text, locale = 'sv-SE') => run(as, { type: 'message', text }, locale),
    sayIn: (as, text, conversation) =>
      run(
        as,
        {
          type: 'message',
          text,
          conversation: { ...conversation, isGroup: true, name: '' },
          channelData: { tenant: { id: conversation.tenantId } },
        },
        'sv-SE',
      ),
    async invoke(as, verb, data, locale = 'sv-SE', conversation, card) {
      const where = conversation
        ? {
            conversation: {
              id: conversation.id,
              tenantId: conversation.tenantId ?? as.tenantId,
              conversationType: conversation.conversationType,
              isGroup: conversation.conversationType !== 'personal',
              name: '',
            },
            channelData: { tenant: { id: conversation.tenantId ?? as.tenantId } },
          }
        : {};
      const sent = await run(
        as,
        {
          type: 'invoke',
          name: 'adaptiveCard/action',
          value: { action: { type: 'Action.Execute', verb, data } },
          ...where,
          ...(card ?? {}),
        },
        locale,
      );
      const response = sent.find((a) => a.type === 'invokeResponse');
      const value = response?.value as { status: number; body: { value?: Card } } | undefined;
      if (!value) throw new Error('no invoke response');
      return { status: value.status, card: (value.body?.value ?? {}) as Card, body: value.body };
    },
    close: () => db.close(),
  };
}

/** Every text a person would see on a card (TextBlocks, fact titles/values, input labels and values, button titles). */
export function visibleText(card: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const n = node as Record<string, unknown>;
    for (const key of ['text', 'title', 'value', 'label', 'placeholder'])
      if (typeof n[key] === 'string') out.push(n[key] as string);
    for (const [k, v] of Object.entries(n)) if (k !== 'data') walk(v);
  };
  walk(card);
  return out.join('\n');
}

export function cardOf(activity: Partial<Activity> | undefined): Card {
  const content = activity?.attachments?.[0]?.content as Card | undefined;
  if (!content) throw new Error('no card in activity');
  return content;
}

/** The inputs of a card: id → value. */
export function inputsOfCard(card: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const n = node as Record<string, unknown>;
    if (typeof n.type === 'string' && n.type.startsWith('Input.') && typeof n.id === 'string')
      out[n.id] = typeof n.value === 'string' ? n.value : '';
    Object.values(n).forEach(walk);
  };
  walk(card);
  return out;
}

/**
 * A consented case raised through the cards as `as` does it: the consultation form with the child's
 * identity (Kim Testsson, 20150412-2381, guardian Vera Vårdnadshavare; 6–9, worry about trygghet), then
 * the consent card for the school and social services. Returns the new case's id.
 */
export async function raiseConsentedThroughCards(
  bot: BotHarness,
  as: Actor,
  categories: string = 'home-family',
): Promise<string> {
  const before = new Set((await bot.db.query<{ id: string }>('SELECT id FROM child_case')).rows.map((r) => r.id));
  await bot.invoke(as, 'consultation.submit', {
    mode: 'consented',
    ageBand: '6-9',
    worryAreas: 'trygghet',
    observations: 'Oro',
    tried: '',
    childName: 'Kim Testsson',
    childBirth: '20150412-2381',
    guardians: 'Vera Vårdnadshavare',
  });
  await bot.invoke(as, 'consent.submit', {
    caseId: '',
    guardians: 'Vera Vårdnadshavare',
    orgUnits: `${units.school},${units.social}`,
    categories,
    purpose: 'Samverkan',
    validUntil: '2026-12-31',
    obtainedHow: 'written',
  });
  const created = (await bot.db.query<{ id: string }>('SELECT id FROM child_case')).rows.find((r) => !before.has(r.id));
  if (!created) throw new Error('the consented case was not created');
  return created.id;
}

/**
 * Agreeing the plan and posting it where exactly the invited parties can see it: whole turns, the
 * outbox worker, the Graph stand-in (shared channel, members, enabledApps) and a Bot Connector
 * stand-in (the bot's post and its updates). Consent withdrawal removes that unit's members.
 */
import assert from 'node:assert/strict';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { closePlanChannel } from '../../src/app/close-plan-channel';
import { createMeetingEvent } from '../../src/app/create-meeting-event';
import { publishPlan, type PlanPublishStore } from '../../src/app/publish-plan';
import type { World } from '../../src/app/world';
import { loadQuestions, loadWheels } from '../../src/config/load-wheels';
import { graphCalendar } from '../../src/graph/calendar-port';
import { graphPlanChannels } from '../../src/graph/plan-channel-port';
import { listOrgUnits } from '../../src/storage/organisations';
import { SystemStore } from '../../src/storage/system-store';
import { queueChannelReconciliation } from '../../src/storage/channel-reconciliation';
import { rememberTeamsUser } from '../../src/storage/user-preferences';
import { botChannelPoster } from '../../src/teams/channel-poster';
import { startConnectorStandIn } from '../support/connector-standin';
import { everyCategoryInput, people, units } from '../support/world';
import { startBot, visibleText, type BotHarness } from '../turn/harness';
import { DomainError } from '../../src/domain/errors';
import { standInWithClient, testTeamsAppId as appId } from './support';

const teamId = 'samsyn-dev-team';

describe('the agreed plan in a channel of exactly the invited parties', function () {
  this.timeout(60_000);
  let env: Awaited<ReturnType<typeof standInWithClient>>;
  let connector: Awaited<ReturnType<typeof startConnectorStandIn>>;
  let bot: BotHarness;
  let caseId: string;
  let publish: (store?: PlanPublishStore) => Promise<unknown>;

  beforeEach(async () => {
    env = await standInWithClient({
      directoryPath: undefined,
      users: Object.values(people).map((p) => ({ id: p.objectId, displayName: p.displayName, tenantId: p.tenantId })),
      sharedChannel: { inProgressPolls: 1, completeAfterMs: 20 },
    });
    connector = await startConnectorStandIn();
    bot = await startBot('pglite', { calendar: graphCalendar(env.graph) });
    const world: World = { orgUnits: await listOrgUnits(bot.db), wheels: loadWheels(), questions: loadQuestions() };
    const adapter = new CloudAdapter(
      new ConfigurationBotFrameworkAuthentication({
        MicrosoftAppId: '',
        MicrosoftAppPassword: '',
        MicrosoftAppType: 'MultiTenant',
        MicrosoftAppTenantId: '',
      }),
    );
    const poster = botChannelPoster(adapter, '', bot.db, world, 'sv');
    const systemStore = new SystemStore(bot.db, bot.clock, 'test');
    const channels = graphPlanChannels(env.graph, appId, { attempts: 20, delayMs: 20 });
    publish = async (store = systemStore) => {
      // The bot learns the connector's service URL from incoming activities; here: the connector stand-in.
      await rememberTeamsUser(
        bot.db,
        people.anna.tenantId,
        people.anna.objectId,
        '29:anna',
        connector.url,
        bot.clock.now(),
      );
      return publishPlan({ store, channels, poster, teamId, now: () => bot.clock.now() }, caseId);
    };

    await bot.invoke(people.anna, 'consultation.submit', {
      mode: 'consented',
      ageBand: '10-12',
      worryAreas: 'trygghet',
      observations: 'Oro',
      tried: '',
      childName: 'Kim Testsson',
      childBirth: '20150412-2381',
      guardians: 'Vera',
    });
    await bot.invoke(people.anna, 'consent.submit', {
      caseId: '',
      guardians: 'Vera',
      orgUnits: `${units.school},${units.social}`,
      categories: everyCategoryInput,
      purpose: 'Samverkan',
      validUntil: '2026-12-31',
      obtainedHow: 'written',
    });
    caseId = (await bot.db.query<{ id: string }>('SELECT id FROM child_case')).rows[0]?.id ?? '';
    await bot.invoke(people.anna, 'meeting.submit', {
      caseId,
      invitees: people.bo.objectId,
      date: '2026-03-10',
      time: '09:00',
      minutes: '60',
    });
  });
  afterEach(async () => {
    await bot.close();
    await connector.close();
    await env.close();
  });

  const plan = (extra: Record<string, string> = {}) => ({
    caseId,
    reason: 'Hög frånvaro',
    'need.trygghet': 'En trygg vuxen',
    'goal.0': 'Närvaro över 90 %',
    'goalWords.0': 'Jag vill gå till skolan',
    'action.0.what': 'Morgonsamtal',
    'action.0.who': 'Mentor',
    'action.0.unit': units.school,
    'action.0.byWhen': '2026-04-01',
    'action.0.how': 'Närvaro',
    childsWish: 'Bo',
    lead: people.bo.objectId,
    followUp: '2026-05-01',
    ...extra,
  });

  it('only the lead professional agrees; agreeing queues the post; the channel holds exactly the parties; the post is updated, never repeated', async () => {
    const saved = await bot.invoke(people.anna, 'plan.agree', { ...plan(), version: 0 });
    assert.match(visibleText(saved.card), /Bo Social som samordningsperson behöver godkänna den/);
    assert.equal(await publish(), null, 'nothing is posted before the lead professional agrees');
    assert.equal(connector.calls.filter((c) => c.method === 'POST').length, 0);

    const agreed = await bot.invoke(people.bo, 'plan.agree', { ...plan(), version: 1 });
    assert.match(visibleText(agreed.card), /Planen är godkänd \(version 2\)/);
    assert.equal(
      (
        await bot.db.query(
          "SELECT * FROM outbox_job WHERE kind = 'plan.publish' AND state = 'pending' AND idempotency_key NOT LIKE '%:expiry:%'",
        )
      ).rows.length,
      1,
      'one post waits: agreeing joined the waiting reconciliation or queued it',
    );
    assert.equal((await bot.db.query<{ stage: string }>('SELECT stage FROM child_case')).rows[0]?.stage, 'plan-active');

    assert.match(
      visibleText((await bot.invoke(people.bo, 'plan.status', { caseId })).card),
      /Planen publiceras i kanalen/,
    );
    await publish();
    assert.match(
      visibleText((await bot.invoke(people.bo, 'plan.status', { caseId })).card),
      /Planen \(version 2\) finns i planens kanal/,
    );
    const create = env.standIn
      .requests()
      .filter((r) => r.method === 'POST' && r.url === `/v1.0/teams/${teamId}/channels`);
    assert.equal(create.length, 1);
    const createBody = create[0]?.body as { displayName: string; membershipType: string; members: unknown[] };
    assert.equal(createBody.membershipType, 'shared');
    assert.equal(createBody.members.length, 1, 'one owner at creation');
    assert.match(createBody.displayName, /^Samsyn 2026-0001 [0-9a-f]{8}$/);
    const batch = env.standIn.requests().find((r) => r.url === '/v1.0/$batch');
    assert.equal((batch?.body as { requests: unknown[] }).requests.length, 1, 'Bo added in one $batch');
    // The app is referenced by its catalogue id (looked up by the manifest id), never by the manifest id.
    const catalogId = env.standIn.appCatalog().apps.find((a) => a.externalId === appId)?.id;
    assert.ok(catalogId && catalogId !== appId, 'the catalogue id differs from the manifest id');
    const enable = env.standIn.requests().filter((r) => r.url.endsWith('/enabledApps/$ref'));
    assert.deepEqual(
      enable.map((r) => [r.status, (r.body as Record<string, string>)['@odata.id']]),
      [[204, `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${catalogId}`]],
    );
    const lookups = () =>
      env.standIn.requests().filter((r) => r.method === 'GET' && r.url.startsWith('/v1.0/appCatalogs/teamsApps'));
    assert.equal(lookups().length, 1);
    assert.equal(new URL(lookups()[0]?.url ?? '', 'https://x').searchParams.get('$filter'), `externalId eq '${appId}'`);
    const order = env.standIn.requests().map((r) => `${r.method} ${r.url}`);
    assert.ok(
      order.indexOf(`GET ${lookups()[0]?.url}`) < order.indexOf(`POST /v1.0/teams/${teamId}/channels`),
      'the look-up runs alongside finding the channel, not after it',
    );
    const posts = connector.calls.filter((c) => c.method === 'POST');
    assert.equal(posts.length, 1);
    const everything = JSON.stringify(env.standIn.requests().map((r) => r.body)) + JSON.stringify(connector.calls);
    // The personnummer in any of its forms; its last four digits alone also occur by chance in random ids.
    for (const secret of ['Kim', 'Testsson', '20150412-2381', '201504122381', '150412-2381', '1504122381', 'Vera'])
      assert.ok(!everything.includes(secret), `no ${secret} sent to Graph or Teams`);

    await bot.invoke(people.bo, 'plan.agree', { ...plan({ reason: 'Hög frånvaro, reviderad' }), version: 2 });
    await publish();
    assert.equal(connector.calls.filter((c) => c.method === 'POST').length, 1, 'not posted again');
    assert.equal(connector.calls.filter((c) => c.method === 'PUT').length, 1, 'the same message updated');
    assert.equal(
      env.standIn.requests().filter((r) => r.method === 'POST' && r.url === `/v1.0/teams/${teamId}/channels`).length,
      1,
    );
    assert.equal(lookups().length, 1, 'the catalogue id is kept, not looked up again');
  });

  it('an app package nobody uploaded: the job fails (retryably) telling the admin to upload it, and nothing is posted', async () => {
    await env.close();
    env = await standInWithClient({
      teamsAppId: undefined,
      directoryPath: undefined,
      users: Object.values(people).map((p) => ({ id: p.objectId, displayName: p.displayName, tenantId: p.tenantId })),
      sharedChannel: { inProgressPolls: 1, completeAfterMs: 20 },
    });
    const channels = graphPlanChannels(env.graph, appId, { attempts: 20, delayMs: 20 });
    const store = new SystemStore(bot.db, bot.clock, 'test');
    const adapter = new CloudAdapter(
      new ConfigurationBotFrameworkAuthentication({
        MicrosoftAppId: '',
        MicrosoftAppPassword: '',
        MicrosoftAppType: 'MultiTenant',
        MicrosoftAppTenantId: '',
      }),
    );
    const world: World = { orgUnits: await listOrgUnits(bot.db), wheels: loadWheels(), questions: loadQuestions() };
    const poster = botChannelPoster(adapter, '', bot.db, world, 'sv');
    await bot.invoke(people.anna, 'plan.agree', { ...plan(), version: 0 });
    await bot.invoke(people.bo, 'plan.agree', { ...plan(), version: 1 });
    await rememberTeamsUser(
      bot.db,
      people.anna.tenantId,
      people.anna.objectId,
      '29:anna',
      connector.url,
      bot.clock.now(),
    );
    const failed = await publishPlan({ store, channels, poster, teamId, now: () => bot.clock.now() }, caseId).then(
      () => null,
      (err: unknown) => err,
    );
    assert.ok(failed instanceof DomainError, String(failed));
    assert.equal(failed.code, 'PermissionMissing');
    assert.equal(failed.detail, 'appCatalog.appNotUploaded');
    assert.equal(
      (failed as DomainError & { retryable?: boolean }).retryable,
      true,
      'retried: the upload may come later',
    );
    assert.match(failed.message, new RegExp(`${appId}.*upload the app package`));
    assert.equal(env.standIn.requests().filter((r) => r.url.endsWith('/enabledApps/$ref')).length, 0);
    assert.equal(connector.calls.filter((c) => c.method === 'POST').length, 0, 'no post where the bot cannot be');
  });

  it("withdrawn consent removes that unit's members and hides detail on the card", async () => {
    await bot.invoke(people.anna, 'plan.agree', { ...plan(), version: 0 });
    await bot.invoke(people.bo, 'plan.agree', { ...plan(), version: 1 });
    await publish();
    const consentId = (await bot.db.query<{ id: string }>('SELECT id FROM consent')).rows[0]?.id;
    await bot.invoke(people.anna, 'consent.withdraw', { caseId, consentId });
    assert.ok(
      (
        await bot.db.query(
          "SELECT * FROM outbox_job WHERE kind = 'plan.publish' AND state = 'pending' AND idempotency_key LIKE '%:sync:%'",
        )
      ).rows.length >= 1,
      'withdrawal queues the channel update',
    );
    await publish();
    assert.ok(
      env.standIn.requests().some((r) => r.method === 'DELETE' && r.url.includes('/members/')),
      'Bo is removed',
    );
    const update = connector.calls.filter((c) => c.method === 'PUT').at(-1);
    assert.match(JSON.stringify(update?.body), /Detaljerna är dolda/);
    assert.ok(!JSON.stringify(update?.body).includes('Morgonsamtal'));
  });

  it('a member added by hand in Teams is removed by the periodic repair, and that is audited; the owner stays', async () => {
    await bot.invoke(people.anna, 'plan.agree', { ...plan(), version: 0 });
    await bot.invoke(people.bo, 'plan.agree', { ...plan(), version: 1 });
    await publish();
    const channelId =
      (await bot.db.query<{ channel_id: string }>('SELECT channel_id FROM plan_channel')).rows[0]?.channel_id ?? '';
    await env.graph.api(`/teams/${teamId}/channels/${channelId}/members`).post({
      '@odata.type': '#microsoft.graph.aadUserConversationMember',
      roles: [],
      'user@odata.bind': `https://graph.microsoft.com/v1.0/users('${people.cia.objectId}')`,
    });
    const membersNow = async () =>
      (
        (await env.graph.api(`/teams/${teamId}/channels/${channelId}/members`).get()) as { value: { userId: string }[] }
      ).value
        .map((m) => m.userId)
        .sort();
    assert.ok((await membersNow()).includes(people.cia.objectId), 'precondition: Cia was added by hand');

    await bot.db.query("UPDATE outbox_job SET state = 'done', attempts = 1 WHERE state = 'pending'"); // (publish ran directly above)
    assert.equal(
      await queueChannelReconciliation(bot.db, bot.clock, 3_600_000),
      1,
      'the periodic repair queues the case',
    );
    const removedBefore = (await bot.db.query("SELECT * FROM audit_log WHERE action = 'channel.member.remove'")).rows
      .length;
    await publish();
    assert.deepEqual(
      await membersNow(),
      [people.anna.objectId, people.bo.objectId].sort(),
      'exactly the parties again; the owner (Anna) stays',
    );
    assert.equal(
      (await bot.db.query("SELECT * FROM audit_log WHERE action = 'channel.member.remove'")).rows.length,
      removedBefore + 1,
      'the removal is audited',
    );
  });

  it('consent expiry: a channel re-check is queued for the moment the consent ends, and then removes the unit', async () => {
    await bot.invoke(people.anna, 'plan.agree', { ...plan(), version: 0 });
    await bot.invoke(people.bo, 'plan.agree', { ...plan(), version: 1 });
    await publish();
    const expiry = (
      await bot.db.query<{ run_after: Date }>(
        "SELECT run_after FROM outbox_job WHERE idempotency_key LIKE '%:expiry:%'",
      )
    ).rows;
    assert.equal(expiry.length, 1);
    assert.equal(expiry[0]?.run_after.toISOString(), '2027-01-01T00:00:00.000Z', 'valid through 2026-12-31');
    bot.clock.advance(Date.parse('2027-01-01T00:00:01Z') - bot.clock.now().getTime());
    await publish();
    assert.ok(
      env.standIn.requests().some((r) => r.method === 'DELETE' && r.url.includes('/members/')),
      "the unit's member is removed",
    );
    assert.match(JSON.stringify(connector.calls.at(-1)?.body), /Detaljerna är dolda/);
  });

  it('without a host team the plan goes to the meeting chat (fallback), posted once and then updated', async () => {
    // The meeting must exist in the calendar first: run its job.
    const store = new SystemStore(bot.db, bot.clock, 'test');
    const meetingId = (await bot.db.query<{ id: string }>('SELECT id FROM meeting')).rows[0]?.id ?? '';
    await createMeetingEvent(store, graphCalendar(env.graph), meetingId, {
      saved: null,
      saveProgress: async () => undefined,
    });
    await bot.invoke(people.anna, 'plan.agree', { ...plan(), version: 0 });
    await bot.invoke(people.bo, 'plan.agree', { ...plan(), version: 1 });
    await rememberTeamsUser(
      bot.db,
      people.anna.tenantId,
      people.anna.objectId,
      '29:anna',
      connector.url,
      bot.clock.now(),
    );
    const world: World = { orgUnits: await listOrgUnits(bot.db), wheels: loadWheels(), questions: loadQuestions() };
    const adapter = new CloudAdapter(
      new ConfigurationBotFrameworkAuthentication({
        MicrosoftAppId: '',
        MicrosoftAppPassword: '',
        MicrosoftAppType: 'MultiTenant',
        MicrosoftAppTenantId: '',
      }),
    );
    const deps = {
      store,
      channels: graphPlanChannels(env.graph, appId),
      poster: botChannelPoster(adapter, '', bot.db, world, 'sv'),
      teamId: '',
      now: () => bot.clock.now(),
    };
    const first = await publishPlan(deps, caseId);
    assert.match(first?.channelId ?? '', /^19:meeting_.*@thread\.v2$/);
    const installs = env.standIn
      .requests()
      .filter((r) => r.method === 'POST' && r.url.includes('/chats/') && r.url.endsWith('/installedApps'));
    assert.deepEqual(
      installs.map((r) => r.status),
      [201],
    );
    const catalogId = env.standIn.appCatalog().apps.find((a) => a.externalId === appId)?.id;
    assert.ok(catalogId && catalogId !== appId);
    // The catalogue id, and consent to the chat-scoped resource-specific permissions of the manifest.
    assert.deepEqual(installs[0]?.body, {
      'teamsApp@odata.bind': `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${catalogId}`,
      consentedPermissionSet: {
        resourceSpecificPermissions: [{ permissionValue: 'MeetingStage.Write.Chat', permissionType: 'delegated' }],
      },
    });
    assert.deepEqual(
      env.standIn.appCatalog().chatInstallations.map((i) => [i.chatId, i.teamsAppId]),
      [[first?.channelId, catalogId]],
    );
    assert.equal(env.standIn.requests().filter((r) => r.url.endsWith('/channels')).length, 0, 'no channel is created');
    await publishPlan(deps, caseId);
    assert.equal(connector.calls.filter((c) => c.method === 'POST').length, 1);
    assert.equal(connector.calls.filter((c) => c.method === 'PUT').length, 1);
    assert.ok(
      connector.calls[0]?.path.includes(encodeURIComponent(first?.channelId ?? '')) ||
        connector.calls[0]?.path.includes(first?.channelId ?? ''),
    );
  });

  it('closing the case archives its channel (per configuration)', async () => {
    await bot.invoke(people.anna, 'plan.agree', { ...plan(), version: 0 });
    await bot.invoke(people.bo, 'plan.agree', { ...plan(), version: 1 });
    await publish();
    const version = (await bot.db.query<{ version: number }>('SELECT version FROM child_case')).rows[0]?.version;
    const refused = await bot.invoke(people.anna, 'case.closeSubmit', { caseId, version, reason: '' });
    assert.match(visibleText(refused.card), /Fyll i det här fältet/);
    const closed = await bot.invoke(people.anna, 'case.closeSubmit', {
      caseId,
      version,
      reason: 'Behovet är tillgodosett',
    });
    assert.match(visibleText(closed.card), /Ärendet är avslutat/);
    assert.equal((await bot.db.query("SELECT * FROM outbox_job WHERE kind = 'plan.closeChannel'")).rows.length, 1);
    const store = new SystemStore(bot.db, bot.clock, 'test');
    const result = await closePlanChannel(
      { store, channels: graphPlanChannels(env.graph, appId), teamId, onClose: 'archive' },
      caseId,
    );
    assert.deepEqual(result, { closed: 'archive' });
    assert.ok(
      env.standIn.requests().some((r) => r.method === 'POST' && r.url.endsWith('/archive') && r.status === 202),
    );
    assert.equal((await bot.db.query<{ state: string }>('SELECT state FROM plan_channel')).rows[0]?.state, 'closed');
  });

  it('a crash after the channel was created but before we stored it: the retry finds it by name, no second channel', async () => {
    await bot.invoke(people.anna, 'plan.agree', { ...plan(), version: 0 });
    await bot.invoke(people.bo, 'plan.agree', { ...plan(), version: 1 });
    const real = new SystemStore(bot.db, bot.clock, 'test');
    let crashed = false;
    const crashing: PlanPublishStore = {
      planForPublish: (id) => real.planForPublish(id),
      saveChannel: async (id, org, fields) => {
        if (!crashed && fields.channelId) {
          crashed = true;
          throw new Error('killed after the channel was created');
        }
        return real.saveChannel(id, org, fields);
      },
      memberRemoved: (id, org) => real.memberRemoved(id, org),
    };
    await assert.rejects(publish(crashing), /killed/);
    await publish();
    const creates = env.standIn
      .requests()
      .filter((r) => r.method === 'POST' && r.url === `/v1.0/teams/${teamId}/channels`);
    assert.deepEqual(
      creates.map((r) => r.status),
      [202, 400],
      "the retry's creation is refused as a duplicate name",
    );
    assert.ok(
      env.standIn.requests().some((r) => r.method === 'GET' && r.url.startsWith(`/v1.0/teams/${teamId}/channels?`)),
      'and the retry finds the channel by name',
    );
    assert.equal(connector.calls.filter((c) => c.method === 'POST').length, 1);
  });
});

/**
 * When the agreed plan is posted, the plan.publish job updates the card the lead professional agreed
 * on (Bot Connector updateActivity): whole turns, the outbox worker, the Graph stand-in (the shared
 * channel) and a Bot Connector stand-in. The agreement joins a waiting channel reconciliation, and the
 * card rides along with it.
 */
import assert from 'node:assert/strict';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { World } from '../../src/app/world';
import { loadQuestions, loadWheels } from '../../src/config/load-wheels';
import { graphCalendar } from '../../src/graph/calendar-port';
import { graphPlanChannels } from '../../src/graph/plan-channel-port';
import { jobHandlers } from '../../src/jobs/catalog';
import { listOrgUnits } from '../../src/storage/organisations';
import { Outbox } from '../../src/storage/outbox';
import { runOutboxOnce } from '../../src/storage/outbox-runner';
import { SystemStore } from '../../src/storage/system-store';
import { rememberTeamsUser } from '../../src/storage/user-preferences';
import { botCaseCardUpdater } from '../../src/teams/case-card-updater';
import { botChannelPoster } from '../../src/teams/channel-poster';
import { startConnectorStandIn } from '../support/connector-standin';
import { everyCategoryInput, people, units } from '../support/world';
import { startBot, visibleText, type BotHarness } from '../turn/harness';
import { standInWithClient, testTeamsAppId as appId } from './support';

const teamId = 'samsyn-dev-team';

describe('the plan job updates the card the plan was agreed on (updateActivity)', function () {
  this.timeout(60_000);
  let env: Awaited<ReturnType<typeof standInWithClient>>;
  let connector: Awaited<ReturnType<typeof startConnectorStandIn>>;
  let bot: BotHarness;

  beforeEach(async () => {
    env = await standInWithClient({
      directoryPath: undefined,
      users: Object.values(people).map((p) => ({ id: p.objectId, displayName: p.displayName, tenantId: p.tenantId })),
      sharedChannel: { inProgressPolls: 1, completeAfterMs: 20 },
    });
    connector = await startConnectorStandIn();
    bot = await startBot('pglite', { calendar: graphCalendar(env.graph) });
  });
  afterEach(async () => {
    await bot.close();
    await connector.close();
    await env.close();
  });

  it('says the plan is posted, in place of the agreement card, with nothing personal in it', async () => {
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
    const caseId = (await bot.db.query<{ id: string }>('SELECT id FROM child_case')).rows[0]?.id ?? '';
    await bot.invoke(people.anna, 'meeting.submit', {
      caseId,
      invitees: people.bo.objectId,
      date: '2026-03-10',
      time: '09:00',
      minutes: '60',
    });
    const plan = {
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
    };
    await bot.invoke(people.anna, 'plan.agree', { ...plan, version: 0 });
    const agreed = await bot.invoke(people.bo, 'plan.agree', { ...plan, version: 1 }, 'sv-SE', undefined, {
      replyToId: 'card-plan-1',
      serviceUrl: connector.url,
    });
    assert.match(visibleText(agreed.card), /Planen är godkänd \(version 2\)/);
    const waiting = (
      await bot.db.query<{ payload: { card?: { activityId: string } } }>(
        "SELECT payload FROM outbox_job WHERE kind = 'plan.publish' AND state = 'pending' AND idempotency_key NOT LIKE '%:expiry:%'",
      )
    ).rows;
    assert.equal(waiting.length, 1, 'one post waits');
    assert.equal(waiting[0]?.payload.card?.activityId, 'card-plan-1', 'the card rode along with the waiting job');

    await bot.db.query("UPDATE outbox_job SET state = 'done' WHERE kind <> 'plan.publish' AND state = 'pending'");
    // The bot learns the connector's service URL for the channel post from incoming activities.
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
    const failed: string[] = [];
    const handlers = jobHandlers(
      {
        store: new SystemStore(bot.db, bot.clock, 'test-worker'),
        calendar: null,
        channels: graphPlanChannels(env.graph, appId, { attempts: 20, delayMs: 20 }),
        poster: botChannelPoster(adapter, '', bot.db, world, 'sv'),
        config: { planTeamId: teamId, planChannelOnClose: 'archive' },
        clock: bot.clock,
        cards: botCaseCardUpdater(adapter, '', bot.db, 'sv'),
        cardUpdateFailed: (kind, code) => failed.push(`${kind}:${code}`),
      },
      ['plan.publish'],
    );
    const summary = await runOutboxOnce(new Outbox(bot.db, bot.clock), handlers, 'test-worker');
    assert.equal(summary.done, 1);
    assert.deepEqual(failed, []);

    assert.equal(connector.calls.filter((c) => c.method === 'POST').length, 1, 'the plan is posted in its channel');
    const updates = connector.calls.filter((c) => c.method === 'PUT');
    assert.deepEqual(
      updates.map((c) => c.path),
      [`/v3/conversations/${encodeURIComponent(`personal-${people.bo.objectId}`)}/activities/card-plan-1`],
    );
    const card = (updates[0]?.body.attachments as { content: unknown }[])[0]?.content;
    const text = visibleText(card);
    assert.match(text, /Planen \(version 2\) finns i planens kanal/);
    assert.ok(!JSON.stringify(card).includes('plan.status'), 'no Uppdatera for the plan');
    const body = JSON.stringify(updates[0]?.body);
    for (const secret of ['Kim', 'Testsson', '2381', 'Vera', 'Hög frånvaro', 'Morgonsamtal', people.bo.displayName])
      assert.ok(!body.includes(secret), `no ${secret} in the update`);
  });
});

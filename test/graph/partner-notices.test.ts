/**
 * Where a personal chat is impossible (decision 0008, issue 19 item 4): a partner tenant's professional's
 * cards, through the outbox and the real bot adapter, against a Bot Connector stand-in and the Graph
 * stand-in. A hand-over offer goes to the case's plan channel he is a member of, a consultee invitation
 * to the meeting chat he is invited to (the app installed there first), each with him @mentioned (the
 * `<at>` text and a mention entity with his id) and nothing identifying the child; without either the
 * job records that the card waits in the tab, which lists his case. No personal chat is tried, a done
 * job posts nothing again, and a person of a tenant on no list gets nothing.
 */
import assert from 'node:assert/strict';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { ConsultationDetails } from '../../src/domain/case';
import { offerHandover } from '../../src/app/handover';
import { planWriteRule } from '../../src/domain/plan';
import { spanningPlan } from '../support/categories';
import { inviteConsultee } from '../../src/app/invite-consultee';
import { partnerAwareNotifier } from '../../src/app/partner-notices';
import { graphPlanChannels } from '../../src/graph/plan-channel-port';
import { jobHandlers } from '../../src/jobs/catalog';
import type { Database } from '../../src/storage/database';
import { FollowUpJobStore } from '../../src/storage/follow-up-job-store';
import { Outbox } from '../../src/storage/outbox';
import { runOutboxOnce } from '../../src/storage/outbox-runner';
import { SharedPlaceJobStore } from '../../src/storage/shared-place-store';
import { SystemStore } from '../../src/storage/system-store';
import { rememberTeamsUser } from '../../src/storage/user-preferences';
import { botPersonalNotifier } from '../../src/teams/personal-notifier';
import { botSharedNoticePoster } from '../../src/teams/shared-notice-poster';
import { startConnectorStandIn, type ConnectorCall } from '../support/connector-standin';
import { openTestDatabase } from '../support/databases';
import { bup, fredrik, olle, regionTenant, seedPartner } from '../support/partner-world';
import {
  contextAs,
  consentFor,
  childIdentity,
  FakeClock,
  people,
  reposAs,
  seedWorld,
  tenant,
  units,
} from '../support/world';
import { standInWithClient, testTeamsAppId } from './support';
import { withoutIds } from '../support/text';

const channelId = '19:samsyn-plan-partner@thread.tacv2';
const chatId = '19:meeting_cGFydG5lcg@thread.v2';
const joinUrl = `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(chatId)}/0?context=%7b%7d`;
const anonymousDetails: ConsultationDetails = {
  ageBand: '6-9',
  worryAreas: ['trygghet'],
  observations: 'Ofta hungrig på morgonen',
  tried: 'Frukost i skolan',
};

describe('a partner tenant’s professional’s cards where a personal chat is impossible', function () {
  this.timeout(120_000);
  let db: Database;
  let clock: FakeClock;
  let env: Awaited<ReturnType<typeof standInWithClient>>;
  let connector: Awaited<ReturnType<typeof startConnectorStandIn>>;
  let run: () => Promise<unknown>;

  beforeEach(async () => {
    db = await openTestDatabase('pglite');
    await seedWorld(db);
    await seedPartner(db);
    clock = new FakeClock();
    env = await standInWithClient();
    connector = await startConnectorStandIn();
    // The bot learnt the host's connector from its people's activities.
    await rememberTeamsUser(db, tenant, people.anna.objectId, '29:anna', connector.url, clock.now());
    const adapter = new CloudAdapter(
      new ConfigurationBotFrameworkAuthentication({
        MicrosoftAppId: '',
        MicrosoftAppPassword: '',
        MicrosoftAppType: 'MultiTenant',
        MicrosoftAppTenantId: '',
      }),
    );
    const store = new SystemStore(db, clock, 'test-worker');
    const channels = graphPlanChannels(env.graph, testTeamsAppId, { attempts: 20, delayMs: 20 }, tenant);
    // As startSideEffects wires it: the personal notifier, wrapped for the partner tenants.
    const notifier = partnerAwareNotifier(botPersonalNotifier(adapter, '', db, 'sv', [regionTenant]), {
      isPartner: (to) => to.tenantId.toLowerCase() === regionTenant,
      store: new SharedPlaceJobStore(db, store),
      shared: botSharedNoticePoster(adapter, '', db, 'sv', tenant),
      installInChat: (id) => channels.installAppInChat(id),
    });
    const handlers = jobHandlers({
      store,
      calendar: null,
      channels,
      poster: { post: () => Promise.reject(new Error('no plan')), update: () => Promise.reject(new Error('no plan')) },
      config: { planTeamId: 'samsyn-dev-team', planChannelOnClose: 'archive' },
      clock,
      followUps: { store: new FollowUpJobStore(db, store), notifier },
    });
    run = () => runOutboxOnce(new Outbox(db, clock), handlers, 'test-worker', { limit: 20 });
  });
  afterEach(async () => {
    await connector.close();
    await env.close();
    await db.close();
  });

  const posts = () => connector.calls.filter((c) => c.method === 'POST');
  const job = async (kind: string) =>
    (
      await db.query<{ state: string; result: unknown; last_error: string | null }>(
        'SELECT state, result, last_error FROM outbox_job WHERE kind = $1',
        [kind],
      )
    ).rows;
  function assertMention(call: ConnectorCall | undefined) {
    assert.ok(call);
    assert.match(String(call.body.text), /^<at>Fredrik Ås<\/at> /);
    assert.deepEqual(call.body.entities, [
      { type: 'mention', text: '<at>Fredrik Ås</at>', mentioned: { id: fredrik.objectId, name: 'Fredrik Ås' } },
    ]);
  }

  it('a hand-over offer goes to the plan channel he is a member of, with him mentioned — once', async () => {
    const anna = reposAs(db, people.anna, clock);
    const kase = await anna.cases.createCase({
      kind: 'consented',
      details: anonymousDetails,
      child: childIdentity,
      consent: consentFor([units.school, bup], clock),
    });
    await anna.parties.addParty(kase.id, { ...fredrik, role: 'participant' });
    await new SystemStore(db, clock, 'setup').saveChannel(kase.id, units.school, {
      displayName: `Samsyn ${kase.reference} ${kase.id.slice(0, 8)}`,
      teamId: 'samsyn-dev-team',
      channelId,
      serviceUrl: connector.url,
      memberObjectIds: [people.anna.objectId, fredrik.objectId],
    });
    const offered = await offerHandover(await contextAs(db, people.anna, clock), kase.id, 'named-person', fredrik);

    await run();
    assert.deepEqual(
      posts().map((c) => c.path.startsWith(`/v3/conversations/${encodeURIComponent(channelId)}/activities`)),
      [true],
      'posted in the plan channel, no personal chat opened',
    );
    assertMention(posts()[0]);
    const body = JSON.stringify(posts()[0]?.body);
    assert.match(body, /handover\.decide|handover\.accept|Ta emot|Acceptera/i);
    assert.ok(body.includes(offered.id), 'the card answers this offer');
    for (const secret of [childIdentity.name, childIdentity.personnummer, 'hungrig'])
      assert.ok(!body.includes(secret), `no "${secret}" in the channel`);
    const [done] = await job('handover.offer');
    assert.deepEqual(done, {
      state: 'done',
      result: { sent: true, activityId: posts()[0]?.answeredId, place: 'planChannel' },
      last_error: null,
    });

    // The outbox runs again: the job is done, nothing is posted twice.
    clock.advance(60 * 60_000);
    await run();
    assert.equal(posts().length, 1);
  });

  it('a follow-up reminder to a partner lead professional reaches him in the plan channel', async () => {
    const bo = reposAs(db, people.bo, clock);
    const kase = await bo.cases.createCase({
      kind: 'consented',
      details: anonymousDetails,
      child: childIdentity,
      consent: consentFor([units.social, bup], clock),
    });
    await bo.parties.addParty(kase.id, { ...fredrik, role: 'lead-professional' });
    const plan = { ...spanningPlan(fredrik), followUpDate: '2026-04-15' };
    const saved = await bo.plans.savePlan(kase.id, plan, true, 0, planWriteRule(plan, true));
    await db.query("UPDATE child_case SET stage = 'plan-active' WHERE id = $1", [kase.id]);
    await new SystemStore(db, clock, 'setup').saveChannel(kase.id, units.social, {
      displayName: `Samsyn ${kase.reference} ${kase.id.slice(0, 8)}`,
      teamId: 'samsyn-dev-team',
      channelId,
      serviceUrl: connector.url,
      memberObjectIds: [people.bo.objectId, fredrik.objectId],
    });
    await new Outbox(db, clock).enqueue(db, {
      kind: 'followUp.remind',
      orgUnitId: units.social,
      caseId: kase.id,
      idempotencyKey: `followUp.remind:${kase.id}:test`,
      payload: { caseId: kase.id, version: saved.version, dueDate: '2026-04-15', when: 'due' },
    });
    await run();
    assert.deepEqual(
      posts().map((c) => c.path.startsWith(`/v3/conversations/${encodeURIComponent(channelId)}/activities`)),
      [true],
    );
    assertMention(posts()[0]);
    assert.ok(JSON.stringify(posts()[0]?.body).includes('2026-04-15'));
    const [done] = await job('followUp.remind');
    assert.deepEqual(done?.result, { sent: true, activityId: posts()[0]?.answeredId, place: 'planChannel' });
  });

  it('a consultee invitation goes to the meeting chat he is invited to (app installed there), nothing identifying the child', async () => {
    const anna = await contextAs(db, people.anna, clock);
    const kase = await reposAs(db, people.anna, clock).cases.createCase({
      kind: 'anonymous',
      details: anonymousDetails,
    });
    await inviteConsultee(anna, kase.id, { ...fredrik });
    await db.query(
      `INSERT INTO meeting (id, case_id, org_unit_id, starts_at, ends_at, invited_org_unit_ids, transaction_id, status, join_url, created_at, invitees)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, gen_random_uuid(), 'created', $6, $3, $7)`,
      [
        kase.id,
        units.school,
        clock.now(),
        new Date(clock.now().getTime() + 3_600_000),
        [units.school, bup],
        joinUrl,
        JSON.stringify([
          { tenantId: fredrik.tenantId, objectId: fredrik.objectId, displayName: 'Fredrik Ås', orgUnitId: bup },
        ]),
      ],
    );

    await run();
    assert.deepEqual(
      posts().map((c) => c.path.startsWith(`/v3/conversations/${encodeURIComponent(chatId)}/activities`)),
      [true],
      'posted in the meeting chat',
    );
    assertMention(posts()[0]);
    const installs = env.standIn
      .requests()
      .filter((r) => r.method === 'POST' && r.url === `/v1.0/chats/${encodeURIComponent(chatId)}/installedApps`);
    assert.equal(installs.length, 1, 'the app is made available in the meeting chat first');
    const body = JSON.stringify(posts()[0]?.body);
    assert.ok(body.includes(kase.reference));
    // Outside random ids: a UUID holds "6-9" by chance at a hyphen (failed once in CI that way).
    const text = withoutIds(body);
    for (const secret of ['hungrig', 'Frukost', '6-9']) assert.ok(!text.includes(secret), `no "${secret}" in the chat`);
    const [done] = await job('consultee.notify');
    assert.deepEqual(done?.result, { sent: true, activityId: posts()[0]?.answeredId, place: 'meetingChat' });
  });

  it('with neither, the job records that the card waits in the tab, whose personal view lists the case', async () => {
    const kase = await reposAs(db, people.anna, clock).cases.createCase({
      kind: 'anonymous',
      details: anonymousDetails,
    });
    await inviteConsultee(await contextAs(db, people.anna, clock), kase.id, { ...fredrik });
    await run();
    assert.deepEqual(posts(), [], 'nothing posted, no personal chat tried');
    assert.deepEqual(await job('consultee.notify'), [
      { state: 'done', result: { sent: true, activityId: '', place: 'tab' }, last_error: null },
    ]);
    const listed = await reposAs(db, fredrik, clock).cases.listMyCases();
    assert.deepEqual(
      listed.map((c) => [c.id, c.reference, [...c.myRoles]]),
      [[kase.id, kase.reference, ['consultee']]],
    );
  });

  it('a person of a tenant on no list gets nothing from a job, anywhere', async () => {
    const kase = await reposAs(db, people.anna, clock).cases.createCase({
      kind: 'anonymous',
      details: anonymousDetails,
    });
    await new Outbox(db, clock).enqueue(db, {
      caseId: kase.id,
      orgUnitId: units.school,
      kind: 'consultee.notify',
      idempotencyKey: `consultee.notify:${kase.id}:${olle.tenantId}:${olle.objectId}`,
      payload: { caseId: kase.id, tenantId: olle.tenantId, objectId: olle.objectId },
      runAfter: clock.now(),
      maxAttempts: 10,
    });
    await run();
    assert.deepEqual(posts(), []);
    assert.deepEqual(
      (await job('consultee.notify')).map((j) => [j.state, j.result]),
      [['done', { sent: false }]],
    );
  });
});

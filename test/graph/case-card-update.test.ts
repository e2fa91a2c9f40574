/**
 * When the meeting is created, the job updates the card the person called it on (Bot Connector
 * updateActivity), so nobody presses *Uppdatera*: whole turns, the outbox worker, the Graph stand-in
 * and a Bot Connector stand-in. The card says only what every member of the conversation may see;
 * a failed update leaves the job done and the event created once.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { CaseCardPort } from '../../src/app/external-ports';
import { graphCalendar } from '../../src/graph/calendar-port';
import { jobHandlers } from '../../src/jobs/catalog';
import { Outbox } from '../../src/storage/outbox';
import { runOutboxOnce } from '../../src/storage/outbox-runner';
import { SystemStore } from '../../src/storage/system-store';
import { botCaseCardUpdater } from '../../src/teams/case-card-updater';
import { startConnectorStandIn, type ConnectorCall } from '../support/connector-standin';
import { everyCategoryInput, people, units } from '../support/world';
import { mri, startBot, visibleText, type BotHarness, raiseConsentedThroughCards } from '../turn/harness';
import { standInWithClient } from './support';

const secrets = ['Kim', 'Testsson', '2381', '20150412', 'Vera', 'Oro', people.anna.displayName, people.bo.displayName];

describe('the meeting job updates the card it was called on (updateActivity)', function () {
  this.timeout(60_000);
  let env: Awaited<ReturnType<typeof standInWithClient>>;
  let connector: Awaited<ReturnType<typeof startConnectorStandIn>>;
  let bot: BotHarness;
  let caseId: string;
  const adapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: '',
      MicrosoftAppPassword: '',
      MicrosoftAppType: 'MultiTenant',
      MicrosoftAppTenantId: '',
    }),
  );

  beforeEach(async () => {
    env = await standInWithClient({
      directoryPath: undefined,
      users: Object.values(people).map((p) => ({ id: p.objectId, displayName: p.displayName, tenantId: p.tenantId })),
    });
    connector = await startConnectorStandIn();
    bot = await startBot('pglite', { calendar: graphCalendar(env.graph) });
    caseId = await raiseConsentedThroughCards(bot, people.anna, everyCategoryInput);
  });
  afterEach(async () => {
    await bot.close();
    await connector.close();
    await env.close();
  });

  async function callMeeting(
    conversation?: { id: string; conversationType: 'groupChat' | 'channel' | 'personal' },
    serviceUrl = connector.url,
  ) {
    const r = await bot.invoke(
      people.anna,
      'meeting.submit',
      { caseId, invitees: people.bo.objectId, date: '2026-03-10', time: '09:00', minutes: '60' },
      'sv-SE',
      conversation,
      { replyToId: 'card-activity-1', serviceUrl },
    );
    assert.match(visibleText(r.card), /Skapar möte/);
  }

  async function worker(cards: CaseCardPort, failed: string[] = []) {
    // The meeting's job only: the plan channel's reconciliations (queued as invitees join) are another suite's.
    await bot.db.query(
      "UPDATE outbox_job SET state = 'done' WHERE kind <> 'meeting.createEvent' AND state = 'pending'",
    );
    const handlers = jobHandlers(
      {
        store: new SystemStore(bot.db, bot.clock, 'test-worker'),
        calendar: graphCalendar(env.graph),
        channels: null,
        poster: { post: () => Promise.reject(new Error('not here')), update: () => Promise.resolve() },
        config: { planTeamId: undefined, planChannelOnClose: 'archive' },
        clock: bot.clock,
        cards,
        cardUpdateFailed: (kind, code) => failed.push(`${kind}:${code}`),
      },
      ['meeting.createEvent'],
    );
    return runOutboxOnce(new Outbox(bot.db, bot.clock), handlers, 'test-worker');
  }

  const puts = () => connector.calls.filter((c) => c.method === 'PUT');
  const cardOf = (call: ConnectorCall) =>
    (call.body.attachments as { contentType: string; content: Record<string, unknown> }[])[0]?.content ?? {};
  const openUrls = (card: unknown) => JSON.stringify(card).match(/"Action\.OpenUrl"/g)?.length ?? 0;

  it("replaces the card in the person's own chat: created, with the join link as a button", async () => {
    await callMeeting();
    const job = (
      await bot.db.query<{ payload: unknown }>("SELECT payload FROM outbox_job WHERE kind = 'meeting.createEvent'")
    ).rows[0];
    assert.deepEqual(Object.keys((job?.payload as { card: object }).card).sort(), [
      'activityId',
      'conversationId',
      'personal',
      'serviceUrl',
    ]);
    assert.equal((await worker(botCaseCardUpdater(adapter, '', bot.db, 'sv'))).done, 1);

    const [put, ...more] = puts();
    assert.equal(more.length, 0, 'one update');
    assert.equal(
      put?.path,
      `/v3/conversations/${encodeURIComponent(`personal-${people.anna.objectId}`)}/activities/card-activity-1`,
    );
    const card = cardOf(put!);
    const text = visibleText(card);
    assert.match(text, /Mötet är skapat 2026-03-10 09:00\./);
    assert.match(text, /Anslut till mötet/);
    assert.equal(openUrls(card), 1, 'the join link is a button');
    const joinUrl = (await bot.db.query<{ join_url: string }>('SELECT join_url FROM meeting')).rows[0]?.join_url;
    assert.ok(joinUrl && JSON.stringify(card).includes(joinUrl));
    assert.ok(!JSON.stringify(card).includes('meeting.status'), 'no Uppdatera for the meeting');
    const body = JSON.stringify(put?.body);
    for (const secret of secrets) assert.ok(!body.includes(secret), `no ${secret} in the update`);
  });

  it('in a group chat, shows everyone only the case facts; the parties get their own view by refresh', async () => {
    const group = '19:samsyn-group@thread.v2';
    await callMeeting({ id: group, conversationType: 'groupChat' });
    assert.equal((await worker(botCaseCardUpdater(adapter, '', bot.db, 'sv'))).done, 1);

    const [put] = puts();
    assert.equal(put?.path, `/v3/conversations/${encodeURIComponent(group)}/activities/card-activity-1`);
    const card = cardOf(put!);
    assert.match(visibleText(card), /Mötet är skapat 2026-03-10 09:00\./);
    assert.equal(openUrls(card), 0, 'no join link for every member of the chat');
    assert.ok(!/Din roll/.test(visibleText(card)), "no one person's roles");
    const refresh = card.refresh as { action: { verb: string; data: Record<string, unknown> }; userIds: string[] };
    assert.equal(refresh.action.verb, 'case.refresh');
    assert.ok(refresh.userIds.includes(mri(people.anna)), 'the party who called it gets her own view');
    // Her view (the refresh Teams sends for her) still says the meeting is created, with the join link.
    const own = await bot.invoke(people.anna, 'case.refresh', refresh.action.data, 'sv-SE', {
      id: group,
      conversationType: 'groupChat',
    });
    assert.match(visibleText(own.card), /Mötet är skapat 2026-03-10 09:00\./);
    assert.match(visibleText(own.card), /Din roll/);
    assert.equal(openUrls(own.card), 1, 'the join link for the party');
    const body = JSON.stringify(put?.body);
    for (const secret of secrets) assert.ok(!body.includes(secret), `no ${secret} in the update`);
  });

  it('a group consultation’s card keeps its own buttons (actions for the group, the individual consultation, no consent)', async () => {
    await bot.invoke(people.eve, 'group.submit', {
      unit: units.school,
      groupSetting: 'class',
      groupSize: '20-29',
      groupAgeBand: '10-12',
      worryAreas: 'trygghet',
      observations: 'oroligt efter rasterna',
    });
    const group = (await bot.db.query<{ id: string }>("SELECT id FROM child_case WHERE (details->'group') IS NOT NULL"))
      .rows[0];
    assert.ok(group);
    caseId = group.id; // Anna, the school's named person, got the group consultation and calls its meeting.
    await callMeeting();
    assert.equal((await worker(botCaseCardUpdater(adapter, '', bot.db, 'sv'))).done, 1);
    const text = visibleText(cardOf(puts()[0]!));
    assert.match(text, /Gruppkonsultation/);
    assert.match(text, /Åtgärder för gruppen/);
    assert.match(text, /Öppna individuell konsultation/);
    assert.doesNotMatch(text, /Registrera samtycke/);
  });

  it('a failing update leaves the job done and the event created once', async () => {
    // A connector that refuses the update.
    const refusing = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'ActivityNotFoundInConversation', message: 'gone' } }));
      });
    });
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    const address = refusing.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
    try {
      await callMeeting(undefined, url);
      const failed: string[] = [];
      const summary = await worker(botCaseCardUpdater(adapter, '', bot.db, 'sv'), failed);
      assert.equal(summary.done, 1);
      assert.equal(failed.length, 1, 'the failure is reported');
      assert.match(failed[0] ?? '', /^meeting\.createEvent:/);
      const job = (
        await bot.db.query<{ state: string; attempts: number }>(
          "SELECT state, attempts FROM outbox_job WHERE kind = 'meeting.createEvent'",
        )
      ).rows[0];
      assert.equal(job?.state, 'done');
      assert.equal((await bot.db.query<{ status: string }>('SELECT status FROM meeting')).rows[0]?.status, 'created');
      // Nothing left to run: the event is never created again for the card's sake.
      assert.equal((await worker(botCaseCardUpdater(adapter, '', bot.db, 'sv'))).claimed, 0);
      const posts = env.standIn.requests().filter((q) => q.method === 'POST' && q.url.includes('/events'));
      assert.equal(posts.length, 1);
    } finally {
      await new Promise<void>((resolve) => refusing.close(() => resolve()));
    }
  });
});

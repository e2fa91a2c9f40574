/**
 * Calling the meeting, whole turns + the outbox worker + the Graph stand-in: consent governs who is
 * invited, the event carries no child-identifying data, and a retry never creates a second event.
 */
import assert from 'node:assert/strict';
import { createMeetingEvent } from '../../src/app/create-meeting-event';
import { graphCalendar } from '../../src/graph/calendar-port';
import { Outbox } from '../../src/storage/outbox';
import { runOutboxOnce } from '../../src/storage/outbox-runner';
import { SystemStore } from '../../src/storage/system-store';
import { readAuditRows } from '../../src/storage/audit-reader';
import { startBot, visibleText, type BotHarness, raiseConsentedThroughCards } from '../turn/harness';
import { everyCategoryInput, people, units } from '../support/world';
import { standInWithClient } from './support';
import { Agent } from 'undici';
import { createGraphClient, developmentCredential } from '../../src/graph/graph-client';

describe('calling a meeting: card → outbox → Graph stand-in', function () {
  this.timeout(60_000);
  let env: Awaited<ReturnType<typeof standInWithClient>>;
  let bot: BotHarness;

  beforeEach(async () => {
    // The test world's people (test/support/world.ts) are the stand-in's users.
    env = await standInWithClient({
      directoryPath: undefined,
      users: Object.values(people).map((p) => ({ id: p.objectId, displayName: p.displayName, tenantId: p.tenantId })),
    });
    bot = await startBot('pglite', { calendar: graphCalendar(env.graph) });
    await raiseConsentedThroughCards(bot, people.anna, everyCategoryInput);
  });
  afterEach(async () => {
    await bot.close();
    await env.close();
  });

  async function caseId(): Promise<string> {
    const id = (await bot.db.query<{ id: string }>('SELECT id FROM child_case')).rows[0]?.id;
    assert.ok(id);
    return id;
  }

  async function worker(calendar = graphCalendar(env.graph)) {
    const store = new SystemStore(bot.db, bot.clock, 'test-worker');
    // This suite runs the meeting's job only: the plan channel's reconciliations (queued as invitees
    // join) are another suite's.
    await bot.db.query(
      "UPDATE outbox_job SET state = 'done' WHERE kind <> 'meeting.createEvent' AND state = 'pending'",
    );
    return runOutboxOnce(
      new Outbox(bot.db, bot.clock),
      {
        'meeting.createEvent': async (job, ctx) =>
          (await createMeetingEvent(store, calendar, String(job.payload.meetingId), {
            saved: job.result as { eventId?: string } | null,
            saveProgress: (r) => ctx.saveProgress(r),
          })) ?? null,
      },
      'test-worker',
    );
  }

  it('refuses a unit outside the consent, naming it, and invites nobody', async () => {
    const id = await caseId();
    const r = await bot.invoke(people.anna, 'meeting.submit', {
      caseId: id,
      invitees: `${people.bo.objectId},${people.cia.objectId}`,
      date: '2026-03-10',
      time: '09:00',
      minutes: '60',
    });
    assert.match(visibleText(r.card), /Samtycke saknas för BVC/);
    assert.equal((await bot.db.query("SELECT * FROM outbox_job WHERE kind = 'meeting.createEvent'")).rows.length, 0);
  });

  it('creates exactly one event with only the case reference, and shows the join link', async () => {
    const id = await caseId();
    const r = await bot.invoke(people.anna, 'meeting.submit', {
      caseId: id,
      invitees: people.bo.objectId,
      date: '2026-03-10',
      time: '09:00',
      minutes: '60',
    });
    assert.match(visibleText(r.card), /Skapar möte/);
    const summary = await worker();
    assert.equal(summary.done, 1);

    const posts = env.standIn.requests().filter((q) => q.method === 'POST' && q.url.includes('/events'));
    assert.equal(posts.length, 1);
    const body = JSON.stringify(posts[0]?.body);
    assert.match(body, /Samverkansmöte – ärende 2026-0001/);
    for (const secret of ['Kim', 'Testsson', '2381', '20150412', 'Vera'])
      assert.ok(!body.includes(secret), `no ${secret} in the event`);
    assert.equal((posts[0]?.body as { start: { dateTime: string } }).start.dateTime.slice(0, 16), '2026-03-10T08:00');

    const meetingId = (
      await bot.db.query<{ id: string; status: string; join_url: string }>('SELECT id, status, join_url FROM meeting')
    ).rows[0];
    assert.equal(meetingId?.status, 'created');
    const status = await bot.invoke(people.anna, 'meeting.status', { caseId: id, meetingId: meetingId?.id });
    assert.match(visibleText(status.card), /Mötet är skapat 2026-03-10 09:00\./);
    // The join link is a button (Action.OpenUrl), not a raw URL in the text.
    assert.ok(meetingId?.join_url.startsWith('https://'), 'the stand-in gave a join link');
    const openUrls: unknown[] = [];
    JSON.stringify(status.card, (_key, value: unknown) => {
      const v = value as { type?: unknown; title?: unknown; url?: unknown } | null;
      if (v?.type === 'Action.OpenUrl') openUrls.push({ title: v.title, url: v.url });
      return value;
    });
    assert.deepEqual(openUrls, [{ title: 'Anslut till mötet', url: meetingId?.join_url }]);
    assert.doesNotMatch(visibleText(status.card), /https:/);

    // The developer's view of the stand-in's calendar shows the event with its join link.
    const state = await env.admin<{ calendar: { subject: string; onlineMeeting: { joinUrl: string } | null }[] }>(
      '/_standin/state',
    );
    assert.equal(
      state.calendar.filter((e) => e.subject === 'Samverkansmöte – ärende 2026-0001' && e.onlineMeeting?.joinUrl)
        .length,
      1,
    );
    // A second run (a retry) finds nothing to do: still one event.
    await worker();
    assert.equal(env.standIn.requests().filter((q) => q.method === 'POST' && q.url.includes('/events')).length, 1);
    const systemReads = (await readAuditRows(bot.db, { caseId: id })).filter((a) => a.actorTenantId === 'system');
    assert.ok(systemReads.length >= 2, "the worker's reads and writes are audited");
  });

  it('an anonymous consultation gets a consultation meeting: any unit may be invited, the subject says "Konsultation", nothing identifying', async () => {
    await bot.invoke(people.eve, 'consultation.submit', {
      mode: 'anonymous',
      childUnit: units.school,
      ageBand: '10-12',
      worryAreas: 'trygghet',
      observations: 'Verkar orolig inför hemgång',
      tried: 'Samtal med mentor',
    });
    const anonymous = (
      await bot.db.query<{ id: string; reference: string }>(
        "SELECT id, reference FROM child_case WHERE kind = 'anonymous'",
      )
    ).rows[0];
    assert.ok(anonymous);
    const r = await bot.invoke(people.eve, 'meeting.submit', {
      caseId: anonymous.id,
      invitees: `${people.bo.objectId},${people.cia.objectId}`,
      date: '2026-03-10',
      time: '09:00',
      minutes: '60',
    });
    assert.match(visibleText(r.card), /Skapar möte/);
    assert.equal((await worker()).done, 1);
    const posts = env.standIn.requests().filter((q) => q.method === 'POST' && q.url.includes('/events'));
    assert.equal(posts.length, 1);
    const body = JSON.stringify(posts[0]?.body);
    assert.match(body, new RegExp(`Konsultation – ärende ${anonymous.reference}`));
    assert.doesNotMatch(body, /Samverkansmöte/);
    for (const secret of ['orolig', 'mentor', 'Kim', 'Testsson']) assert.ok(!body.includes(secret), `no ${secret}`);
    const parties = await bot.db.query<{ object_id: string; role: string }>(
      'SELECT object_id, role FROM case_party WHERE case_id = $1 AND removed_at IS NULL ORDER BY role, object_id',
      [anonymous.id],
    );
    assert.ok(
      [people.bo.objectId, people.cia.objectId].every((id) =>
        parties.rows.some((p) => p.object_id === id && p.role === 'participant'),
      ),
      'the invited consultees of other units become participants without any consent',
    );
  });

  it('a group consultation gets the same consultation meeting: the subject neutral, nothing of the group in the invitation', async () => {
    await bot.invoke(people.eve, 'group.submit', {
      unit: units.school,
      groupSetting: 'preschool-group',
      groupSize: '10-19',
      groupAgeBand: '3-5',
      worryAreas: 'trygghet',
      observations: 'oroligt vid lämningarna',
      tried: 'Fler pedagoger i hallen',
      action1: 'Lugnare lämningar',
    });
    const group = (
      await bot.db.query<{ id: string; reference: string }>(
        "SELECT id, reference FROM child_case WHERE (details->'group') IS NOT NULL",
      )
    ).rows[0];
    assert.ok(group);
    const called = await bot.invoke(people.eve, 'meeting.submit', {
      caseId: group.id,
      invitees: people.bo.objectId,
      date: '2026-03-10',
      time: '09:00',
      minutes: '60',
    });
    assert.match(visibleText(called.card), /Skapar möte/);
    assert.equal((await worker()).done, 1);
    const posts = env.standIn.requests().filter((q) => q.method === 'POST' && q.url.includes('/events'));
    assert.equal(posts.length, 1);
    const body = JSON.stringify(posts[0]?.body);
    assert.match(body, new RegExp(`Konsultation – ärende ${group.reference}`));
    for (const secret of ['Förskolegrupp', 'preschool', '10-19', 'lämning', 'pedagoger'])
      assert.ok(!body.includes(secret), `no ${secret}`);
  });

  it('a dropped connection on the event creation fails the job retryably; the retry creates exactly one event', async () => {
    env.standIn.setDedup(false);
    const id = await caseId();
    await bot.invoke(people.anna, 'meeting.submit', {
      caseId: id,
      invitees: people.bo.objectId,
      date: '2026-03-10',
      time: '09:00',
      minutes: '60',
    });
    env.standIn.faults.reset({ method: 'POST', path: '/users/*/events' }, { times: 1 });
    const first = await worker();
    assert.equal(first.done, 0, 'the reset attempt is not done');
    const job = (
      await bot.db.query<{ state: string; attempts: number }>(
        "SELECT state, attempts FROM outbox_job WHERE kind = 'meeting.createEvent'",
      )
    ).rows[0];
    assert.deepEqual([job?.state, job?.attempts], ['pending', 1], 'kept for a retry, not failed for good');
    assert.equal((await bot.db.query<{ status: string }>('SELECT status FROM meeting')).rows[0]?.status, 'requested');
    bot.clock.advance(10 * 60_000);
    const second = await worker();
    assert.equal(second.done, 1);
    const created = env.standIn
      .requests()
      .filter((q) => q.method === 'POST' && q.url.includes('/events') && q.status === 201);
    assert.equal(created.length, 1, 'exactly one event');
    assert.equal((await bot.db.query<{ status: string }>('SELECT status FROM meeting')).rows[0]?.status, 'created');
  });

  it('a Graph request that hangs past the time limit fails the job retryably; the retry finds the event the slow request made; one event', async () => {
    env.standIn.setDedup(false);
    const id = await caseId();
    await bot.invoke(people.anna, 'meeting.submit', {
      caseId: id,
      invitees: people.bo.objectId,
      date: '2026-03-10',
      time: '09:00',
      minutes: '60',
    });
    const dispatcher = new Agent({ connect: { ca: env.standIn.caPem } });
    const impatient = createGraphClient({
      baseUrl: env.standIn.url,
      credential: developmentCredential,
      retry: { delaySeconds: 0.01, maxRetries: 0 },
      fetchOptions: { dispatcher },
      timeoutMs: 300,
    });
    try {
      // The stand-in holds the creation for 1.5 s and then makes the event: the client gave up at 0.3 s.
      env.standIn.faults.delay({ method: 'POST', path: '/users/*/events' }, { ms: 1_500, times: 1 });
      const started = Date.now();
      const first = await worker(graphCalendar(impatient));
      assert.ok(Date.now() - started < 1_400, 'the worker did not wait for the hung request');
      assert.equal(first.done, 0);
      const job = (
        await bot.db.query<{ state: string; attempts: number }>(
          "SELECT state, attempts FROM outbox_job WHERE kind = 'meeting.createEvent'",
        )
      ).rows[0];
      assert.deepEqual([job?.state, job?.attempts], ['pending', 1], 'kept for a retry');
      await new Promise((r) => setTimeout(r, 1_500)); // the slow request completes in Graph meanwhile
      bot.clock.advance(10 * 60_000);
      assert.equal((await worker(graphCalendar(impatient))).done, 1);
      const events = await env.admin<{ calendar: { subject: string }[] }>('/_standin/state');
      assert.equal(
        events.calendar.filter((e) => e.subject === 'Samverkansmöte – ärende 2026-0001').length,
        1,
        'exactly one event',
      );
      assert.equal((await bot.db.query<{ status: string }>('SELECT status FROM meeting')).rows[0]?.status, 'created');
    } finally {
      await dispatcher.close();
    }
  });

  it('after a crash between Graph and our commit, the retry finds the event instead of creating another (stand-in de-duplication off)', async () => {
    env.standIn.setDedup(false);
    const id = await caseId();
    await bot.invoke(people.anna, 'meeting.submit', {
      caseId: id,
      invitees: people.bo.objectId,
      date: '2026-03-10',
      time: '09:00',
      minutes: '60',
    });
    const store = new SystemStore(bot.db, bot.clock, 'crashing-worker');
    const calendar = graphCalendar(env.graph);
    const meetingId = (await bot.db.query<{ id: string }>('SELECT id FROM meeting')).rows[0]?.id ?? '';
    // The first attempt creates the event and dies before saving progress or committing.
    await assert.rejects(
      createMeetingEvent(store, calendar, meetingId, {
        saved: null,
        saveProgress: async () => {
          throw new Error('killed');
        },
      }),
      /killed/,
    );
    await worker();
    const posts = env.standIn.requests().filter((q) => q.method === 'POST' && q.url.includes('/events'));
    assert.equal(posts.length, 1, 'exactly one event');
    assert.equal((await bot.db.query<{ status: string }>('SELECT status FROM meeting')).rows[0]?.status, 'created');
  });
});

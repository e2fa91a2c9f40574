/**
 * Following up the plan and handing over roles, in whole turns (TestAdapter, PGlite) with the
 * outbox jobs run by a runner on the same database: the follow-up card, a new plan version with
 * statuses and levels (history kept), the escalation suggestion after two follow-ups without
 * improvement, step-down, and hand-overs accepted and declined (history and audit rows).
 */
import assert from 'node:assert/strict';
import { readAuditRows } from '../../src/storage/audit-reader';
import { Outbox } from '../../src/storage/outbox';
import { runOutboxOnce } from '../../src/storage/outbox-runner';
import { noticeCard } from '../../src/teams/personal-notifier';
import { caseWithAgreedPlan, followUpHandlers, RecordingNotifier } from '../support/follow-up';
import { people, units } from '../support/world';
import { cardOf, inputsOfCard, startBot, visibleText, type BotHarness } from './harness';

describe('chat: follow-up of the plan, escalation, step-down and hand-overs (whole turns)', function () {
  // Opening PGlite (the migrated template on first use) takes long on a loaded machine.
  this.timeout(120_000);
  let bot: BotHarness;
  let notifier: RecordingNotifier;
  let caseId: string;

  beforeEach(async () => {
    bot = await startBot();
    notifier = new RecordingNotifier();
    ({ caseId } = await caseWithAgreedPlan(bot.db, bot.clock, '2026-03-20'));
  });
  afterEach(async () => bot.close());

  /** Runs the due outbox jobs as a worker would (plan posts are not this test's concern). */
  const runJobs = () =>
    runOutboxOnce(new Outbox(bot.db, bot.clock), followUpHandlers(bot.db, bot.clock, notifier), 'test', { limit: 50 });

  const events = async () =>
    (
      await bot.db.query<{ type: string }>('SELECT type FROM case_event WHERE case_id = $1 ORDER BY seq', [caseId])
    ).rows.map((e) => e.type);
  const activeRoles = async (objectId: string) =>
    (
      await bot.db.query<{ role: string }>(
        'SELECT role FROM case_party WHERE case_id = $1 AND object_id = $2 AND removed_at IS NULL ORDER BY role',
        [caseId, objectId],
      )
    ).rows.map((r) => r.role);

  const followUp = (version: number, level: string, extra: Record<string, string> = {}) =>
    bot.invoke(people.anna, 'followUp.record', {
      caseId,
      version,
      'action.0.status': 'done',
      'action.0.evidence': 'Närvaron 92 %',
      'action.1.status': 'partly',
      'action.1.evidence': 'Två av fyra träffar',
      'level.trygghet': level,
      outcome: 'continue',
      nextFollowUp: '2026-04-20',
      reason: '',
      ...extra,
    });

  it('the command opens the follow-up card with every action and area; a follow-up is a new plan version with statuses and levels', async () => {
    const [reply] = await bot.say(people.anna, 'uppföljning 2026-0001');
    const card = cardOf(reply);
    assert.match(visibleText(card), /Morgonmöte med mentor/);
    assert.match(visibleText(card), /Föräldrastöd/);
    assert.deepEqual(Object.keys(inputsOfCard(card)).sort(), [
      'action.0.evidence',
      'action.0.status',
      'action.1.evidence',
      'action.1.status',
      'level.trygghet',
      'nextFollowUp',
      'outcome',
      'reason',
    ]);

    const missing = await bot.invoke(people.anna, 'followUp.record', {
      caseId,
      version: 1,
      'action.0.status': 'done',
      outcome: 'continue',
      nextFollowUp: '2026-04-20',
    });
    assert.match(visibleText(missing.card), /Välj en status/);
    assert.equal(inputsOfCard(missing.card)['action.0.status'], 'done', 'what was chosen is kept');

    const done = await followUp(1, 'some');
    assert.match(visibleText(done.card), /planversion 2/);
    assert.ok(
      JSON.stringify(done.card).includes('"verb":"followUp.open"') &&
        JSON.stringify(done.card).includes('"verb":"handover.open"'),
      'the case card leads to the next follow-up and to a hand-over',
    );
    const versions = (
      await bot.db.query<{
        version: number;
        agreed: boolean;
        content: { followUpDate: string; needs: { areaId: string; level: string }[] };
      }>('SELECT version, agreed, content FROM plan_version WHERE case_id = $1 ORDER BY version', [caseId])
    ).rows;
    assert.deepEqual(
      versions.map((v) => [v.version, v.agreed, v.content.followUpDate, v.content.needs[0]?.level]),
      [
        [1, true, '2026-03-20', 'significant'],
        [2, true, '2026-04-20', 'some'],
      ],
      'version 1 is kept as it was',
    );
    const row = (
      await bot.db.query<{ reviewed_version: number; due_date: string; action_results: unknown; area_levels: unknown }>(
        'SELECT reviewed_version, due_date::text AS due_date, action_results, area_levels FROM plan_follow_up WHERE case_id = $1',
        [caseId],
      )
    ).rows;
    assert.deepEqual(row, [
      {
        reviewed_version: 1,
        due_date: '2026-03-20',
        action_results: [
          { action: 0, status: 'done', evidence: 'Närvaron 92 %' },
          { action: 1, status: 'partly', evidence: 'Två av fyra träffar' },
        ],
        area_levels: { trygghet: 'some' },
      },
    ]);
    const keys = (
      await bot.db.query<{ idempotency_key: string }>(
        'SELECT idempotency_key FROM outbox_job WHERE kind = $1 ORDER BY run_after',
        ['followUp.remind'],
      )
    ).rows.map((r) => r.idempotency_key);
    assert.ok(
      keys.includes(`followUp.remind:${caseId}:2:2026-04-20:before`) &&
        keys.includes(`followUp.remind:${caseId}:2:2026-04-20:due`),
      'the next date has its reminders',
    );
    assert.ok((await events()).includes('followup.recorded'));
    const audit = (await readAuditRows(bot.db, { caseId })).filter((a) => a.action === 'followup.write');
    assert.deepEqual(
      audit.map((a) => [a.actorObjectId, a.outcome]),
      [[people.anna.objectId, 'success']],
    );
  });

  it('suggests widening the team (question 5) when an area has not improved over two follow-ups', async () => {
    await followUp(1, 'significant');
    const afterOne = await bot.invoke(people.anna, 'followUp.open', { caseId });
    assert.doesNotMatch(visibleText(afterOne.card), /bredda teamet/, 'one follow-up is not enough to say');
    await followUp(2, 'significant', { nextFollowUp: '2026-05-20' });
    const afterTwo = await bot.invoke(people.anna, 'followUp.open', { caseId });
    assert.match(visibleText(afterTwo.card), /Överväg att bredda teamet/);
    assert.match(visibleText(afterTwo.card), /Trygghet har inte blivit bättre under två uppföljningar\. Fråga 5/);

    await followUp(3, 'some', { nextFollowUp: '2026-06-20' });
    const improved = await bot.invoke(people.anna, 'followUp.open', { caseId });
    assert.doesNotMatch(visibleText(improved.card), /bredda teamet/, 'an improvement takes the suggestion away');
  });

  it('a follow-up can step the case down with a reason; the lead role ends and responsibility returns to the named person', async () => {
    const noReason = await followUp(1, 'none', { outcome: 'step-down', nextFollowUp: '' });
    assert.match(visibleText(noReason.card), /Rätta|rättas/);
    const r = await followUp(1, 'none', {
      outcome: 'step-down',
      nextFollowUp: '',
      reason: 'Stödet inom skolan räcker nu',
    });
    assert.match(visibleText(r.card), /nedstegat/);
    const stage = (await bot.db.query<{ stage: string }>('SELECT stage FROM child_case WHERE id = $1', [caseId]))
      .rows[0]?.stage;
    assert.equal(stage, 'mapping');
    assert.ok(!(await activeRoles(people.anna.objectId)).includes('lead-professional'));
    const history = await events();
    assert.deepEqual(history.slice(-3), ['followup.recorded', 'stage.step-down', 'responsibility.returned']);
    bot.clock.advance(30 * 86_400_000);
    await runJobs();
    assert.deepEqual(notifier.sent, [], 'no reminders after stepping down');
  });

  it('hand-over of the lead role, declined: the giver remains responsible; accepted: the receiver is reminded', async () => {
    const [reply] = await bot.say(people.anna, 'överlämna 2026-0001');
    assert.match(visibleText(cardOf(reply)), /Lämna över en roll/);

    const offered = await bot.invoke(people.anna, 'handover.offer', {
      caseId,
      role: 'lead-professional',
      receiver: people.cia.objectId,
    });
    assert.match(visibleText(offered.card), /Cia BVC har fått en förfrågan/);
    assert.match(visibleText(offered.card), /Väntar på svar/);
    assert.deepEqual(
      await activeRoles(people.anna.objectId),
      ['discoverer', 'lead-professional'],
      'the giver keeps the role until accepted',
    );
    assert.deepEqual(
      await activeRoles(people.cia.objectId),
      ['participant'],
      'the receiver can see the case to answer',
    );
    const offerJobs = await bot.db.query<{ payload: Record<string, unknown> }>(
      'SELECT payload FROM outbox_job WHERE kind = $1',
      ['handover.offer'],
    );
    assert.deepEqual(
      offerJobs.rows.map((j) => Object.keys(j.payload).sort()),
      [['caseId', 'handoverId']],
      'the job holds opaque ids only',
    );

    await runJobs();
    assert.equal(notifier.sent.length, 1);
    const offer = notifier.sent[0];
    assert.equal(offer?.to.objectId, people.cia.objectId);
    assert.ok(offer?.notice.kind === 'handover.offer');
    const offerCard = noticeCard(offer.notice, 'sv');
    assert.match(
      visibleText(offerCard),
      /Anna Skola vill lämna över rollen Samordningsperson i ärende 2026-0001 till dig/,
    );
    assert.ok(!JSON.stringify(offerCard).includes('Kim'), 'no child data in the offer');

    const notMine = await bot.invoke(people.bo, 'handover.accept', { caseId, handoverId: offer.notice.handoverId });
    assert.match(visibleText(notMine.card), /Din roll får inte göra detta/);
    const declined = await bot.invoke(people.cia, 'handover.decline', { caseId, handoverId: offer.notice.handoverId });
    assert.match(visibleText(declined.card), /Anna Skola är fortsatt ansvarig/);
    assert.deepEqual(await activeRoles(people.anna.objectId), ['discoverer', 'lead-professional']);
    assert.deepEqual(await activeRoles(people.cia.objectId), [], 'the receiver added by the offer leaves again');

    await bot.invoke(people.anna, 'handover.offer', {
      caseId,
      role: 'lead-professional',
      receiver: people.bo.objectId,
    });
    const [toBo] = (await bot.db.query<{ id: string }>("SELECT id FROM role_handover WHERE state = 'offered'")).rows;
    const accepted = await bot.invoke(people.bo, 'handover.accept', { caseId, handoverId: toBo?.id ?? '' });
    assert.match(visibleText(accepted.card), /Du har tagit över rollen Samordningsperson/);
    assert.deepEqual(await activeRoles(people.bo.objectId), ['lead-professional', 'participant']);
    assert.deepEqual(await activeRoles(people.anna.objectId), ['discoverer', 'participant']);
    const twice = await bot.invoke(people.bo, 'handover.accept', { caseId, handoverId: toBo?.id ?? '' });
    assert.match(visibleText(twice.card), /redan besvarad/);

    const history = await events();
    assert.deepEqual(
      history.filter((e) => e.startsWith('handover.')),
      ['handover.offered', 'handover.declined', 'handover.offered', 'handover.accepted'],
    );
    const audit = (await readAuditRows(bot.db, { caseId })).filter(
      (a) => a.action.startsWith('handover.') && a.actorTenantId !== 'system',
    );
    // Rows of one instant sort by unit chain, not by time: compare them as a set.
    assert.deepEqual(
      audit.map((a) => [a.action, a.actorObjectId, a.outcome].join(' ')).sort(),
      [
        ['handover.read', people.anna.objectId, 'success'],
        ['handover.offer', people.anna.objectId, 'success'],
        ['handover.read', people.anna.objectId, 'success'],
        ['handover.decide', people.bo.objectId, 'denied'],
        ['handover.decide', people.cia.objectId, 'success'],
        ['handover.offer', people.anna.objectId, 'success'],
        ['handover.read', people.anna.objectId, 'success'],
        ['handover.decide', people.bo.objectId, 'success'],
        ['handover.decide', people.bo.objectId, 'conflict'],
        // Each decision reads the offer first (its history is written while the receiver is still a party).
        ['handover.read', people.bo.objectId, 'success'],
        ['handover.read', people.cia.objectId, 'success'],
        ['handover.read', people.bo.objectId, 'success'],
        ['handover.read', people.bo.objectId, 'success'],
      ]
        .map((r) => r.join(' '))
        .sort(),
    );

    notifier.sent.length = 0;
    bot.clock.advance(new Date('2026-03-13T07:00:00Z').getTime() - bot.clock.now().getTime());
    await runJobs();
    assert.deepEqual(
      notifier.sent.map((s) => [s.to.objectId, s.notice.kind]),
      [[people.bo.objectId, 'followUp.reminder']],
      'the reminder goes to the new lead',
    );
    assert.equal(
      units.social,
      (
        await bot.db.query<{ u: string }>(
          "SELECT party_org_unit_id AS u FROM case_party WHERE case_id = $1 AND role = 'lead-professional' AND removed_at IS NULL",
          [caseId],
        )
      ).rows[0]?.u,
    );
  });

  it('the named person role: the discoverer acts as named person until someone accepts it, then cannot hand it over again', async () => {
    const card = await bot.invoke(people.anna, 'handover.open', { caseId });
    assert.match(visibleText(card.card), /Barnets bästa-ansvarig/);
    await bot.invoke(people.anna, 'handover.offer', { caseId, role: 'named-person', receiver: people.cia.objectId });
    const [h] = (
      await bot.db.query<{ id: string }>(
        "SELECT id FROM role_handover WHERE role = 'named-person' AND state = 'offered'",
      )
    ).rows;
    const accepted = await bot.invoke(people.cia, 'handover.accept', { caseId, handoverId: h?.id ?? '' });
    assert.match(visibleText(accepted.card), /Du har tagit över rollen Barnets bästa-ansvarig/);
    assert.deepEqual(await activeRoles(people.cia.objectId), ['named-person', 'participant']);
    const again = await bot.invoke(people.anna, 'handover.offer', {
      caseId,
      role: 'named-person',
      receiver: people.bo.objectId,
    });
    assert.match(visibleText(again.card), /Du har inte den rollen/);
    assert.equal((await bot.db.query("SELECT 1 FROM role_handover WHERE state = 'offered'")).rows.length, 0);
  });

  it('the reminder card names the case reference and the date, and offers the follow-up card', () => {
    const card = noticeCard(
      {
        kind: 'followUp.reminder',
        caseId: '3f2a9c1e-7b4d-4e8a-9c6f-2d1b5a7e9c30',
        reference: '2026-0001',
        dueDate: '2026-03-20',
        when: 'before',
      },
      'en',
    );
    assert.match(visibleText(card), /The plan in case 2026-0001 is to be followed up on 2026-03-20/);
    assert.ok(JSON.stringify(card).includes('"verb":"followUp.open"'));
  });
});

/**
 * Consulting other professions on an anonymous consultation (issue 17, item 1), in whole turns: the
 * discoverer picks a professional of another unit in the consult card; they become a consultee
 * (no consent needed: nothing identifies the child), get a card in their personal chat (a job), see
 * the consultation and answer the five questions with their advice. A consented case is not
 * consulted this way, and a pick that resolves to nobody is named with the choice kept.
 */
import assert from 'node:assert/strict';
import { Outbox } from '../../src/storage/outbox';
import { runOutboxOnce } from '../../src/storage/outbox-runner';
import { noticeCard } from '../../src/teams/personal-notifier';
import { replaceMembership } from '../../src/storage/organisations';
import { followUpHandlers, RecordingNotifier } from '../support/follow-up';
import { everyCategoryInput, people, units } from '../support/world';
import { inputsOfCard, startBot, visibleText, type BotHarness, raiseConsentedThroughCards } from './harness';

describe('chat: consulting other professions on an anonymous consultation', function () {
  this.timeout(60_000);
  let bot: BotHarness;
  let caseId: string;
  beforeEach(async () => {
    bot = await startBot();
    await bot.invoke(people.eve, 'consultation.submit', {
      mode: 'anonymous',
      childUnit: units.school,
      ageBand: '10-12',
      worryAreas: 'trygghet',
      observations: 'Verkar orolig inför hemgång',
      tried: 'Samtal med mentor',
    });
    caseId = (await bot.db.query<{ id: string }>('SELECT id FROM child_case')).rows[0]?.id ?? '';
    assert.ok(caseId);
  });
  afterEach(async () => bot.close());

  it('invites a professional of another unit, who gets a card, sees the consultation and answers', async () => {
    const open = await bot.invoke(people.eve, 'consult.open', { caseId });
    assert.match(visibleText(open.card), /Konsultera andra professioner/);
    assert.ok(JSON.stringify(open.card).includes(people.bo.objectId), 'Bo can be picked');

    const sent = await bot.invoke(people.eve, 'consult.submit', { caseId, consultees: people.bo.objectId });
    assert.match(visibleText(sent.card), /Inbjudan skickad till Bo Social/);
    assert.match(visibleText(sent.card), /Bo Social – Socialtjänsten/);
    const party = await bot.db.query<{ role: string; party_org_unit_id: string }>(
      'SELECT role, party_org_unit_id FROM case_party WHERE case_id = $1 AND object_id = $2 AND removed_at IS NULL',
      [caseId, people.bo.objectId],
    );
    assert.deepEqual(party.rows, [{ role: 'consultee', party_org_unit_id: units.social }]);
    const history = await bot.db.query<{ type: string }>(
      "SELECT type FROM case_event WHERE type = 'consultee.invited'",
    );
    assert.equal(history.rows.length, 1);

    const notifier = new RecordingNotifier();
    await runOutboxOnce(new Outbox(bot.db, bot.clock), followUpHandlers(bot.db, bot.clock, notifier), 'test', {
      limit: 50,
    });
    const invited = notifier.sent.filter((s) => s.notice.kind === 'consultee.invited');
    assert.deepEqual(
      invited.map((s) => [s.to.objectId, s.notice.caseId]),
      [[people.bo.objectId, caseId]],
    );

    const card = invited[0] ? noticeCard(invited[0].notice, 'sv') : null;
    assert.match(visibleText(card), /Du har blivit konsulterad om en anonym konsultation, ärende 2026-0001/);

    const seen = await bot.invoke(people.bo, 'case.open', { caseId });
    assert.match(visibleText(seen.card), /Anonym konsultation/);
    assert.match(visibleText(seen.card), /Konsulterad/);
    const advice = await bot.invoke(people.bo, 'questions.submit', { caseId, version: 0, q5: 'Kontakta elevhälsan' });
    assert.match(visibleText(advice.card), /sparade/);
    const rows = await bot.db.query<{ author_object_id: string }>(
      'SELECT author_object_id FROM assessment WHERE case_id = $1',
      [caseId],
    );
    assert.deepEqual(
      rows.rows.map((r) => r.author_object_id),
      [people.bo.objectId],
    );

    // Those responsible for the consultation hear that Bo answered (each once, also when the job runs again).
    await runOutboxOnce(new Outbox(bot.db, bot.clock), followUpHandlers(bot.db, bot.clock, notifier), 'test', {
      limit: 50,
    });
    await runOutboxOnce(new Outbox(bot.db, bot.clock), followUpHandlers(bot.db, bot.clock, notifier), 'test', {
      limit: 50,
    });
    const told = notifier.sent.filter((s) => s.notice.kind === 'consultation.adviceGiven');
    const responsible = await bot.db.query<{ object_id: string }>(
      "SELECT DISTINCT object_id FROM case_party WHERE case_id = $1 AND role IN ('discoverer', 'named-person') AND removed_at IS NULL",
      [caseId],
    );
    assert.ok(responsible.rows.some((r) => r.object_id === people.eve.objectId));
    assert.deepEqual(told.map((s) => s.to.objectId).sort(), responsible.rows.map((r) => r.object_id).sort());
    assert.match(
      visibleText(told[0] ? noticeCard(told[0].notice, 'sv') : null),
      /Bo Social \(Socialtjänsten\) har svarat på konsultationen, ärende 2026-0001/,
    );
  });

  it('the consultee answers with suggested next steps and the support their unit could offer — identifying text refused with the field named — and the advice stays after consent', async () => {
    await bot.invoke(people.eve, 'consult.submit', { caseId, consultees: people.bo.objectId });
    const form = await bot.invoke(people.bo, 'questions.open', { caseId });
    assert.match(visibleText(form.card), /Vilka nästa steg föreslår du\?/);
    assert.match(visibleText(form.card), /Vilket stöd kan din verksamhet erbjuda\?/);

    const refused = await bot.invoke(people.bo, 'questions.submit', {
      caseId,
      version: 0,
      'next-steps': 'Ring mamma på 070-123 45 67',
      'unit-support': 'Familjebehandling',
    });
    assert.match(visibleText(refused.card), /Vilka nästa steg föreslår du\?/);
    assert.match(visibleText(refused.card), /telefonnummer/i);
    assert.equal(inputsOfCard(refused.card)['unit-support'], 'Familjebehandling', 'the rest is kept');
    assert.equal((await bot.db.query('SELECT 1 FROM assessment WHERE case_id = $1', [caseId])).rows.length, 0);

    await bot.invoke(people.bo, 'questions.submit', {
      caseId,
      version: 0,
      q5: 'Kontakta elevhälsan',
      'next-steps': 'Samtal med vårdnadshavarna om stöd',
      'unit-support': 'Familjebehandling',
    });
    const answers = async () =>
      (
        await bot.db.query<{ answers: Record<string, string>; version: number }>(
          'SELECT answers, version FROM assessment WHERE case_id = $1 AND author_object_id = $2',
          [caseId, people.bo.objectId],
        )
      ).rows[0];
    assert.deepEqual((await answers())?.answers, {
      q5: 'Kontakta elevhälsan',
      'next-steps': 'Samtal med vårdnadshavarna om stöd',
      'unit-support': 'Familjebehandling',
    });

    // Consent covering social services: the consented case's form has no advice fields, and a save keeps the advice.
    const version = (await bot.db.query<{ version: number }>('SELECT version FROM child_case WHERE id = $1', [caseId]))
      .rows[0]?.version;
    await bot.invoke(people.eve, 'consent.submit', {
      caseId,
      version,
      childName: 'Kim Testsson',
      childBirth: '20150412-2381',
      guardians: 'Vera Vårdnadshavare',
      orgUnits: `${units.school},${units.social}`,
      categories: everyCategoryInput,
      purpose: 'Samverkan',
      validUntil: '2026-12-31',
      obtainedHow: 'written',
    });
    assert.equal(
      (await bot.db.query<{ kind: string }>('SELECT kind FROM child_case WHERE id = $1', [caseId])).rows[0]?.kind,
      'consented',
    );
    const consentedForm = await bot.invoke(people.bo, 'questions.open', { caseId });
    assert.deepEqual(Object.keys(inputsOfCard(consentedForm.card)).sort(), ['q1', 'q2', 'q3', 'q4', 'q5']);
    await bot.invoke(people.bo, 'questions.submit', {
      caseId,
      version: (await answers())?.version,
      q5: 'Kontakta elevhälsan och BUP',
    });
    assert.deepEqual((await answers())?.answers, {
      q5: 'Kontakta elevhälsan och BUP',
      'next-steps': 'Samtal med vårdnadshavarna om stöd',
      'unit-support': 'Familjebehandling',
    });
  });

  it('names a pick that resolves to nobody; nothing is written', async () => {
    const stranger = 'aaaaaaaa-0000-4000-8000-0000000000ee';
    const r = await bot.invoke(people.eve, 'consult.submit', { caseId, consultees: stranger });
    assert.match(visibleText(r.card), /Något behöver rättas/);
    assert.match(visibleText(r.card), new RegExp(stranger), 'the pick that resolves to nobody is named');
    assert.equal(inputsOfCard(r.card).consultees, '', 'and not sent again unseen');
    const consultees = await bot.db.query("SELECT 1 FROM case_party WHERE role = 'consultee'");
    assert.equal(consultees.rows.length, 0);
  });

  it('a consented case is not consulted this way: the case card says how instead, and a submit is refused', async () => {
    const consented = await raiseConsentedThroughCards(bot, people.anna);
    assert.ok(consented);
    const open = await bot.invoke(people.anna, 'consult.open', { caseId: consented });
    assert.match(visibleText(open.card), /görs i en anonym konsultation/);
    const refused = await bot.invoke(people.anna, 'consult.submit', {
      caseId: consented,
      consultees: people.bo.objectId,
    });
    assert.equal(inputsOfCard(refused.card).suggested, people.bo.objectId, 'the choice is kept, ticked by name');
    const consultees = await bot.db.query("SELECT 1 FROM case_party WHERE role = 'consultee'");
    assert.equal(consultees.rows.length, 0);
  });

  it("asks social services' consultation function: every member gets a card, the first to take it is the consultee, the other's card says who", async () => {
    const member = (n: number, name: string) => ({
      tenantId: people.bo.tenantId,
      objectId: `aaaaaaaa-0000-4000-8000-0000000000c${n}`,
      displayName: name,
      orgUnitId: units.social,
      roles: ['consultant'] as const,
    });
    const frida = member(1, 'Frida Funktion');
    const gustav = member(2, 'Gustav Funktion');
    await replaceMembership(bot.db, people.bo.tenantId, [
      ...Object.values(people).map((p) => ({ ...p, roles: [...p.roles], email: null })),
      ...[frida, gustav].map((p) => ({ ...p, roles: [...p.roles], email: null })),
    ]);
    const open = await bot.invoke(people.eve, 'consult.open', { caseId });
    assert.match(visibleText(open.card), /Socialtjänstens konsultation – Socialtjänsten/);
    const asked = await bot.invoke(people.eve, 'consult.submit', {
      caseId,
      consultees: '',
      consultationFunction: units.social,
    });
    assert.match(visibleText(asked.card), /Förfrågan skickad till Socialtjänstens konsultation \(2 personer\)/);

    const notifier = new RecordingNotifier();
    const run = () =>
      runOutboxOnce(new Outbox(bot.db, bot.clock), followUpHandlers(bot.db, bot.clock, notifier), 'test', {
        limit: 50,
      });
    await run();
    const offers = notifier.sent.filter((s) => s.notice.kind === 'consultation.offer');
    assert.deepEqual(offers.map((o) => o.to.objectId).sort(), [frida.objectId, gustav.objectId]);
    const offerCard = offers[0] ? noticeCard(offers[0].notice, 'sv') : null;
    assert.match(visibleText(offerCard), /Testskolan ber Socialtjänstens konsultation om råd/);
    const requestId = (await bot.db.query<{ id: string }>('SELECT id FROM consultation_request')).rows[0]?.id;
    assert.ok(requestId);
    // Before taking it, a member sees nothing of the consultation.
    const before = await bot.invoke(frida, 'case.open', { caseId });
    assert.doesNotMatch(visibleText(before.card), /Verkar orolig/);

    // Someone outside the function cannot take it (refused, audited, nothing changes).
    const outsider = await bot.invoke(people.bo, 'consult.take', { requestId });
    assert.doesNotMatch(visibleText(outsider.card), /Du är nu konsulterad/);
    const denied = await bot.db.query(
      "SELECT 1 FROM audit_log WHERE action = 'consultation.take' AND outcome = 'denied' AND actor_object_id = $1",
      [people.bo.objectId],
    );
    assert.equal(denied.rows.length, 1);

    const took = await bot.invoke(frida, 'consult.take', { requestId });
    assert.match(visibleText(took.card), /Du är nu konsulterad i ärende 2026-0001/);
    const late = await bot.invoke(gustav, 'consult.take', { requestId });
    assert.match(visibleText(late.card), /Frida Funktion har redan tagit konsultationen/);
    const consultees = await bot.db.query<{ object_id: string }>(
      "SELECT object_id FROM case_party WHERE case_id = $1 AND role = 'consultee' AND removed_at IS NULL",
      [caseId],
    );
    assert.deepEqual(
      consultees.rows.map((r) => r.object_id),
      [frida.objectId],
    );

    await run();
    // Gustav's card (the activity his offer was sent as) is updated in place; Frida's is not.
    const gustavsOffer = `1:notice-${notifier.sent.findIndex((x) => x.to.objectId === gustav.objectId) + 1}`;
    assert.deepEqual(
      notifier.updated.map((u) => [u.to.objectId, u.activityId]),
      [[gustav.objectId, gustavsOffer]],
    );
    const updatedCard = notifier.updated[0] ? noticeCard(notifier.updated[0].notice, 'sv') : null;
    assert.match(visibleText(updatedCard), /Frida Funktion har tagit konsultationen/);
    assert.doesNotMatch(JSON.stringify(updatedCard), /consult\.take/, 'no take button any more');
  });
});

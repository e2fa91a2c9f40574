/**
 * Group consultations in whole turns (issue 17, item 3): raised from chat through the cards with the
 * group chosen from lists; an identifying text refused with the field named (the consultation's text
 * and each action for the group, on the form and on the actions card) and stored nowhere; the
 * individual consultation opened from the group links back to it with nothing copied; the outcome
 * (never "consent"), and the statistics counting group and individual consultations apart.
 */
import assert from 'node:assert/strict';
import { monthRange } from '../../src/domain/statistics';
import { readAuditRows } from '../../src/storage/audit-reader';
import { Outbox } from '../../src/storage/outbox';
import { runOutboxOnce } from '../../src/storage/outbox-runner';
import { noticeCard } from '../../src/teams/personal-notifier';
import { followUpHandlers, RecordingNotifier } from '../support/follow-up';
import { reportsFor } from '../../src/storage/report-repository';
import type { Actor } from '../../src/domain/actor';
import { people, tenant, units } from '../support/world';
import { inputsOfCard, startBot, visibleText, type BotHarness, type Card } from './harness';

const manager: Actor = {
  tenantId: tenant,
  objectId: 'aaaaaaaa-0000-4000-8000-000000000098',
  displayName: 'Maja Chef',
  orgUnitId: units.school,
  roles: ['manager'],
};

const group = {
  unit: units.school,
  groupSetting: 'class',
  groupSize: '20-29',
  groupAgeBand: '10-12',
  worryAreas: 'trygghet',
  observations: 'oroligt i gruppen efter rasterna',
  tried: 'Fasta platser i klassrummet',
  action1: 'Tydligare struktur vid övergångar',
  action2: '',
  action3: '',
};

interface CaseRow {
  id: string;
  kind: string;
  stage: string;
  reference: string;
  version: number;
  consultation_outcome: string | null;
  child_name: string | null;
  details: {
    group?: { setting: string; sizeBand: string; ageBand: string };
    groupActions?: string[];
    fromGroup?: { caseId: string; reference: string };
    observations: string;
    tried: string;
    worryAreas: string[];
  };
}

/** Buttons of a card by their title. */
function actionTitled(card: Card, title: RegExp): Record<string, unknown> | undefined {
  const all = [...(card.actions ?? [])] as Record<string, unknown>[];
  return all.find((a) => typeof a.title === 'string' && title.test(a.title));
}

describe('chat: group consultation', function () {
  this.timeout(60_000);
  let bot: BotHarness;
  const cases = async () =>
    (await bot.db.query<CaseRow>('SELECT * FROM child_case ORDER BY created_at, reference')).rows;
  const raiseGroup = async () => {
    const r = await bot.invoke(people.eve, 'group.submit', group);
    const [row] = await cases();
    assert.ok(row, 'the group consultation was created');
    return { r, row };
  };

  beforeEach(async () => {
    bot = await startBot();
  });
  afterEach(async () => bot.close());

  it('raised from chat: `grupp` gives the form with the lists; the group is stored from them, with no identity, routed to the named person', async () => {
    const [reply] = await bot.say(people.eve, 'grupp');
    const form = reply?.attachments?.[0]?.content as Card;
    assert.match(visibleText(form), /Ny gruppkonsultation/);
    for (const text of [/Klass/, /Förskolegrupp/, /Fritidsgrupp/, /5-9 barn/, /30\+ barn/])
      assert.match(visibleText(form), text);
    assert.doesNotMatch(visibleText(form), /1-4 barn/, 'no size band under five');
    const [english] = await bot.say(people.eve, 'group', 'en');
    assert.match(visibleText(english?.attachments?.[0]?.content), /New group consultation/);

    const { r, row } = await raiseGroup();
    assert.match(visibleText(r.card), /Gruppkonsultationen är skapad: ärende \d{4}-\d{4}/);
    assert.match(visibleText(r.card), /Anna Skola/, 'routed to the named person of the group’s unit');
    assert.equal(row.kind, 'anonymous');
    assert.equal(row.child_name, null);
    assert.deepEqual(row.details.group, { setting: 'class', sizeBand: '20-29', ageBand: '10-12' });
    assert.deepEqual(row.details.groupActions, ['Tydligare struktur vid övergångar']);
    const created = (await readAuditRows(bot.db, { caseId: row.id })).filter((a) => a.action === 'case.create');
    assert.deepEqual(
      created.map((a) => [a.actorObjectId, a.outcome]),
      [[people.eve.objectId, 'success']],
    );
    const history = await bot.db.query<{ type: string; detail: unknown }>(
      "SELECT type, detail FROM case_event WHERE case_id = $1 AND type = 'created'",
      [row.id],
    );
    assert.deepEqual(history.rows[0]?.detail, { kind: 'anonymous', subject: 'group' });
    // The named person's card in their personal chat speaks of a group of children.
    const notifier = new RecordingNotifier();
    await runOutboxOnce(new Outbox(bot.db, bot.clock), followUpHandlers(bot.db, bot.clock, notifier), 'test', {
      limit: 50,
    });
    const worry = notifier.sent.find((n) => n.notice.kind === 'worry.received');
    assert.equal(worry?.to.objectId, people.anna.objectId);
    assert.ok(worry);
    assert.match(visibleText(noticeCard(worry.notice, 'sv')), /en gruppkonsultation om en grupp barn på/);

    // The personal view of the card: the group as chosen, the actions, the group's buttons, no consent.
    const personal = await bot.invoke(people.eve, 'case.refresh', { caseId: row.id });
    const text = visibleText(personal.card);
    assert.match(text, /Gruppkonsultation/);
    assert.match(text, /Klass, 20-29 barn, 10-12 år/);
    assert.match(text, /Tydligare struktur vid övergångar/);
    assert.ok(actionTitled(personal.card, /Åtgärder för gruppen/));
    assert.ok(actionTitled(personal.card, /Öppna individuell konsultation/));
    assert.equal(actionTitled(personal.card, /Registrera samtycke/), undefined);
    // Worries and strengths per wheel area for the group: the wheel, worded for a group.
    const wheel = await bot.invoke(people.eve, 'wheel.open', { caseId: row.id });
    assert.match(visibleText(wheel.card), /för gruppen som helhet/);
    assert.match(visibleText(wheel.card), /Barnens egen syn/);
    const [list] = await bot.say(people.eve, 'mina ärenden');
    assert.match(visibleText(list?.attachments?.[0]?.content), /Gruppkonsultation · Konsultation/);
  });

  it('a size band under five or a value off the lists is refused with the field named; nothing is stored', async () => {
    const r = await bot.invoke(people.eve, 'group.submit', { ...group, groupSize: '1-4', groupSetting: 'Klass 4B' });
    assert.match(visibleText(r.card), /Något behöver rättas/);
    const messages = visibleText(r.card).match(/Välj ett av alternativen\./g) ?? [];
    assert.equal(messages.length, 2, 'one message by each of the two fields');
    assert.equal(inputsOfCard(r.card).observations, group.observations, 'what was typed is kept');
    assert.equal((await cases()).length, 0);
  });

  it('an identifying text is refused with the field named (the consultation’s text and an action), stored and logged nowhere', async () => {
    const r = await bot.invoke(people.eve, 'group.submit', {
      ...group,
      observations: 'Ring mamma på 070-123 45 67',
      action2: 'Prata med eleven 20150412-2381',
    });
    const text = visibleText(r.card);
    assert.match(text, /Fältet ”Vad har du sett i gruppen\?” verkar innehålla/);
    assert.match(text, /Fältet ”Åtgärd 2” verkar innehålla/);
    assert.equal(inputsOfCard(r.card).action2, 'Prata med eleven [personnummer borttaget]');
    assert.equal(inputsOfCard(r.card).action1, group.action1, 'the other action is kept');
    assert.equal((await cases()).length, 0, 'nothing was created');
    const stored = JSON.stringify((await bot.db.query('SELECT * FROM child_case')).rows);
    for (const secret of ['123 45 67', '150412']) {
      assert.ok(!JSON.stringify(r.card).includes(secret));
      assert.ok(!bot.logLines.join('\n').includes(secret));
      assert.ok(!stored.includes(secret));
    }
  });

  it('the actions for the group: saved at the version read, each guarded with the field named, audited', async () => {
    const { row } = await raiseGroup();
    const form = await bot.invoke(people.eve, 'group.actionsOpen', { caseId: row.id });
    assert.equal(inputsOfCard(form.card).action1, 'Tydligare struktur vid övergångar');
    const refused = await bot.invoke(people.eve, 'group.saveActions', {
      caseId: row.id,
      version: row.version,
      action1: 'Tydligare struktur vid övergångar',
      action3: 'Kontakta pappa på kim@example.se',
    });
    assert.match(visibleText(refused.card), /Fältet ”Åtgärd 3” verkar innehålla/);
    assert.deepEqual((await cases())[0]?.details.groupActions, ['Tydligare struktur vid övergångar']);

    // A word that looks like a name is asked about; saved once confirmed.
    const named = {
      caseId: row.id,
      version: row.version,
      action1: 'Tydligare struktur vid övergångar',
      action2: 'Bildstöd på tavlan, som Wilma föreslog',
    };
    const asked = await bot.invoke(people.eve, 'group.saveActions', named);
    assert.match(visibleText(asked.card), /”Wilma” kan vara ett namn/);
    assert.equal((await cases())[0]?.details.groupActions?.length, 1, 'not saved before it is confirmed');
    const saved = await bot.invoke(people.eve, 'group.saveActions', { ...named, namesConfirmed: 'true' });
    assert.match(visibleText(saved.card), /Åtgärderna för gruppen är sparade/);
    assert.deepEqual((await cases())[0]?.details.groupActions, [
      'Tydligare struktur vid övergångar',
      'Bildstöd på tavlan, som Wilma föreslog',
    ]);
    const audit = (await readAuditRows(bot.db, { caseId: row.id })).filter((a) => a.action === 'case.groupActions');
    assert.deepEqual(
      audit.map((a) => a.outcome),
      ['success'],
    );
    const stale = await bot.invoke(people.eve, 'group.saveActions', {
      caseId: row.id,
      version: row.version,
      action1: 'X',
    });
    assert.equal(inputsOfCard(stale.card).action1, 'X', 'a stale version comes back with what was typed');
    assert.equal((await cases())[0]?.details.groupActions?.length, 2);
    // Someone who is not a party cannot change them (not found, audited as denied).
    await bot.invoke(people.bo, 'group.saveActions', { caseId: row.id, version: row.version + 1, action1: 'Y' });
    assert.equal((await cases())[0]?.details.groupActions?.length, 2);
    assert.ok(
      (await readAuditRows(bot.db, { caseId: row.id })).some(
        (a) => a.action === 'case.groupActions' && a.outcome === 'denied' && a.actorObjectId === people.bo.objectId,
      ),
    );
  });

  it('consultees as for one child: a professional of another unit is consulted and sees the group as described', async () => {
    const { row } = await raiseGroup();
    const sent = await bot.invoke(people.eve, 'consult.submit', { caseId: row.id, consultees: people.bo.objectId });
    assert.match(visibleText(sent.card), /Inbjudan skickad till Bo Social/);
    const party = await bot.db.query<{ role: string }>(
      'SELECT role FROM case_party WHERE case_id = $1 AND object_id = $2 AND removed_at IS NULL',
      [row.id, people.bo.objectId],
    );
    assert.deepEqual(
      party.rows.map((p) => p.role),
      ['consultee'],
    );
    const seen = await bot.invoke(people.bo, 'case.refresh', { caseId: row.id });
    assert.match(visibleText(seen.card), /Klass, 20-29 barn, 10-12 år/);
    const questions = await bot.invoke(people.bo, 'questions.open', { caseId: row.id });
    assert.ok(Object.keys(inputsOfCard(questions.card)).length > 0, 'the consultee answers on the five questions');
  });

  it('an individual consultation opened from the group links back by reference, with nothing copied', async () => {
    const { row: groupRow } = await raiseGroup();
    const summary = await bot.invoke(people.eve, 'case.refresh', { caseId: groupRow.id });
    const open = actionTitled(summary.card, /Öppna individuell konsultation/);
    assert.ok(open);
    assert.deepEqual(open.data, { mode: 'anonymous', fromGroup: groupRow.id });
    const form = await bot.invoke(people.eve, String(open.verb), open.data as Record<string, unknown>);
    assert.match(visibleText(form.card), new RegExp(`barn i gruppen i ärende ${groupRow.reference}`));
    const inputs = inputsOfCard(form.card);
    assert.deepEqual([inputs.observations, inputs.tried, inputs.worryAreas], ['', '', ''], 'nothing of the group');
    // With consent it is a case of its own: the form carries no link.
    const consented = await bot.invoke(people.eve, 'consultation.open', { mode: 'consented', fromGroup: groupRow.id });
    assert.doesNotMatch(visibleText(consented.card), /barn i gruppen/);
    assert.ok(!JSON.stringify(consented.card).includes(groupRow.id));

    const r = await bot.invoke(people.eve, 'consultation.submit', {
      mode: 'anonymous',
      fromGroup: groupRow.id,
      childUnit: units.school,
      ageBand: '10-12',
      worryAreas: 'halsa',
      observations: 'Trött på morgonen',
      tried: '',
    });
    assert.match(visibleText(r.card), /Konsultationen är skapad/);
    const individual = (await cases()).find((c) => c.id !== groupRow.id);
    assert.ok(individual);
    assert.deepEqual(individual.details.fromGroup, { caseId: groupRow.id, reference: groupRow.reference });
    assert.equal(individual.details.group, undefined);
    assert.equal(individual.details.groupActions, undefined);
    assert.ok(!JSON.stringify(individual.details).includes('rasterna'), 'the group’s text is not copied');
    const card = await bot.invoke(people.eve, 'case.refresh', { caseId: individual.id });
    assert.match(visibleText(card.card), new RegExp(`Öppnad från gruppkonsultation\\s*Ärende ${groupRow.reference}`));
    const opened = await bot.db.query<{ detail: { reference: string } }>(
      "SELECT detail FROM case_event WHERE case_id = $1 AND type = 'group.individualOpened'",
      [groupRow.id],
    );
    assert.deepEqual(
      opened.rows.map((e) => e.detail.reference),
      [individual.reference],
    );
    // A case that is no group consultation cannot be linked to.
    const other = await bot.invoke(people.eve, 'consultation.submit', {
      mode: 'anonymous',
      fromGroup: individual.id,
      ageBand: '6-9',
      observations: 'Oro',
    });
    assert.doesNotMatch(visibleText(other.card), /Konsultationen är skapad/);
    assert.equal((await cases()).length, 2);
  });

  it('the outcome: never "consent", otherwise as for one child; the statistics count groups and individuals apart', async () => {
    const { row } = await raiseGroup();
    await bot.invoke(people.eve, 'consultation.submit', {
      mode: 'anonymous',
      childUnit: units.school,
      ageBand: '6-9',
      worryAreas: 'trygghet',
      observations: 'Oro',
    });
    const form = await bot.invoke(people.eve, 'outcome.open', { caseId: row.id });
    assert.doesNotMatch(visibleText(form.card), /Samtycke ska inhämtas/);
    const consent = await bot.invoke(people.eve, 'consent.open', { caseId: row.id });
    assert.match(visibleText(consent.card), /görs aldrig om till ett ärende med samtycke/);

    const refused = await bot.invoke(people.eve, 'outcome.submit', {
      caseId: row.id,
      version: row.version,
      outcome: 'consent-asked',
    });
    assert.equal(inputsOfCard(refused.card).outcome, 'consent-asked', 'the form comes back');
    assert.equal((await cases()).find((c) => c.id === row.id)?.consultation_outcome, null);

    const done = await bot.invoke(people.eve, 'outcome.submit', {
      caseId: row.id,
      version: row.version,
      outcome: 'advice-followed',
    });
    assert.match(visibleText(done.card), /Utfallet är registrerat: Råden följs/);
    const after = (await cases()).find((c) => c.id === row.id);
    assert.deepEqual([after?.stage, after?.consultation_outcome], ['closed', 'advice-followed']);

    const month = bot.clock.now().toISOString().slice(0, 7);
    const months = monthRange(month, month);
    assert.ok(months);
    const raw = await reportsFor(bot.db, manager, 'stats', bot.clock).statistics(months, bot.clock.now());
    assert.deepEqual(raw.consultations.get(month), { anonymous: 1, consented: 0, group: 1 });
    assert.deepEqual(raw.outcomes.get('group')?.get('advice-followed')?.cases, 1);
    assert.equal(raw.outcomes.get('individual')?.size, 0);
  });
});

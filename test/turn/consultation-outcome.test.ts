/**
 * Every consultation ends with a recorded outcome (issue 17, item 4), in whole turns with the outbox
 * run on the same database: following the advice closes it, continuing keeps it open, "consent to
 * be asked" leads to the consent card; a consented case has none; and the named person is reminded
 * of a consultation still without an outcome after the configured days — not once it has one.
 */
import assert from 'node:assert/strict';
import { Outbox } from '../../src/storage/outbox';
import { runOutboxOnce } from '../../src/storage/outbox-runner';
import { followUpHandlers, RecordingNotifier } from '../support/follow-up';
import { people, units } from '../support/world';
import { inputsOfCard, startBot, visibleText, type BotHarness } from './harness';

const day = 86_400_000;

describe('chat: the consultation’s outcome', function () {
  this.timeout(60_000);
  let bot: BotHarness;
  let caseId: string;
  const caseRow = async () =>
    (
      await bot.db.query<{ stage: string; consultation_outcome: string | null; version: number }>(
        'SELECT stage, consultation_outcome, version FROM child_case WHERE id = $1',
        [caseId],
      )
    ).rows[0];
  const runJobs = (notifier: RecordingNotifier) =>
    runOutboxOnce(new Outbox(bot.db, bot.clock), followUpHandlers(bot.db, bot.clock, notifier), 'test', { limit: 50 });

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

  it('the advice followed: recorded, closed, shown on the case card, in the history', async () => {
    const form = await bot.invoke(people.eve, 'outcome.open', { caseId });
    assert.match(visibleText(form.card), /Hur slutade konsultationen/);
    const version = (await caseRow())?.version;
    const r = await bot.invoke(people.eve, 'outcome.submit', { caseId, version, outcome: 'advice-followed' });
    assert.match(visibleText(r.card), /Utfallet är registrerat: Råden följs/);
    assert.deepEqual(
      { stage: (await caseRow())?.stage, outcome: (await caseRow())?.consultation_outcome },
      { stage: 'closed', outcome: 'advice-followed' },
    );
    const card = await bot.invoke(people.eve, 'case.open', { caseId });
    assert.match(visibleText(card.card), /Utfall\s*Råden följs – konsultationen avslutas/);
    const events = await bot.db.query<{ type: string }>(
      "SELECT type FROM case_event WHERE case_id = $1 AND type IN ('consultation.outcome', 'stage.close') ORDER BY type",
      [caseId],
    );
    assert.deepEqual(
      events.rows.map((e) => e.type),
      ['consultation.outcome', 'stage.close'],
    );
  });

  it('continued anonymously keeps it open; consent to be asked leads to the consent card', async () => {
    let version = (await caseRow())?.version;
    await bot.invoke(people.eve, 'outcome.submit', { caseId, version, outcome: 'continued' });
    assert.deepEqual(
      [(await caseRow())?.stage, (await caseRow())?.consultation_outcome],
      ['consultation', 'continued'],
    );
    version = (await caseRow())?.version;
    const r = await bot.invoke(people.eve, 'outcome.submit', { caseId, version, outcome: 'consent-asked' });
    assert.match(visibleText(r.card), /samtycke/i);
    assert.equal((await caseRow())?.consultation_outcome, 'consent-asked');
  });

  it('no choice, or a stale version: the form comes back with the message and the choice kept; nothing is written', async () => {
    const none = await bot.invoke(people.eve, 'outcome.submit', { caseId, version: 1, outcome: '' });
    assert.match(visibleText(none.card), /Något behöver rättas/);
    const stale = await bot.invoke(people.eve, 'outcome.submit', { caseId, version: 99, outcome: 'referred' });
    assert.equal(inputsOfCard(stale.card).outcome, 'referred');
    assert.equal((await caseRow())?.consultation_outcome, null);
  });

  it('the named person is reminded after the configured days while there is no outcome, and not after one', async () => {
    const notifier = new RecordingNotifier();
    await runJobs(notifier);
    assert.equal(notifier.sent.filter((s) => s.notice.kind === 'consultation.outcomeDue').length, 0, 'not yet');
    bot.clock.advance(14 * day + 60_000);
    await runJobs(notifier); // the reminder queues one card per person …
    await runJobs(notifier); // … each sent by its own job
    const reminded = notifier.sent.filter((s) => s.notice.kind === 'consultation.outcomeDue');
    assert.deepEqual(
      reminded.map((s) => s.to.objectId),
      [people.anna.objectId],
    );
  });

  it('two named persons each get the reminder exactly once, also when sending to one of them fails and is retried', async () => {
    await bot.db.query(
      `INSERT INTO case_party (case_id, org_unit_id, tenant_id, object_id, display_name, party_org_unit_id, role, added_at)
       SELECT id, org_unit_id, $2, $3, $4, $5, 'named-person', created_at FROM child_case WHERE id = $1`,
      [caseId, people.cia.tenantId, people.cia.objectId, people.cia.displayName, units.school],
    );
    // Cia's chat fails the first time (the connector is down for her); Anna's, sent before hers, works.
    let failed = 0;
    const notifier = new (class extends RecordingNotifier {
      override async send(
        to: Parameters<RecordingNotifier['send']>[0],
        notice: Parameters<RecordingNotifier['send']>[1],
      ) {
        if (to.objectId === people.cia.objectId && failed++ === 0) throw new Error('connector unavailable');
        return super.send(to, notice);
      }
    })();
    bot.clock.advance(14 * day + 60_000);
    for (let i = 0; i < 4; i++) {
      await runJobs(notifier);
      bot.clock.advance(10 * 60_000); // past the retry's backoff
    }
    assert.equal(failed > 1, true, "Cia's card was retried");
    const reminded = notifier.sent.filter((s) => s.notice.kind === 'consultation.outcomeDue').map((s) => s.to.objectId);
    assert.deepEqual(reminded.sort(), [people.anna.objectId, people.cia.objectId].sort(), 'each once');
  });

  it('no reminder once an outcome is recorded', async () => {
    const version = (await caseRow())?.version;
    await bot.invoke(people.eve, 'outcome.submit', { caseId, version, outcome: 'continued' });
    const notifier = new RecordingNotifier();
    bot.clock.advance(15 * day);
    await runJobs(notifier);
    assert.equal(notifier.sent.filter((s) => s.notice.kind === 'consultation.outcomeDue').length, 0);
  });
});

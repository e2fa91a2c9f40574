/**
 * The wheel of a case is the case's: a BVC nurse (whose own unit uses SHANARRI) filling in the wheel
 * on a school's case fills in the school's wheel (Behovskompassen); an area the case's wheel does not
 * have is refused at the storage door; areas recorded earlier with another wheel stay as they were.
 */
import assert from 'node:assert/strict';
import { saveAssessment } from '../../src/app/save-assessment';
import { isDomainError } from '../../src/domain/errors';
import { anyAreas } from '../support/rules';
import { childIdentity, consentFor, contextAs, emptyDetails, people, reposAs, units } from '../support/world';
import { inputsOfCard, startBot, visibleText, type BotHarness } from './harness';

describe('the wheel of a case is the case’s, whoever fills it in', function () {
  let bot: BotHarness;
  let caseId: string;
  beforeEach(async () => {
    bot = await startBot();
    const anna = reposAs(bot.db, people.anna, bot.clock);
    const kase = await anna.cases.createCase({
      kind: 'consented',
      details: emptyDetails,
      child: childIdentity,
      consent: consentFor([units.bvc], bot.clock),
    });
    caseId = kase.id;
    await anna.parties.addParty(caseId, { ...people.cia, role: 'participant' });
  });
  afterEach(async () => bot.close());

  it('a BVC nurse gets and fills in the school’s wheel (Behovskompassen), not SHANARRI', async () => {
    const opened = await bot.invoke(people.cia, 'wheel.open', { caseId });
    const inputs = Object.keys(inputsOfCard(opened.card));
    assert.ok(inputs.includes('trygghet.level') && inputs.includes('ta-ansvar.worries'), 'Behovskompassen’s areas');
    assert.ok(!inputs.some((i) => i.startsWith('safe.')), 'no SHANARRI area');
    assert.match(visibleText(opened.card), /Behovskompassen/);

    const saved = await bot.invoke(people.cia, 'wheel.submit', {
      caseId,
      version: '0',
      'trygghet.level': 'some',
      'trygghet.worries': 'Sover dåligt',
      'safe.level': 'significant',
    });
    assert.equal(saved.status, 200);
    const rows = await bot.db.query<{ areas: Record<string, unknown> }>(
      'SELECT areas FROM assessment WHERE case_id = $1 AND author_object_id = $2',
      [caseId, people.cia.objectId],
    );
    assert.deepEqual(Object.keys(rows.rows[0]?.areas ?? {}), ['trygghet']);
  });

  it('the storage door refuses an area the case’s wheel does not have', async () => {
    const ctx = await contextAs(bot.db, people.cia, bot.clock);
    await assert.rejects(
      saveAssessment(
        ctx,
        caseId,
        units.school,
        { areas: { safe: { level: 'some', strengths: '', worries: 'x', childView: '' } } },
        0,
      ),
      (err: unknown) => isDomainError(err) && err.code === 'Invalid' && err.field === 'areas.safe',
    );
    assert.equal((await bot.db.query('SELECT 1 FROM assessment WHERE case_id = $1', [caseId])).rows.length, 0);
  });

  it('areas recorded earlier with another wheel are kept by a save of the case’s wheel, and not mixed into it', async () => {
    // Before the rule, Cia's entry was recorded with her own unit's wheel.
    const legacy = {
      answers: {},
      areas: { safe: { level: 'significant' as const, strengths: '', worries: 'Rädd hemma', childView: '' } },
    };
    await reposAs(bot.db, people.cia, bot.clock).assessments.saveAssessment(caseId, legacy, 0, anyAreas(legacy));
    const opened = await bot.invoke(people.cia, 'wheel.open', { caseId });
    assert.ok(
      !Object.keys(inputsOfCard(opened.card)).some((i) => i.startsWith('safe.')),
      'the earlier area is not on the case’s wheel',
    );
    await bot.invoke(people.cia, 'wheel.submit', { caseId, version: '1', 'trygghet.level': 'none' });
    const rows = await bot.db.query<{ areas: Record<string, { level?: string }> }>(
      'SELECT areas FROM assessment WHERE case_id = $1 AND author_object_id = $2',
      [caseId, people.cia.objectId],
    );
    assert.deepEqual(Object.keys(rows.rows[0]?.areas ?? {}).sort(), ['safe', 'trygghet']);
    assert.equal(rows.rows[0]?.areas.safe?.level, 'significant');
  });
});

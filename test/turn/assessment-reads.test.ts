/**
 * A wheel or five-questions save reads the case and the contributor's entry once each: the use
 * case takes the entry the handler read (when it is of the version being saved) and the summary
 * card takes the case. Found by the benchmark (bench/profile-findings.json): every read is an
 * audited transaction that locks the unit's audit chain, so duplicate reads cost throughput.
 */
import assert from 'node:assert/strict';
import { readAuditRows } from '../../src/storage/audit-reader';
import { people } from '../support/world';
import { startBot, visibleText, type BotHarness } from './harness';

describe('chat: a form save reads the case and the entry once each', function () {
  let bot: BotHarness;
  let caseId: string;
  beforeEach(async () => {
    bot = await startBot();
    await bot.invoke(people.anna, 'consultation.submit', {
      mode: 'anonymous',
      ageBand: '10-12',
      worryAreas: '',
      observations: '',
      tried: '',
    });
    caseId = (await bot.db.query<{ id: string }>('SELECT id FROM child_case')).rows[0]?.id ?? '';
    assert.ok(caseId);
  });
  afterEach(async () => bot.close());

  async function auditedActionsOf(run: () => Promise<unknown>): Promise<string[]> {
    const before = (await readAuditRows(bot.db, { caseId })).length;
    await run();
    return (await readAuditRows(bot.db, { caseId })).slice(before).map((a) => a.action);
  }
  const count = (actions: string[], action: string) => actions.filter((a) => a === action).length;

  it('wheel: one read of the entry and one of the case, and the save keeps the five questions', async () => {
    await bot.invoke(people.anna, 'questions.submit', { caseId, version: 0, q1: 'Sömnbrist' });
    const actions = await auditedActionsOf(async () => {
      const r = await bot.invoke(people.anna, 'wheel.submit', {
        caseId,
        version: 1,
        'omsorg.strengths': 'Äter frukost',
      });
      assert.match(visibleText(r.card), /Hjulet är sparat/);
    });
    assert.equal(count(actions, 'assessment.read'), 1, actions.join(', '));
    assert.equal(count(actions, 'case.read'), 1, actions.join(', '));
    const entry = (
      await bot.db.query<{
        answers: Record<string, string>;
        areas: Record<string, { strengths: string }>;
        version: number;
      }>('SELECT answers, areas, version FROM assessment')
    ).rows[0];
    assert.equal(entry?.answers.q1, 'Sömnbrist', 'the other part of the entry is kept');
    assert.equal(entry?.areas.omsorg?.strengths, 'Äter frukost');
    assert.equal(entry?.version, 2);
  });

  it('a save naming another version than the one read is still a conflict, and nothing is overwritten', async () => {
    await bot.invoke(people.anna, 'wheel.submit', { caseId, version: 0, 'omsorg.strengths': 'Första' });
    const stale = await bot.invoke(people.anna, 'questions.submit', {
      caseId,
      version: 0,
      q1: 'Från ett gammalt fönster',
    });
    assert.match(visibleText(stale.card), /ändrat detta samtidigt/);
    const entry = (
      await bot.db.query<{ answers: Record<string, string>; areas: Record<string, { strengths: string }> }>(
        'SELECT answers, areas FROM assessment',
      )
    ).rows[0];
    assert.deepEqual(entry?.answers, {});
    assert.equal(entry?.areas.omsorg?.strengths, 'Första');
  });
});

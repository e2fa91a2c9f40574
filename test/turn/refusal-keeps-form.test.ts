/**
 * No refusal throws the user's input away: a handler refused by the domain (here: the meeting's
 * invitee works for a unit the consent does not cover) answers with the same form, everything filled
 * in kept, and the refusal's message above it — not a message card in place of the form.
 */
import assert from 'node:assert/strict';
import { people, units } from '../support/world';
import { inputsOfCard, startBot, visibleText, type BotHarness } from './harness';

describe('a refused card action keeps the form (whole turns)', function () {
  this.timeout(120_000);
  let bot: BotHarness;

  beforeEach(async () => {
    bot = await startBot('pglite', { publicBaseUrl: 'https://samsyn.example/' });
  });
  afterEach(async () => bot.close());

  async function theCase(): Promise<string> {
    const caseId = (await bot.db.query<{ id: string }>('SELECT id FROM child_case')).rows[0]?.id;
    assert.ok(caseId);
    return caseId;
  }

  it('the meeting card comes back with its values and "consent missing" when an invitee is not covered', async () => {
    await bot.invoke(people.anna, 'consultation.submit', {
      mode: 'consented',
      ageBand: '6-9',
      worryAreas: 'trygghet',
      observations: 'Oro',
      tried: '',
      childName: 'Kim Testsson',
      childBirth: '20150412-2381',
      guardians: 'Vera Vårdnadshavare',
    });
    await bot.invoke(people.anna, 'consent.submit', {
      caseId: '',
      guardians: 'Vera Vårdnadshavare',
      orgUnits: `${units.school},${units.social}`,
      categories: 'home-family',
      purpose: 'Samverkan',
      validUntil: '2026-12-31',
    });
    const caseId = await theCase();
    const sent = {
      caseId,
      invitees: `${people.bo.objectId},${people.cia.objectId}`,
      date: '2026-04-14',
      time: '10:15',
      minutes: '90',
    };

    const r = await bot.invoke(people.anna, 'meeting.submit', sent);
    assert.equal(r.status, 200);
    const text = visibleText(r.card);
    assert.match(text, /Samtycke saknas för BVC\./);
    assert.match(text, /Kalla till samverkansmöte/, 'the meeting form, not a message card');
    assert.deepEqual(
      { ...inputsOfCard(r.card) },
      { invitees: sent.invitees, date: sent.date, time: sent.time, minutes: sent.minutes },
    );
    assert.equal((await bot.db.query('SELECT id FROM meeting')).rows.length, 0);
  });

  it('the plan card stays with what was typed when its family-PDF button is refused (no agreed plan yet)', async () => {
    await bot.invoke(people.anna, 'consultation.submit', {
      mode: 'consented',
      ageBand: '6-9',
      worryAreas: 'trygghet',
      observations: 'Oro',
      tried: '',
      childName: 'Kim Testsson',
      childBirth: '20150412-2381',
      guardians: 'Vera Vårdnadshavare',
    });
    await bot.invoke(people.anna, 'consent.submit', {
      caseId: '',
      guardians: 'Vera Vårdnadshavare',
      orgUnits: `${units.school},${units.social}`,
      categories: 'home-family',
      purpose: 'Samverkan',
      validUntil: '2026-12-31',
    });
    const caseId = await theCase();
    const typed = { reason: 'Hög frånvaro', 'goal.0': 'Närvaro', 'action.0.what': 'Morgonsamtal', childsWish: 'Anna' };

    const r = await bot.invoke(people.anna, 'plan.familyPdf', { caseId, version: '0', ...typed });
    assert.equal(r.status, 200);
    assert.match(visibleText(r.card), /Barnets plan/);
    assert.match(
      visibleText(r.card),
      /Ärendet finns inte, eller så har du inte tillgång till det\./,
      'the refusal is said above the form',
    );
    const inputs = inputsOfCard(r.card);
    for (const [field, value] of Object.entries(typed)) assert.equal(inputs[field], value, `${field} is kept`);
    assert.equal((await bot.db.query('SELECT 1 FROM plan_download')).rows.length, 0);
  });
});

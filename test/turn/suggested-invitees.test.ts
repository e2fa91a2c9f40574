/**
 * Barnteam suggestions preselected (issue 17, item 7), in whole turns: the meeting card's picker
 * comes with the named persons of the units the templates suggest (only units a consent covers, for
 * a consented case; never the caller), and the consult card with the suggested unit's consultation
 * function — or, without one among the suggestions, the suggested units' named persons. The user
 * changes them freely: what they submit is what is invited.
 */
import assert from 'node:assert/strict';
import { people, units } from '../support/world';
import { inputsOfCard, raiseConsentedThroughCards, startBot, visibleText, type BotHarness } from './harness';

describe('chat: the Barnteam suggestions come preselected', function () {
  this.timeout(60_000);
  let bot: BotHarness;
  beforeEach(async () => {
    bot = await startBot();
  });
  afterEach(async () => bot.close());

  const newCaseId = async (before: Set<string>) => {
    const created = (await bot.db.query<{ id: string }>('SELECT id FROM child_case')).rows.find(
      (r) => !before.has(r.id),
    );
    assert.ok(created);
    return created.id;
  };
  const caseIds = async () =>
    new Set((await bot.db.query<{ id: string }>('SELECT id FROM child_case')).rows.map((r) => r.id));

  /** An anonymous consultation raised through the card (10–12, a worry about safety); its case id. */
  const raiseAnonymous = async (who: (typeof people)[keyof typeof people], fields: Record<string, string>) => {
    const before = await caseIds();
    await bot.invoke(who, 'consultation.submit', {
      mode: 'anonymous',
      ageBand: '10-12',
      worryAreas: 'trygghet',
      observations: 'Verkar orolig',
      tried: '',
      ...fields,
    });
    return newCaseId(before);
  };

  it("the meeting card preselects the school's named person for a 6–9-year-old the consent covers the school for", async () => {
    const caseId = await raiseConsentedThroughCards(bot, people.bo);
    const open = await bot.invoke(people.bo, 'meeting.open', { caseId });
    // Ticked in the checklist of suggestions, by name and unit; the people picker starts empty (the
    // Agents Playground's picker would not show a preselected person, and would still invite them).
    assert.deepEqual([inputsOfCard(open.card).suggested, inputsOfCard(open.card).invitees], [people.anna.objectId, '']);
    assert.match(visibleText(open.card), new RegExp(`Föreslagna deltagare[^]*${people.anna.displayName} – Testskolan`));
    assert.match(visibleText(open.card), /Fler deltagare/);
  });

  it('preselects nobody of a unit the consent does not cover', async () => {
    const before = await caseIds();
    await bot.invoke(people.bo, 'consultation.submit', {
      mode: 'consented',
      ageBand: '6-9',
      worryAreas: 'trygghet',
      observations: 'Oro',
      tried: '',
      childName: 'Kim Testsson',
      childBirth: '20150412-2381',
      guardians: 'Vera Vårdnadshavare',
    });
    await bot.invoke(people.bo, 'consent.submit', {
      caseId: '',
      guardians: 'Vera Vårdnadshavare',
      orgUnits: units.social,
      categories: 'home-family',
      purpose: 'Samverkan',
      validUntil: '2026-12-31',
      obtainedHow: 'written',
    });
    const caseId = await newCaseId(before);
    const open = await bot.invoke(people.bo, 'meeting.open', { caseId });
    assert.equal(inputsOfCard(open.card).suggested ?? '', '');
    assert.equal(inputsOfCard(open.card).invitees, '');
    assert.doesNotMatch(visibleText(open.card), /Föreslagna deltagare/);
  });

  it("the consult card preselects social services' consultation function for a school's consultation", async () => {
    const caseId = await raiseAnonymous(people.eve, { childUnit: units.school });
    const open = await bot.invoke(people.eve, 'consult.open', { caseId });
    const inputs = inputsOfCard(open.card);
    assert.deepEqual([inputs.consultationFunction, inputs.suggested ?? '', inputs.consultees], [units.social, '', '']);
  });

  it("without a function among the suggestions, the consult card preselects the suggested units' named persons — and the user's choice wins", async () => {
    const caseId = await raiseAnonymous(people.bo, { childUnit: units.social });
    const open = await bot.invoke(people.bo, 'consult.open', { caseId });
    const inputs = inputsOfCard(open.card);
    assert.deepEqual(
      [inputs.consultationFunction ?? '', inputs.suggested, inputs.consultees],
      ['', people.anna.objectId, ''],
    );
    assert.match(visibleText(open.card), new RegExp(`Föreslagna[^]*${people.anna.displayName}`));

    // Changed by the user: Anna unticked, Cia picked — Cia is who is consulted.
    await bot.invoke(people.bo, 'consult.submit', { caseId, suggested: '', consultees: people.cia.objectId });
    const consultees = await bot.db.query<{ object_id: string }>(
      "SELECT object_id FROM case_party WHERE case_id = $1 AND role = 'consultee' AND removed_at IS NULL",
      [caseId],
    );
    assert.deepEqual(
      consultees.rows.map((r) => r.object_id),
      [people.cia.objectId],
    );
  });

  it('a child in school year 4 with a health worry: the 7–12 template is suggested, child health care (BVC) is not', async () => {
    const caseId = await raiseAnonymous(people.anna, { ageBand: '', schoolYear: 'åk 4', worryAreas: 'halsa' });
    const text = visibleText((await bot.invoke(people.anna, 'meeting.open', { caseId })).card);
    const suggested = /Förslag utifrån[^:]*: ([^.]*)\./.exec(text)?.[1] ?? '';
    // The school year gives the age group (7–12: school, pupil health, social services; no pupil health unit here).
    assert.equal(suggested, 'Testskolan, Socialtjänsten');
  });

  it('a ticked suggestion and a picked person are both consulted; nothing ticked or picked is refused with the form kept', async () => {
    const caseId = await raiseAnonymous(people.bo, { childUnit: units.social });
    const none = await bot.invoke(people.bo, 'consult.submit', { caseId, suggested: '', consultees: '' });
    assert.match(visibleText(none.card), new RegExp(`Föreslagna[^]*${people.anna.displayName}`), 'the form comes back');
    assert.equal(inputsOfCard(none.card).suggested, '', 'as the user left it');
    await bot.invoke(people.bo, 'consult.submit', {
      caseId,
      suggested: people.anna.objectId,
      consultees: people.cia.objectId,
    });
    const consultees = await bot.db.query<{ object_id: string }>(
      "SELECT object_id FROM case_party WHERE case_id = $1 AND role = 'consultee' AND removed_at IS NULL ORDER BY object_id",
      [caseId],
    );
    assert.deepEqual(
      consultees.rows.map((r) => r.object_id).sort(),
      [people.anna.objectId, people.cia.objectId].sort(),
    );
  });
});

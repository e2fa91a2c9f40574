/** The consent list card says, per agency a consent in force covers, what that agency sees of the case now. */
import assert from 'node:assert/strict';
import { units } from '../support/world';
import { people } from '../support/world';
import { startBot, visibleText, type BotHarness } from './harness';

const future = '2026-12-31';

describe('chat: the consent card shows what each agency sees', function () {
  let bot: BotHarness;
  beforeEach(async () => {
    bot = await startBot();
  });
  afterEach(async () => bot.close());

  it('school attendance and learning only: identity, the school areas and the school year; every category: everything', async () => {
    await bot.invoke(people.anna, 'consultation.submit', {
      mode: 'consented',
      ageBand: '6-9',
      worryAreas: '',
      observations: '',
      tried: '',
      childName: 'Kim',
      childBirth: '2015-04-12',
      guardians: 'Vera',
    });
    await bot.invoke(people.anna, 'consent.submit', {
      caseId: '',
      guardians: 'Vera',
      orgUnits: units.social,
      categories: 'school-attendance-learning',
      purpose: 'Samverkan',
      validUntil: future,
      obtainedHow: 'written',
    });
    const caseId = (await bot.db.query<{ id: string }>('SELECT id FROM child_case')).rows[0]?.id ?? '';
    await bot.invoke(people.anna, 'consent.submit', {
      caseId,
      guardians: 'Vera',
      orgUnits: units.bvc,
      categories:
        'contact-details,school-attendance-learning,physical-mental-health,home-family,support-given,child-account-wishes',
      purpose: 'Samverkan',
      validUntil: future,
      obtainedHow: 'written',
    });
    const text = visibleText((await bot.invoke(people.anna, 'consent.list', { caseId })).card);
    assert.match(text, /Vad varje verksamhet ser nu/);
    assert.match(
      text,
      /Socialtjänsten: barnets identitet; områden i hjulet: Utveckling, Ta ansvar; dessutom: årskurs\./,
    );
    assert.match(text, /BVC: allt i ärendet\./);
    assert.doesNotMatch(text, /Testskolan:/, "the case's own unit is not listed (it sees everything)");

    // Withdrawn: the agency is no longer listed.
    const consentId = (
      await bot.db.query<{ id: string }>('SELECT id FROM consent WHERE $1 = ANY(org_unit_ids)', [units.social])
    ).rows[0]?.id;
    const after = visibleText((await bot.invoke(people.anna, 'consent.withdraw', { caseId, consentId })).card);
    assert.doesNotMatch(after, /Socialtjänsten: barnets identitet/);
    assert.match(after, /BVC: allt i ärendet\./);
  });

  it('the consent form says, per category, what a unit it covers will see (before anything is recorded)', async () => {
    const form = await bot.invoke(people.anna, 'consultation.submit', {
      mode: 'consented',
      ageBand: '6-9',
      worryAreas: '',
      observations: '',
      tried: '',
      childName: 'Kim',
      childBirth: '2015-04-12',
      guardians: 'Vera',
    });
    const text = visibleText(form.card);
    assert.match(text, /ser barnets identitet och det som de valda kategorierna öppnar/);
    assert.match(text, /Skolnärvaro och stöd i lärandet\s*Hjulet: Utveckling, Ta ansvar/);
    assert.match(text, /Fysisk och psykisk hälsa\s*Hjulet: Hälsa/);
    // The GIRFEC lenses' parts by their categories (config/field-categories.json `lenses`).
    assert.match(
      text,
      /Fysisk och psykisk hälsa\s*Hjulet: Hälsa; fält: Min värld-triangeln: Hur jag växer och utvecklas/,
    );
    assert.match(
      text,
      /Hem- och familjesituation[^]*Min värld-triangeln: Vad jag behöver från dem som tar hand om mig, Min värld-triangeln: Min omvärld, Resiliensmatrisen: var barnet står, Resiliensmatrisen: anteckningar/,
    );
    // The five questions by number, the consultees' advice questions by their text — never a raw key.
    assert.match(text, /svar på fråga 3, svar på fråga 4, svar på fråga 5, svar på ”Vilka nästa steg föreslår du\?”/);
    assert.doesNotMatch(text, /questions\./);
    // A new case has no sheet button yet (its links need a case): the card says where the sheet is.
    assert.match(text, /Skapa ärendet som anonym konsultation och registrera samtycket från ärendet/);
    assert.doesNotMatch(text, /Ta fram det med ”Informationsblad \(PDF\)”/);
  });
});

import assert from 'node:assert/strict';
import { readAuditRows } from '../../src/storage/audit-reader';
import { people } from '../support/world';
import { cardOf, inputsOfCard, startBot, visibleText, type BotHarness } from './harness';

describe('chat: anonymous consultation, five questions and wheel (whole turns)', function () {
  let bot: BotHarness;
  beforeEach(async () => {
    bot = await startBot();
  });
  afterEach(async () => bot.close());

  it('answers help with the help card, in Swedish, naming orosanmälan', async () => {
    const [reply] = await bot.say(people.anna, 'Hej, kan du visa hjälp tack');
    const text = visibleText(cardOf(reply));
    assert.match(text, /Samsyn – hjälp/);
    assert.match(text, /ny konsultation/);
    assert.match(text, /orosanmälan/i);
  });

  it('answers unknown input with a short helpful answer', async () => {
    const [reply] = await bot.say(people.anna, 'blablabla');
    assert.match(visibleText(cardOf(reply)), /Skriv "hjälp"/);
  });

  it('tells a person who is in no Samsyn group that they are not a member', async () => {
    const stranger = { ...people.anna, objectId: 'ffffffff-0000-4000-8000-000000000099' };
    const [reply] = await bot.say(stranger, 'hjälp');
    assert.match(visibleText(cardOf(reply)), /inte med i någon av Samsyns grupper/);
  });

  it('refuses a personnummer in an anonymous consultation: names the field, replaces only the number, stores and logs nothing of it', async () => {
    const secret = '20150412-2381';
    const [reply] = await bot.say(people.anna, 'ny konsultation');
    const form = cardOf(reply);
    assert.match(visibleText(form), /Ny konsultation/);
    const inputs = inputsOfCard(form);
    assert.ok('observations' in inputs && !('childName' in inputs && visibleText(form).includes('Barnets namn')));

    const r = await bot.invoke(people.anna, 'consultation.submit', {
      mode: 'anonymous',
      ageBand: '10-12',
      worryAreas: 'trygghet,halsa',
      observations: `Barnet ${secret} är ofta ledset`,
      tried: 'Samtal med mentor',
    });
    assert.equal(r.status, 200);
    const text = visibleText(r.card);
    assert.match(
      text,
      /Fältet ”Vad har du sett eller hört\?” verkar innehålla något som kan identifiera barnet \(personnummer\)/,
    );
    // Any part of the number, outside random ids and hashes (a UUID may contain "2381" by chance).
    const holdsPart = (text: string) => {
      const plain = text
        .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '')
        .replace(/[0-9a-f]{16,}/gi, '');
      return plain.includes('2381') || plain.includes('150412');
    };
    assert.ok(!holdsPart(JSON.stringify(r.card)), 'the value is not echoed');
    assert.equal(
      inputsOfCard(r.card).observations,
      'Barnet [personnummer borttaget] är ofta ledset',
      'only the refused part is replaced',
    );
    assert.equal(inputsOfCard(r.card).tried, 'Samtal med mentor', 'the rest is kept');

    const stored =
      JSON.stringify((await bot.db.query('SELECT * FROM form_draft')).rows) +
      JSON.stringify((await bot.db.query('SELECT * FROM child_case')).rows);
    assert.ok(!holdsPart(stored));
    assert.ok(!holdsPart(bot.logLines.join('\n')));
    const draft = (await bot.db.query<{ data: Record<string, string> }>('SELECT data FROM form_draft')).rows[0];
    assert.equal(draft?.data.tried, 'Samtal med mentor', 'the draft keeps what may be kept');
  });

  it('runs the whole flow: consultation → five questions → wheel → summary, with rows and audit', async () => {
    const created = await bot.invoke(people.anna, 'consultation.submit', {
      mode: 'anonymous',
      ageBand: '10-12',
      schoolYear: 'åk 5',
      worryAreas: 'trygghet',
      observations: 'Ofta trött och sen',
      tried: 'Samtal',
    });
    const summary = visibleText(created.card);
    assert.match(summary, /Konsultationen är skapad: ärende 2026-0001/);
    assert.match(summary, /orosanmälan/, 'the safety area brings the duty-to-report notice');
    const caseId = (await bot.db.query<{ id: string }>('SELECT id FROM child_case')).rows[0]?.id;
    assert.ok(caseId);

    const q = await bot.invoke(people.anna, 'questions.open', { caseId });
    const qInputs = inputsOfCard(q.card);
    // An anonymous consultation also asks the advice of the professionals it consults.
    assert.deepEqual(Object.keys(qInputs).sort(), ['next-steps', 'q1', 'q2', 'q3', 'q4', 'q5', 'unit-support']);
    const saved = await bot.invoke(people.anna, 'questions.submit', {
      caseId,
      version: 0,
      q1: 'Sömnbrist',
      q2: 'Nej, behöver prata med hemmet',
      q3: 'Samtal',
      q4: 'Elevhälsan',
      q5: 'Kanske socialtjänsten',
    });
    assert.match(visibleText(saved.card), /Svaren på de fem frågorna är sparade/);

    const w = await bot.invoke(people.anna, 'wheel.open', { caseId });
    assert.match(visibleText(w.card), /Välbefinnandehjulet – Behovskompassen/);
    const wheelSaved = await bot.invoke(people.anna, 'wheel.submit', {
      caseId,
      version: 1,
      'trygghet.level': 'significant',
      'trygghet.worries': 'Rädd att gå hem',
      'halsa.strengths': 'Tycker om fotboll',
    });
    const wheelText = visibleText(wheelSaved.card);
    assert.match(wheelText, /Hjulet är sparat/);
    assert.match(wheelText, /personlig skyldighet att genast anmäla/);

    const entry = (
      await bot.db.query<{
        answers: Record<string, string>;
        areas: Record<string, { level?: string; worries: string }>;
        version: number;
      }>('SELECT answers, areas, version FROM assessment')
    ).rows[0];
    assert.equal(entry?.answers.q1, 'Sömnbrist');
    assert.equal(entry?.areas.trygghet?.level, 'significant');
    assert.equal(entry?.version, 2);

    const actions = (await readAuditRows(bot.db, { caseId })).map((a) => `${a.action}:${a.outcome}`);
    for (const a of ['case.create:success', 'assessment.write:success', 'assessment.read:success'])
      assert.ok(actions.includes(a), a);
  });

  it('a stale wheel save keeps what was typed, saves it as a draft and says so', async () => {
    const created = await bot.invoke(people.anna, 'consultation.submit', {
      mode: 'anonymous',
      ageBand: '6-9',
      worryAreas: '',
      observations: '',
      tried: '',
    });
    assert.equal(created.status, 200);
    const caseId = (await bot.db.query<{ id: string }>('SELECT id FROM child_case')).rows[0]?.id;
    await bot.invoke(people.anna, 'wheel.submit', { caseId, version: 0, 'omsorg.strengths': 'Första' });
    const stale = await bot.invoke(people.anna, 'wheel.submit', {
      caseId,
      version: 0,
      'omsorg.strengths': 'Andra fönstret',
    });
    assert.match(visibleText(stale.card), /ändrat detta samtidigt/);
    assert.equal(inputsOfCard(stale.card)['omsorg.strengths'], 'Andra fönstret');
    const draft = (
      await bot.db.query<{ data: Record<string, string> }>("SELECT data FROM form_draft WHERE form = 'wheel'")
    ).rows[0];
    assert.equal(draft?.data['omsorg.strengths'], 'Andra fönstret');
    const areas = (await bot.db.query<{ areas: Record<string, { strengths: string }> }>('SELECT areas FROM assessment'))
      .rows[0]?.areas;
    assert.equal(areas?.omsorg?.strengths, 'Första', 'the stored entry is unchanged');
  });

  it('keeps a half-filled form as a draft that comes back later', async () => {
    await bot.invoke(people.anna, 'consultation.draft', { mode: 'anonymous', observations: 'Halvfärdig text' });
    const [reply] = await bot.say(people.anna, 'ny konsultation');
    const form = cardOf(reply);
    assert.equal(inputsOfCard(form).observations, 'Halvfärdig text');
    const again = await bot.invoke(people.anna, 'consultation.open', { mode: 'anonymous' });
    assert.match(visibleText(again.card), /sparade utkast är återställt/);
  });

  it('validates input before the handler: a bad choice comes back next to the field, with the text kept', async () => {
    const r = await bot.invoke(people.anna, 'consultation.submit', {
      mode: 'anonymous',
      ageBand: '99-100',
      worryAreas: 'inte-ett-omrade',
      observations: 'Text som ska finnas kvar',
    });
    const text = visibleText(r.card);
    assert.match(text, /Välj ett av alternativen/);
    assert.equal(inputsOfCard(r.card).observations, 'Text som ska finnas kvar');
    assert.equal((await bot.db.query('SELECT * FROM child_case')).rows.length, 0);
  });

  it('an unknown verb is a proper invoke error', async () => {
    const r = await bot.invoke(people.anna, '__proto__', {});
    assert.equal(r.status, 400);
  });

  it('switches language on command and answers in English after that', async () => {
    const [reply] = await bot.say(people.anna, 'språk engelska');
    assert.match(visibleText(cardOf(reply)), /Samsyn – help/);
    const [again] = await bot.say(people.anna, 'help');
    assert.match(visibleText(cardOf(again)), /New anonymous consultation/);
  });

  it('follows the Teams locale when the user has not chosen', async () => {
    const [reply] = await bot.say(people.bo, 'help', 'en-US');
    assert.match(visibleText(cardOf(reply)), /Samsyn – help/);
  });

  it('explains orosanmälan without suggesting the product replaces it', async () => {
    const [reply] = await bot.say(people.anna, 'orosanmälan');
    const text = visibleText(cardOf(reply));
    assert.match(text, /genast anmäla det till socialtjänsten/);
    assert.match(text, /ersätter aldrig en orosanmälan/);
  });
});

import assert from 'node:assert/strict';
import { readAuditRows } from '../../src/storage/audit-reader';
import { people, units } from '../support/world';
import { cardOf, inputsOfCard, mri, startBot, visibleText, type BotHarness } from './harness';

const future = '2026-12-31';

async function caseIds(bot: BotHarness): Promise<string[]> {
  return (await bot.db.query<{ id: string }>('SELECT id FROM child_case ORDER BY created_at')).rows.map((r) => r.id);
}

describe('chat: consent, consented cases and per-user refresh (whole turns)', function () {
  let bot: BotHarness;
  beforeEach(async () => {
    bot = await startBot();
  });
  afterEach(async () => bot.close());

  it('creates a consented case: identity first, then the consent card, then the case', async () => {
    const next = await bot.invoke(people.anna, 'consultation.submit', {
      mode: 'consented',
      ageBand: '6-9',
      worryAreas: 'omsorg',
      observations: 'Behöver stöd',
      tried: '',
      childName: 'Kim Testsson',
      childBirth: '20150412-2381',
      guardians: 'Vera Vårdnadshavare\nViktor Vårdnadshavare',
    });
    assert.match(visibleText(next.card), /Samtycke/);
    assert.equal(inputsOfCard(next.card).guardians, 'Vera Vårdnadshavare\nViktor Vårdnadshavare');
    assert.equal((await caseIds(bot)).length, 0, 'no case before consent');

    const done = await bot.invoke(people.anna, 'consent.submit', {
      caseId: '',
      guardians: 'Vera Vårdnadshavare\nViktor Vårdnadshavare',
      childConsents: 'true',
      orgUnits: `${units.school},${units.social}`,
      categories: 'school-attendance-learning,home-family',
      purpose: 'Samverkan kring skolnärvaro',
      validUntil: future,
      obtainedHow: 'written',
    });
    assert.match(visibleText(done.card), /Konsultationen är skapad: ärende 2026-0001/);
    const rows = (
      await bot.db.query<{ kind: string; child_name: string; child_personnummer: string }>(
        'SELECT kind, child_name, child_personnummer FROM child_case',
      )
    ).rows;
    assert.deepEqual(rows, [{ kind: 'consented', child_name: 'Kim Testsson', child_personnummer: '20150412-2381' }]);
    const consent = (
      await bot.db.query<{ given_by: unknown[]; org_unit_ids: string[]; valid_to: Date }>(
        'SELECT given_by, org_unit_ids, valid_to FROM consent',
      )
    ).rows[0];
    assert.equal(consent?.given_by.length, 3);
    assert.deepEqual(consent?.org_unit_ids, [units.school, units.social]);
    assert.equal(consent?.valid_to.toISOString(), '2027-01-01T00:00:00.000Z');
    assert.equal((await bot.db.query('SELECT * FROM form_draft')).rows.length, 0, 'drafts are cleared');
    assert.ok(!JSON.stringify(done.card).includes('Kim'), 'the summary card shows no identity to everyone');
  });

  it('refuses an invalid personnummer and keeps everything typed', async () => {
    const r = await bot.invoke(people.anna, 'consultation.submit', {
      mode: 'consented',
      ageBand: '6-9',
      worryAreas: '',
      observations: 'Text',
      childName: 'Kim',
      childBirth: '20150412-2382',
      guardians: 'Vera',
    });
    assert.match(visibleText(r.card), /giltigt personnummer/);
    assert.equal(inputsOfCard(r.card).childName, 'Kim');
    assert.equal(inputsOfCard(r.card).childBirth, '20150412-2382');
  });

  it('validates the consent form: units, categories, purpose and a future date', async () => {
    const created = await bot.invoke(people.anna, 'consultation.submit', {
      mode: 'anonymous',
      ageBand: '6-9',
      worryAreas: '',
      observations: '',
      tried: '',
    });
    assert.equal(created.status, 200);
    const [caseId] = await caseIds(bot);
    const r = await bot.invoke(people.anna, 'consent.submit', {
      caseId,
      guardians: 'Vera',
      orgUnits: '',
      categories: '',
      purpose: '',
      validUntil: '2020-01-01',
      obtainedHow: 'written',
      childName: '',
      childBirth: '',
    });
    const text = visibleText(r.card);
    assert.match(text, /Fyll i det här fältet/);
    assert.match(text, /Datumet måste vara i framtiden/);
    assert.equal(inputsOfCard(r.card).guardians, 'Vera');
  });

  it('turns an anonymous consultation into a consented case, keeping the mapping; identity enters only then', async () => {
    await bot.invoke(people.anna, 'consultation.submit', {
      mode: 'anonymous',
      ageBand: '6-9',
      worryAreas: 'omsorg',
      observations: 'Trött',
      tried: '',
    });
    const [caseId] = await caseIds(bot);
    await bot.invoke(people.anna, 'questions.submit', { caseId, version: 0, q1: 'Sömn' });
    const form = await bot.invoke(people.anna, 'consent.open', { caseId });
    assert.ok('childName' in inputsOfCard(form.card), 'the consent form asks for identity on an anonymous case');

    const missing = await bot.invoke(people.anna, 'consent.submit', {
      caseId,
      guardians: 'Vera',
      orgUnits: units.social,
      categories: 'home-family',
      purpose: 'Samverkan',
      validUntil: future,
      obtainedHow: 'written',
      childName: '',
      childBirth: '',
    });
    assert.match(visibleText(missing.card), /Fyll i det här fältet/);

    const done = await bot.invoke(people.anna, 'consent.submit', {
      caseId,
      guardians: 'Vera',
      orgUnits: units.social,
      categories: 'home-family',
      purpose: 'Samverkan',
      validUntil: future,
      obtainedHow: 'written',
      childName: 'Kim Testsson',
      childBirth: '2015-04-12',
    });
    assert.match(visibleText(done.card), /nu ett ärende med samtycke/);
    const row = (
      await bot.db.query<{ kind: string; child_birth_date: string; reference: string }>(
        'SELECT kind, child_birth_date::text, reference FROM child_case',
      )
    ).rows[0];
    assert.deepEqual(row, { kind: 'consented', child_birth_date: '2015-04-12', reference: '2026-0001' });
    const answers = (await bot.db.query<{ answers: Record<string, string> }>('SELECT answers FROM assessment')).rows[0]
      ?.answers;
    assert.equal(answers?.q1, 'Sömn');
    assert.ok(
      (await readAuditRows(bot.db, { caseId })).some((a) => a.action === 'case.convert' && a.outcome === 'success'),
    );
  });

  it('withdraws a consent from the consent list; it stops applying at once', async () => {
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
      categories: 'home-family',
      purpose: 'Samverkan',
      validUntil: future,
      obtainedHow: 'written',
    });
    const [caseId] = await caseIds(bot);
    const list = await bot.invoke(people.anna, 'consent.list', { caseId });
    assert.match(visibleText(list.card), /Gäller till 2026-12-31/);
    const consentId = (await bot.db.query<{ id: string }>('SELECT id FROM consent')).rows[0]?.id;
    const after = await bot.invoke(people.anna, 'consent.withdraw', { caseId, consentId });
    assert.match(visibleText(after.card), /återkallat och gäller inte längre/);
    assert.ok(
      (await bot.db.query<{ withdrawn_at: Date | null }>('SELECT withdrawn_at FROM consent')).rows[0]?.withdrawn_at,
    );
  });

  it('case summary: everyone sees only the reference; refresh re-checks access per user', async () => {
    await bot.invoke(people.anna, 'consultation.submit', {
      mode: 'consented',
      ageBand: '6-9',
      worryAreas: '',
      observations: 'Oro för hemmet',
      tried: '',
      childName: 'Kim Testsson',
      childBirth: '2015-04-12',
      guardians: 'Vera',
    });
    await bot.invoke(people.anna, 'consent.submit', {
      caseId: '',
      guardians: 'Vera',
      orgUnits: units.social,
      categories: 'home-family',
      purpose: 'Samverkan',
      validUntil: future,
      obtainedHow: 'written',
    });
    const [caseId] = await caseIds(bot);

    const [reply] = await bot.say(people.anna, 'öppna ärende 2026-0001');
    const shared = cardOf(reply);
    assert.match(visibleText(shared), /Ärende 2026-0001/);
    assert.ok(!visibleText(shared).includes('Kim'), 'no identity on the card everyone sees');
    assert.deepEqual(shared.refresh?.userIds, [mri(people.anna)]);

    const mine = await bot.invoke(people.anna, 'case.refresh', { caseId });
    assert.match(visibleText(mine.card), /Kim Testsson/);
    assert.match(visibleText(mine.card), /Oro för hemmet/);

    const outsider = await bot.invoke(people.eve, 'case.refresh', { caseId });
    assert.ok(!visibleText(outsider.card).includes('Kim'), 'a non-party gets nothing');
    assert.ok(!visibleText(outsider.card).includes('2026-0001'));
    const denied = (await readAuditRows(bot.db, { caseId })).filter((a) => a.actorObjectId === people.eve.objectId);
    assert.deepEqual(
      denied.map((a) => a.outcome),
      ['denied'],
    );
  });

  it("no card sent by the bot carries personal data in an action's data", async () => {
    await bot.invoke(people.anna, 'consultation.submit', {
      mode: 'consented',
      ageBand: '6-9',
      worryAreas: '',
      observations: '',
      tried: '',
      childName: 'Kim Testsson',
      childBirth: '20150412-2381',
      guardians: 'Vera',
    });
    const consentCard = (await bot.invoke(people.anna, 'consultation.open', { mode: 'consented' })).card;
    await bot.invoke(people.anna, 'consent.submit', {
      caseId: '',
      guardians: 'Vera',
      orgUnits: units.social,
      categories: 'home-family',
      purpose: 'Samverkan',
      validUntil: future,
      obtainedHow: 'written',
    });
    const [caseId] = await caseIds(bot);
    const cards = [
      consentCard,
      (await bot.invoke(people.anna, 'case.refresh', { caseId })).card,
      (await bot.invoke(people.anna, 'consent.list', { caseId })).card,
    ];
    const datas: unknown[] = [];
    const walk = (n: unknown): void => {
      if (Array.isArray(n)) return n.forEach(walk);
      if (typeof n !== 'object' || n === null) return;
      for (const [k, v] of Object.entries(n)) {
        if (k === 'data') datas.push(v);
        else walk(v);
      }
    };
    cards.forEach(walk);
    assert.ok(datas.length > 3);
    const all = JSON.stringify(datas);
    for (const secret of ['Kim', 'Vera', '2381', '20150412']) assert.ok(!all.includes(secret), secret);
  });
});

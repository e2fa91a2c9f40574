/**
 * The consent information sheet from the consent form (issue 18, item 1): the form requires how
 * consent was obtained (refused with what was typed kept), a recorded consent stores the sheet
 * version and the method, "Information sheet (PDF)" issues one-time links (guardians and child,
 * Swedish and English) naming the form's facts and nothing identifying, and a withdrawal offers the
 * family's confirmation the same way.
 */
import assert from 'node:assert/strict';
import { consentSheetVersion } from '../../src/pdf/consent-sheet';
import { redeemDownloadLink } from '../../src/storage/family-plan-repository';
import { people, units } from '../support/world';
import { inputsOfCard, startBot, visibleText, type BotHarness } from './harness';

type Action = { type: string; url?: string; verb?: string; data?: Record<string, unknown> };

function actionsOf(card: unknown): Action[] {
  const out: Action[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const n = node as Record<string, unknown>;
    if (typeof n.type === 'string' && n.type.startsWith('Action.')) out.push(n as Action);
    Object.values(n).forEach(walk);
  };
  walk(card);
  return out;
}

const tokenOf = (url: string | undefined) => url?.split('/').pop() ?? '';

describe('consent: the information sheet, how consent was obtained, and the withdrawal confirmation (whole turns)', function () {
  this.timeout(60_000);
  let bot: BotHarness;
  let caseId: string;
  const form = {
    guardians: 'Vera',
    orgUnits: `${units.school},${units.social}`,
    categories: 'school-attendance-learning,home-family',
    purpose: 'Samverkan kring skolnärvaro',
    validUntil: '2026-12-31',
  };

  beforeEach(async () => {
    bot = await startBot('pglite', { publicBaseUrl: 'https://samsyn.example/' });
    await bot.invoke(people.anna, 'consultation.submit', {
      mode: 'anonymous',
      ageBand: '6-9',
      worryAreas: '',
      observations: 'Oro',
      tried: '',
    });
    caseId = (await bot.db.query<{ id: string }>('SELECT id FROM child_case')).rows[0]!.id;
  });
  afterEach(async () => bot.close());

  it('refuses a consent without how it was obtained, keeping what was typed; stores sheet version and method', async () => {
    const identity = { childName: 'Kim Testsson', childBirth: '2015-04-12' };
    const refused = await bot.invoke(people.anna, 'consent.submit', { caseId, ...identity, ...form });
    assert.match(visibleText(refused.card), /Välj ett av alternativen/);
    const kept = inputsOfCard(refused.card);
    assert.equal(kept.purpose, form.purpose);
    assert.equal(kept.orgUnits, form.orgUnits);
    assert.equal((await bot.db.query('SELECT id FROM consent')).rows.length, 0, 'nothing recorded');

    await bot.invoke(people.anna, 'consent.submit', { caseId, ...identity, ...form, obtainedHow: 'oral-documented' });
    const rows = await bot.db.query<{ sheet_version: string; obtained_how: string }>(
      'SELECT sheet_version, obtained_how FROM consent',
    );
    assert.deepEqual(rows.rows, [{ sheet_version: consentSheetVersion, obtained_how: 'oral-documented' }]);
  });

  it('"Information sheet (PDF)" issues one-time links for both versions and languages from the form draft', async () => {
    await bot.invoke(people.anna, 'consent.draft', { caseId, ...form, obtainedHow: '' });
    const r = await bot.invoke(people.anna, 'consent.sheet', { caseId });
    const card = r.card;
    const links = actionsOf(card).filter((a) => a.type === 'Action.OpenUrl');
    assert.equal(links.length, 4);
    assert.ok(links.every((a) => a.url?.startsWith('https://samsyn.example/api/consent-sheet/')));
    assert.doesNotMatch(JSON.stringify(card), /Kim|Vera|Testsson/, 'nothing identifying on the card');

    const first = await redeemDownloadLink(bot.db, tokenOf(links[0]?.url), bot.clock, 'consent-sheet');
    assert.equal(first?.locale, 'sv');
    assert.deepEqual(first?.detail, {
      audience: 'guardians',
      orgUnits: [units.school, units.social],
      categories: ['school-attendance-learning', 'home-family'],
      purpose: form.purpose,
      validUntil: '2026-12-31',
    });
    assert.equal(await redeemDownloadLink(bot.db, tokenOf(links[0]?.url), bot.clock, 'consent-sheet'), null, 'once');
    const child = await redeemDownloadLink(bot.db, tokenOf(links[3]?.url), bot.clock, 'plan');
    assert.equal(child, null, 'a sheet link is no plan link');
    const en = await redeemDownloadLink(bot.db, tokenOf(links[3]?.url), bot.clock, 'consent-sheet');
    assert.deepEqual([en?.locale, en?.detail.audience], ['en', 'child']);
  });

  it('a withdrawal offers the family its confirmation through one-time links', async () => {
    await bot.invoke(people.anna, 'consent.submit', {
      caseId,
      childName: 'Kim Testsson',
      childBirth: '2015-04-12',
      ...form,
      obtainedHow: 'written',
    });
    const consentId = (await bot.db.query<{ id: string }>('SELECT id FROM consent')).rows[0]!.id;
    const after = await bot.invoke(people.anna, 'consent.withdraw', { caseId, consentId });
    assert.match(visibleText(after.card), /Ge familjen bekräftelsen/);
    const links = actionsOf(after.card).filter((a) => a.type === 'Action.OpenUrl');
    assert.equal(links.length, 2);
    const sv = await redeemDownloadLink(bot.db, tokenOf(links[0]?.url), bot.clock, 'consent-withdrawal');
    assert.deepEqual([sv?.caseId, sv?.locale, sv?.detail], [caseId, 'sv', { consentId }]);
  });
});

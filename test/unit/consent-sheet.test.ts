/**
 * The family's consent information sheet: plain language measured by LIX on the text the PDF is
 * built from (≤ 35 for the guardians, ≤ 30 for the child), in Swedish and English, saying what the
 * consent will record (units, categories and what they open, purpose, end) and how to withdraw.
 */
import assert from 'node:assert/strict';
import { loadWheels } from '../../src/config/load-wheels';
import { loadOrgConfig } from '../../src/config/org-config';
import { informationCategories } from '../../src/domain/consent';
import { lix } from '../../src/domain/lix';
import { sheetFacts } from '../../src/http/consent-sheet-api';
import { translator, type Locale } from '../../src/i18n';
import { consentSheet, consentSheetVersion, sheetText, withdrawalSheet } from '../../src/pdf/consent-sheet';
import { renderSheetPdf } from '../../src/pdf/consent-sheet-pdf';

const org = loadOrgConfig();
const unitName = (id: string) => org.orgUnits.find((u) => u.id === id)?.name ?? id;
const school = org.orgUnits[0]!;
const wheel = loadWheels().get(school.wheelId)!;
const purpose = {
  sv: 'Att vi ska ge barnet rätt stöd i skolan och hemma.',
  en: 'To give the child the right help at school and at home.',
};

function facts(locale: Locale, categories = [...informationCategories]) {
  return sheetFacts(
    wheel,
    unitName,
    locale,
    {
      orgUnits: org.orgUnits.slice(0, 3).map((u) => u.id),
      categories,
      purpose: purpose[locale],
      validUntil: '2027-06-30',
    },
    { name: 'Anna Lärare', unit: unitName(school.id) },
  );
}

describe('consent information sheet', () => {
  for (const locale of ['sv', 'en'] as const) {
    it(`[${locale}] says who shares what with whom, why, until when, that it is voluntary and whom to ask`, () => {
      const t = translator(locale);
      const text = sheetText(consentSheet(t, 'guardians', facts(locale)));
      for (const u of org.orgUnits.slice(0, 3)) assert.ok(text.includes(u.name), u.name);
      for (const c of informationCategories) assert.ok(text.includes(t(`categories.${c}`)), c);
      const health = wheel.areas.find((a) => a.category === 'physical-mental-health')!;
      assert.ok(text.includes(health.label[locale]), 'a category says which wheel areas it opens');
      assert.ok(text.includes(purpose[locale]));
      assert.ok(text.includes('2027-06-30'));
      assert.ok(text.includes(t('consentSheet.guardians.choice')));
      assert.ok(text.includes('Anna Lärare'));
      const child = sheetText(consentSheet(t, 'child', facts(locale)));
      assert.ok(child.includes(t('consentSheet.child.categories.home-family')));
      assert.ok(child.includes(t('consentSheet.child.choice')));
    });
  }

  it('is plain Swedish: LIX ≤ 35 for the guardians and ≤ 30 for the child', () => {
    const t = translator('sv');
    const guardians = lix(sheetText(consentSheet(t, 'guardians', facts('sv'))));
    const child = lix(sheetText(consentSheet(t, 'child', facts('sv'))));
    const withdrawal = lix(sheetText(withdrawalSheet(t, { ...facts('sv'), withdrawnOn: '2027-01-10' })));
    console.log(
      `      LIX (sv): guardians ${guardians.lix.toFixed(1)}, child ${child.lix.toFixed(1)}, withdrawal ${withdrawal.lix.toFixed(1)}`,
    );
    assert.ok(guardians.lix <= 35, `guardians' sheet LIX ${guardians.lix}`);
    assert.ok(child.lix <= 30, `child's sheet LIX ${child.lix}`);
    assert.ok(withdrawal.lix <= 35, `withdrawal confirmation LIX ${withdrawal.lix}`);
    // Stricter: the running prose alone (headings and list items lower the count of words per sentence).
    const prose = (audience: 'guardians' | 'child') =>
      lix(
        consentSheet(t, audience, facts('sv'))
          .blocks.flatMap((b) => b.paragraphs)
          .join(' '),
      ).lix;
    console.log(
      `      LIX (sv, prose only): guardians ${prose('guardians').toFixed(1)}, child ${prose('child').toFixed(1)}`,
    );
    assert.ok(prose('guardians') <= 35, `guardians' prose LIX ${prose('guardians')}`);
    assert.ok(prose('child') <= 30, `child's prose LIX ${prose('child')}`);
  });

  it('leaves lines to fill in by hand when purpose and end are not chosen yet, and names no child', () => {
    const t = translator('sv');
    const sheet = consentSheet(t, 'guardians', { ...facts('sv'), purpose: '', validUntil: null, contact: null });
    const text = sheetText(sheet);
    assert.ok(text.includes(t('consentSheet.purposeBlank')));
    assert.ok(text.includes(t('consentSheet.contactBlank')));
    assert.ok(sheet.formLines.includes(t('consentSheet.guardians.childLine')));
    assert.ok(sheet.footer.includes(consentSheetVersion));
  });

  it('renders each version as a PDF in both languages, and the withdrawal confirmation', async () => {
    for (const locale of ['sv', 'en'] as const) {
      const t = translator(locale);
      for (const audience of ['guardians', 'child'] as const) {
        const pdf = await renderSheetPdf(consentSheet(t, audience, facts(locale)));
        assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
      }
      const confirmation = withdrawalSheet(t, { ...facts(locale), withdrawnOn: '2027-01-10' });
      assert.ok(sheetText(confirmation).includes('2027-01-10'));
      assert.equal((await renderSheetPdf(confirmation)).subarray(0, 5).toString('latin1'), '%PDF-');
    }
  });
});

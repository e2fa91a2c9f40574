/**
 * The family's consent information sheet and consent form, and the confirmation of a withdrawal:
 * plain language in two versions (the guardians', the child's), Swedish and English. The text is
 * built here as blocks (what LIX is measured on, test/unit/consent-sheet.test.ts) and rendered by
 * consent-sheet-pdf.ts. Nothing identifying the child is printed: the form has a line for the name,
 * filled in by hand.
 */
import type { TFunction } from 'i18next';
import type { InformationCategory } from '../domain/consent';

/** The sheet's wording version, stored with each consent recorded after it was given. */
export const consentSheetVersion = '1';

export const sheetAudiences = ['guardians', 'child'] as const;
export type SheetAudience = (typeof sheetAudiences)[number];

/** What the sheet says: the units and categories as they will be recorded, the purpose, the end, a contact. */
export interface SheetFacts {
  readonly units: readonly string[];
  /** Each category with the wheel areas it opens (labels in the sheet's language). */
  readonly categories: readonly { readonly id: InformationCategory; readonly areas: readonly string[] }[];
  readonly purpose: string;
  /** The last day (YYYY-MM-DD), or null for a line to fill in. */
  readonly validUntil: string | null;
  readonly contact: { readonly name: string; readonly unit: string } | null;
}

export interface SheetBlock {
  readonly heading: string;
  readonly paragraphs: readonly string[];
  readonly bullets: readonly string[];
}

export interface Sheet {
  readonly title: string;
  readonly blocks: readonly SheetBlock[];
  /** Lines to fill in by hand (name, date, signature). */
  readonly formLines: readonly string[];
  readonly footer: string;
}

const block = (heading: string, paragraphs: string[], bullets: string[] = []): SheetBlock => ({
  heading,
  paragraphs,
  bullets,
});

function contactLine(t: TFunction, facts: Pick<SheetFacts, 'contact'>): string {
  return facts.contact ? t('consentSheet.contact', facts.contact) : t('consentSheet.contactBlank');
}

export function consentSheet(t: TFunction, audience: SheetAudience, facts: SheetFacts): Sheet {
  const k = (key: string) => `consentSheet.${audience}.${key}`;
  const category = (c: SheetFacts['categories'][number]) =>
    audience === 'child'
      ? t(`consentSheet.child.categories.${c.id}`)
      : c.areas.length > 0
        ? t(k('opens'), { category: t(`categories.${c.id}`), areas: c.areas.join(', ') })
        : t(k('opensNothing'), { category: t(`categories.${c.id}`) });
  const purpose = facts.purpose.trim() === '' ? t('consentSheet.purposeBlank') : facts.purpose.trim();
  return {
    title: t(k('title')),
    blocks: [
      block(t(k('whyHeading')), [t(k('why'))]),
      block(t(k('whoHeading')), [t(k('who'))], [...facts.units]),
      block(t(k('whatHeading')), [t(k('what'))], facts.categories.map(category)),
      block(t(k('purposeHeading')), [t(k('purpose'), { purpose })]),
      block(t(k('howLongHeading')), [t(k('howLong'), { date: facts.validUntil ?? t('consentSheet.dateBlank') })]),
      block(t(k('choiceHeading')), [t(k('choice'))]),
      block(t(k('contactHeading')), [contactLine(t, facts)]),
      block(t(k('formHeading')), [t(k('formText'))]),
    ],
    formLines: [t(k('childLine')), t(k('signLine')), ...(audience === 'guardians' ? [t(k('signLine'))] : [])],
    footer: t('consentSheet.footer', { version: consentSheetVersion }),
  };
}

/** The confirmation the family gets when consent is withdrawn: from when, what it covered, whom to ask. */
export function withdrawalSheet(
  t: TFunction,
  facts: Pick<SheetFacts, 'units' | 'categories' | 'contact'> & { readonly withdrawnOn: string },
): Sheet {
  return {
    title: t('consentSheet.withdrawal.title'),
    blocks: [
      block('', [t('consentSheet.withdrawal.text', { date: facts.withdrawnOn })], [...facts.units]),
      block(
        t('consentSheet.withdrawal.whatHeading'),
        [],
        facts.categories.map((c) => t(`categories.${c.id}`)),
      ),
      block('', [t('consentSheet.withdrawal.kept')]),
      block(t('consentSheet.withdrawal.contactHeading'), [contactLine(t, facts)]),
    ],
    formLines: [],
    footer: t('consentSheet.withdrawal.footer'),
  };
}

/** The sheet's running text, one unit (title, heading, paragraph, list item) a line: what a reader reads. */
export function sheetText(sheet: Sheet): string {
  return [sheet.title, ...sheet.blocks.flatMap((b) => [b.heading, ...b.paragraphs, ...b.bullets])]
    .filter((line) => line !== '')
    .join('\n');
}

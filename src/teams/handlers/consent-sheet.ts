/**
 * "Information sheet (PDF)" on the consent form and the consent list, and the confirmation of a
 * withdrawal. A card's Action.OpenUrl cannot carry the SSO token, so the click issues one-time links
 * for this person (as the family plan's, decision 0006): the guardians' and the child's version, in
 * Swedish and English. The sheet says what the consent form holds (its saved draft: units,
 * categories, purpose, end); what is not chosen yet is left as a line to fill in by hand. No
 * identity goes into the link, the card or the logs: the form line for the child's name is blank.
 */
import { z } from 'zod';
import { cards } from '../../cards/contracts';
import { render, type AdaptiveCard } from '../../cards/render';
import { informationCategories, type InformationCategory } from '../../domain/consent';
import type { SheetLinkDetail } from '../../http/consent-sheet-api';
import type { Locale } from '../../i18n';
import type { SheetAudience } from '../../pdf/consent-sheet';
import { verb } from '../verb';
import type { Turn } from '../turn';
import { messageCard } from './common';

const linkUrl = (base: string, path: string, token: string) => `${base.replace(/\/+$/, '')}/api/${path}/${token}`;

/** The sheet's facts from the consent form's saved values (only known units and categories; a valid day). */
export function sheetDetailOf(turn: Turn, values: Readonly<Record<string, string>>): Omit<SheetLinkDetail, 'audience'> {
  const list = (v: string | undefined) => (v ?? '').split(',').filter((x) => x !== '');
  const units = new Set(turn.world.orgUnits.map((u) => u.id));
  const validUntil = values.validUntil ?? '';
  return {
    orgUnits: list(values.orgUnits).filter((u) => units.has(u)),
    categories: list(values.categories).filter((c): c is InformationCategory =>
      (informationCategories as readonly string[]).includes(c),
    ),
    purpose: (values.purpose ?? '').trim().slice(0, 1000),
    validUntil: /^\d{4}-\d{2}-\d{2}$/.test(validUntil) ? validUntil : null,
  };
}

export async function consentSheetCard(turn: Turn, caseId: string): Promise<AdaptiveCard> {
  const { t } = turn;
  const base = turn.publicBaseUrl;
  if (!base) return messageCard(t, t('consentSheet.link.title'), [t('familyPlan.noBaseUrl')]);
  const facts = sheetDetailOf(turn, (await turn.repos.drafts.getDraft('consent', caseId)) ?? {});
  const wanted: [SheetAudience, Locale][] = [
    ['guardians', 'sv'],
    ['child', 'sv'],
    ['guardians', 'en'],
    ['child', 'en'],
  ];
  const tokens = await turn.issueConsentLinks(
    caseId,
    wanted.map(([audience, locale]) => ({ kind: 'consent-sheet', locale, detail: { ...facts, audience } })),
  );
  const url = (i: number) => linkUrl(base, 'consent-sheet', tokens[i] ?? '');
  return render(cards.consentSheetLink, {
    t: {
      title: t('consentSheet.link.title'),
      text: t('consentSheet.link.text'),
      guardiansSv: t('consentSheet.link.guardiansSv'),
      childSv: t('consentSheet.link.childSv'),
      guardiansEn: t('consentSheet.link.guardiansEn'),
      childEn: t('consentSheet.link.childEn'),
      back: t('consentSheet.link.back'),
    },
    caseId,
    guardiansSv: url(0),
    childSv: url(1),
    guardiansEn: url(2),
    childEn: url(3),
  });
}

/** One-time links to a withdrawal's confirmation for the family, Swedish and English ('' without a public address). */
export async function withdrawalLinks(
  turn: Turn,
  caseId: string,
  consentId: string,
): Promise<{ confirmationSv: string; confirmationEn: string }> {
  const base = turn.publicBaseUrl;
  if (!base) return { confirmationSv: '', confirmationEn: '' };
  const [sv = '', en = ''] = await turn.issueConsentLinks(
    caseId,
    (['sv', 'en'] as const).map((locale) => ({ kind: 'consent-withdrawal', locale, detail: { consentId } })),
  );
  return {
    confirmationSv: linkUrl(base, 'consent-withdrawal', sv),
    confirmationEn: linkUrl(base, 'consent-withdrawal', en),
  };
}

export const consentSheetVerbs = {
  'consent.sheet': verb({
    schema: () => z.object({ caseId: z.uuid() }),
    handle: (turn, input) => consentSheetCard(turn, input.caseId),
  }),
};

/**
 * The family's consent information sheet and a withdrawal's confirmation, as PDFs through the
 * one-time links a consent card issues (a card's Action.OpenUrl cannot carry the SSO token). The
 * link names the facts as they will be recorded (units, categories, purpose, end) and the audience;
 * opening it reads the case again through the issuer's access check.
 */
import { z } from 'zod';
import { wheelFor } from '../app/world';
import { defaultCategoryCatalogue } from '../config/field-categories';
import { informationCategories, type InformationCategory } from '../domain/consent';
import { visibleParts } from '../domain/disclosure';
import { notFound } from '../domain/errors';
import type { Wheel } from '../domain/wheel';
import { translator, type Locale } from '../i18n';
import { consentSheet, sheetAudiences, withdrawalSheet, type SheetFacts } from '../pdf/consent-sheet';
import { renderSheetPdf } from '../pdf/consent-sheet-pdf';
import type { LinkKind } from '../storage/family-plan-repository';
import { FileBody, type LinkHolder, type RouteContext, type RouteInput } from './route-kit';

/** What a sheet link names (stored as the link's detail). */
export const sheetLinkDetail = z.object({
  audience: z.enum(sheetAudiences),
  orgUnits: z.array(z.string()),
  categories: z.array(z.enum(informationCategories)),
  purpose: z.string(),
  validUntil: z.string().nullable(),
});
export type SheetLinkDetail = z.infer<typeof sheetLinkDetail>;

const withdrawalDetail = z.object({ consentId: z.string() });

/** The sheet's facts in one language: unit names, and for each category the areas of the case's wheel it opens. */
export function sheetFacts(
  wheel: Wheel,
  unitName: (id: string) => string,
  locale: Locale,
  input: {
    orgUnits: readonly string[];
    categories: readonly InformationCategory[];
    purpose: string;
    validUntil: string | null;
  },
  contact: SheetFacts['contact'],
): SheetFacts {
  const catalogue = defaultCategoryCatalogue();
  const label = (id: string) => wheel.areas.find((a) => a.id === id)?.label[locale] ?? id;
  return {
    units: input.orgUnits.map(unitName),
    categories: input.categories.map((id) => ({ id, areas: visibleParts([id], catalogue, wheel).areaIds.map(label) })),
    purpose: input.purpose,
    validUntil: input.validUntil,
    contact,
  };
}

async function holderOf(
  token: string,
  kind: LinkKind,
  redeem: (token: string, kind?: LinkKind) => Promise<LinkHolder | null>,
): Promise<LinkHolder> {
  const holder = await redeem(token, kind);
  if (holder === null) throw notFound();
  return holder;
}

function unitNameIn(ctx: RouteContext): (id: string) => string {
  return (id) => ctx.world.orgUnits.find((u) => u.id === id)?.name ?? id;
}

const contactOf = (ctx: RouteContext) => ({ name: ctx.actor.displayName, unit: unitNameIn(ctx)(ctx.actor.orgUnitId) });

const fileName = (locale: Locale, sv: string, en: string) => (locale === 'sv' ? sv : en);

export async function consentSheetByLink(
  { params }: RouteInput<{ token: string }, undefined, undefined>,
  redeem: (token: string, kind?: LinkKind) => Promise<LinkHolder | null>,
): Promise<FileBody> {
  const { ctx, link } = await holderOf(params.token, 'consent-sheet', redeem);
  const detail = sheetLinkDetail.parse(link.detail);
  const kase = await ctx.repos.cases.getCase(link.caseId);
  const facts = sheetFacts(wheelFor(ctx.world, kase.orgUnitId), unitNameIn(ctx), ctx.locale, detail, contactOf(ctx));
  const pdf = await renderSheetPdf(consentSheet(translator(ctx.locale), detail.audience, facts));
  const name =
    detail.audience === 'child'
      ? fileName(ctx.locale, 'samtycke-barn.pdf', 'consent-child.pdf')
      : fileName(ctx.locale, 'samtycke-information.pdf', 'consent-information.pdf');
  return new FileBody('application/pdf', pdf, name);
}

export async function withdrawalByLink(
  { params }: RouteInput<{ token: string }, undefined, undefined>,
  redeem: (token: string, kind?: LinkKind) => Promise<LinkHolder | null>,
): Promise<FileBody> {
  const { ctx, link } = await holderOf(params.token, 'consent-withdrawal', redeem);
  const { consentId } = withdrawalDetail.parse(link.detail);
  const consent = (await ctx.repos.consents.listConsents(link.caseId)).find((c) => c.id === consentId);
  if (!consent?.withdrawnAt) throw notFound();
  const kase = await ctx.repos.cases.getCase(link.caseId);
  const facts = sheetFacts(
    wheelFor(ctx.world, kase.orgUnitId),
    unitNameIn(ctx),
    ctx.locale,
    { ...consent, orgUnits: consent.orgUnitIds, categories: consent.informationCategories, validUntil: null },
    contactOf(ctx),
  );
  const sheet = withdrawalSheet(translator(ctx.locale), {
    ...facts,
    withdrawnOn: consent.withdrawnAt.toISOString().slice(0, 10),
  });
  return new FileBody(
    'application/pdf',
    await renderSheetPdf(sheet),
    fileName(ctx.locale, 'samtycke-aterkallat.pdf', 'consent-withdrawn.pdf'),
  );
}

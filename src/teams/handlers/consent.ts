/**
 * Consent: who consented (each guardian, the child by age and maturity), which units, which
 * information, the purpose and until when; withdrawal takes effect at once. Consent on an anonymous
 * consultation brings the child's identity and turns it into a consented case.
 */
import { z } from 'zod';
import { cards, consentFields, type ConsentField } from '../../cards/contracts';
import { render, type AdaptiveCard } from '../../cards/render';
import { raiseConsentedCase } from '../../app/raise-consultation';
import { recordConsent, withdrawConsent } from '../../app/record-consent';
import type { NewConsent } from '../../app/ports';
import {
  consentInForce,
  consentMethods,
  informationCategories,
  type Consent,
  type ConsentGiver,
} from '../../domain/consent';
import { consentSheetVersion } from '../../pdf/consent-sheet';
import { visibleParts, type SeenCategories } from '../../domain/disclosure';
import { viewFor } from '../../domain/visibility';
import { agendaQuestionsFor, lensesOf, wheelFor, unitNameOf } from '../../app/world';
import { defaultCategoryCatalogue } from '../../config/field-categories';
import { isGroupConsultation, type ChildCase } from '../../domain/case';
import { invalid } from '../../domain/errors';
import { complete, multiSelect, optionalUuid, text, type FieldErrors } from '../forms';
import { verb } from '../verb';
import type { Turn } from '../turn';
import { isoDay, requiredTexts, textsFor } from './common';
import { caseSummaryCard } from './case-view';
import { childUnitChoices, detailsOf, raisedMessage, suggestedChildUnit } from './consultation';
import { birthSchema, guardiansSchema, identityOf } from './identity';
import { withdrawalLinks } from './consent-sheet';

const formKeys = [
  'intro',
  'guardians',
  'guardiansHint',
  'childConsents',
  'orgUnits',
  'categories',
  'purpose',
  'validUntil',
  'withdrawInfo',
  'submit',
  'categoriesHint',
  'obtainedHow',
  'sheet',
];

export function consentFormCard(
  turn: Turn,
  caseId: string,
  values: Record<string, string>,
  errors: FieldErrors = {},
  opts: { needsIdentity: boolean; reference?: string; saved?: string; formError?: string; orgUnitId?: string },
): AdaptiveCard {
  const { t } = turn;
  const parts = partsLabels(turn, opts.orgUnitId ?? turn.actor.orgUnitId);
  const defaults = {
    validUntil: isoDay(new Date(turn.clock.now().getTime() + 182 * 86_400_000)),
    childConsents: 'false',
  };
  return render(cards.consent, {
    t: textsFor(t, 'consent', formKeys, {
      title: t('consent.title'),
      reference: opts.reference ? t('case.reference', { reference: opts.reference }) : '',
      identityHeading: t('consultation.identityHeading'),
      childName: t('consultation.childName'),
      childBirth: t('consultation.childBirth'),
      childBirthHint: t('consultation.childBirthHint'),
      saveDraft: t('consultation.saveDraft'),
      // Without a case yet (a new consented case) there is nothing to issue the sheet's links for: say where it is.
      sheetGiven: t(caseId ? 'consent.sheetGiven' : 'consent.sheetGivenNewCase', { version: consentSheetVersion }),
      ...requiredTexts(t),
    }),
    caseId,
    needsIdentity: opts.needsIdentity,
    units: turn.world.orgUnits.map((u) => ({ title: u.name, value: u.id })),
    categories: informationCategories.map((c) => ({ title: t(`categories.${c}`), value: c })),
    categoryParts: informationCategories.map((c) => {
      const { areas, fields } = parts([c]);
      return { title: t(`categories.${c}`), value: t('consent.categoryOpens', { areas, fields }) };
    }),
    methods: consentMethods.map((m) => ({ title: t(`consent.methods.${m}`), value: m })),
    values: complete<ConsentField>(consentFields, { ...defaults, ...values }),
    errors: complete<ConsentField>(consentFields, errors),
    formError: opts.formError ?? '',
    saved: opts.saved ?? '',
  });
}

/** The declared input of consent.submit. Identity fields are checked here when present and
 *  required by the handler when the case is an anonymous consultation being converted. */
function consentSchema(turn: Turn) {
  const units = () => turn.world.orgUnits.map((u) => u.id);
  return z.object({
    caseId: optionalUuid,
    guardians: guardiansSchema,
    childConsents: z.enum(['true', 'false']).default('false'),
    orgUnits: multiSelect(units).refine((v) => v.length > 0, { message: 'validation.required' }),
    categories: multiSelect(() => informationCategories).refine((v) => v.length > 0, {
      message: 'validation.required',
    }),
    purpose: text(1000).min(1),
    validUntil: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'validation.invalidDate' })
      .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), { message: 'validation.invalidDate' })
      .refine((d) => d > isoDay(turn.clock.now()), { message: 'validation.dateInPast' }),
    obtainedHow: z.enum(consentMethods),
    childName: text(200).default(''),
    childBirth: z.union([z.literal(''), birthSchema(turn.clock)]).default(''),
  });
}

type ConsentInput = z.infer<ReturnType<typeof consentSchema>>;

function newConsent(turn: Turn, input: ConsentInput): NewConsent {
  const givenBy: ConsentGiver[] = input.guardians.map((name) => ({ kind: 'guardian', name }));
  if (input.childConsents === 'true') givenBy.push({ kind: 'child' });
  return {
    givenBy,
    orgUnitIds: input.orgUnits,
    informationCategories: input.categories as NewConsent['informationCategories'],
    purpose: input.purpose,
    validFrom: turn.clock.now(),
    // Valid through the chosen day (inclusive), in UTC.
    validTo: new Date(Date.parse(`${input.validUntil}T00:00:00Z`) + 86_400_000),
    // The sheet the form offers is the one the family was given before consenting.
    sheetVersion: consentSheetVersion,
    obtainedHow: input.obtainedHow,
  };
}

/** Whether the consent form must collect identity: only for an anonymous case being converted. */
async function formContext(
  turn: Turn,
  caseId: string,
): Promise<{ needsIdentity: boolean; reference?: string; orgUnitId?: string; group?: boolean }> {
  if (caseId === '') return { needsIdentity: false };
  const kase = await turn.repos.cases.getCase(caseId);
  return {
    needsIdentity: kase.kind === 'anonymous',
    reference: kase.reference,
    orgUnitId: kase.orgUnitId,
    group: isGroupConsultation(kase.details),
  };
}

const caseIdOnly = z.object({ caseId: optionalUuid }).loose();

export const consentVerbs = {
  'consent.open': verb({
    schema: () => z.object({ caseId: z.uuid() }),
    handle: async (turn, input) => {
      const ctx = await formContext(turn, input.caseId);
      // A group has no one to ask consent of: an individual consultation is opened from it instead.
      if (ctx.group) return caseSummaryCard(turn, input.caseId, { message: turn.t('group.noConsent') });
      const draft = await turn.repos.drafts.getDraft('consent', input.caseId);
      return consentFormCard(
        turn,
        input.caseId,
        { ...(draft ?? {}) },
        {},
        { ...ctx, saved: draft ? turn.t('form.draftRestored') : '' },
      );
    },
  }),
  'consent.draft': verb({
    schema: () => caseIdOnly,
    invalid: async (turn, raw, errors, formError) =>
      invalidConsentForm(turn, optionalUuid.catch('').parse(raw.caseId) ?? '', raw, errors, formError),
    handle: async (turn, input, raw) => {
      const caseId = input.caseId ?? '';
      const ctx = await formContext(turn, caseId);
      const values = complete(consentFields, raw);
      await turn.repos.drafts.saveDraft('consent', caseId || null, values);
      return consentFormCard(turn, caseId, values, {}, { ...ctx, saved: turn.t('form.draftSaved') });
    },
  }),
  'consent.submit': verb({
    schema: consentSchema,
    invalid: async (turn, raw, errors, formError) => {
      const caseId = optionalUuid.catch('').parse(raw.caseId) ?? '';
      return invalidConsentForm(turn, caseId, raw, errors, formError);
    },
    handle: async (turn, input, raw) => {
      const caseId = input.caseId ?? '';
      const ctx = await formContext(turn, caseId);
      const missing: FieldErrors = {};
      if (ctx.needsIdentity && input.childName === '') missing.childName = turn.t('validation.required');
      if (ctx.needsIdentity && input.childBirth === '') missing.childBirth = turn.t('validation.birth');
      if (Object.keys(missing).length > 0) return invalidConsentForm(turn, caseId, raw, missing);
      const consent = newConsent(turn, input);
      if (caseId === '') return createConsentedCase(turn, consent);
      const child =
        ctx.needsIdentity && input.childBirth !== ''
          ? identityOf(input.childName, input.childBirth, input.guardians)
          : null;
      const result = await recordConsent(turn.ctx, caseId, { consent, child });
      return caseSummaryCard(turn, caseId, {
        message: turn.t(result.converted ? 'consent.converted' : 'consent.recorded'),
      });
    },
  }),
  'consent.list': verb({
    schema: () => z.object({ caseId: z.uuid() }),
    handle: (turn, input) => consentListCard(turn, input.caseId, ''),
  }),
  'consent.withdraw': verb({
    schema: () => z.object({ caseId: z.uuid(), consentId: z.uuid() }),
    handle: async (turn, input) => {
      await withdrawConsent(turn.ctx, input.caseId, input.consentId);
      const confirmation = await withdrawalLinks(turn, input.caseId, input.consentId);
      const message = confirmation.confirmationSv === '' ? 'consent.withdrawn' : 'consent.withdrawnConfirm';
      return consentListCard(turn, input.caseId, turn.t(message), confirmation);
    },
  }),
};

async function invalidConsentForm(
  turn: Turn,
  caseId: string,
  raw: Readonly<Record<string, string>>,
  errors: FieldErrors,
  formError = turn.t('form.fixBelow'),
): Promise<AdaptiveCard> {
  const ctx = await formContext(turn, caseId);
  await turn.repos.drafts.saveDraft('consent', caseId || null, complete(consentFields, raw));
  return consentFormCard(turn, caseId, { ...raw }, errors, { ...ctx, formError });
}

/** A new consented case from the consultation draft (identity) and this consent. */
async function createConsentedCase(turn: Turn, consent: NewConsent): Promise<AdaptiveCard> {
  const draft = await turn.repos.drafts.getDraft('consultation', null);
  const birth = birthSchema(turn.clock).safeParse(draft?.childBirth ?? '');
  if (!draft || !draft.childName || !birth.success) throw invalid('childName');
  const details = detailsOf({
    ageBand: draft.ageBand ?? '',
    schoolYear: draft.schoolYear ?? '',
    worryAreas: (draft.worryAreas ?? '').split(',').filter((a) => a !== ''),
    observations: draft.observations ?? '',
    tried: draft.tried ?? '',
  });
  const guardians = (draft.guardians ?? '')
    .split(/\r?\n/)
    .map((g) => g.trim())
    .filter((g) => g !== '');
  const units = childUnitChoices(turn).map((u) => u.value);
  const childUnitId =
    draft.childUnit && units.includes(draft.childUnit) ? draft.childUnit : suggestedChildUnit(turn, draft.ageBand);
  const raised = await raiseConsentedCase(turn.ctx, {
    details,
    child: identityOf(draft.childName, birth.data, guardians),
    consent,
    childUnitId,
  });
  return caseSummaryCard(turn, raised.kase.id, { message: raisedMessage(turn, raised, childUnitId) });
}

function statusOf(turn: Turn, c: Consent): string {
  const { t } = turn;
  if (c.withdrawnAt) return t('consent.statusWithdrawn', { at: isoDay(c.withdrawnAt) });
  const until = isoDay(new Date(c.validTo.getTime() - 1));
  return consentInForce(c, turn.clock.now())
    ? t('consent.statusActive', { until })
    : t('consent.statusExpired', { until });
}

export async function consentListCard(
  turn: Turn,
  caseId: string,
  message: string,
  confirmation = { confirmationSv: '', confirmationEn: '' },
): Promise<AdaptiveCard> {
  const { t } = turn;
  const kase = await turn.repos.cases.getCase(caseId);
  const consents = await turn.repos.consents.listConsents(caseId);
  const unitName = (id: string) => unitNameOf(turn.world, id);
  return render(cards.consentList, {
    t: {
      title: t('consent.listTitle'),
      reference: t('case.reference', { reference: kase.reference }),
      none: t('consent.none'),
      withdraw: t('consent.withdraw'),
      back: t('form.back'),
      seesHeading: t('consent.seesHeading'),
      seesIntro: t('consent.seesIntro'),
      seesNone: t('consent.seesNone'),
      sheet: t('consent.sheet'),
      confirmationSv: t('consent.confirmationSv'),
      confirmationEn: t('consent.confirmationEn'),
    },
    caseId,
    message,
    ...confirmation,
    sees: whatEachUnitSees(turn, kase, consents),
    consents: consents.map((c) => ({
      id: c.id,
      summary: t('consent.summary', {
        units: c.orgUnitIds.map(unitName).join(', '),
        categories: c.informationCategories.map((x) => t(`categories.${x}`)).join(', '),
      }),
      status: statusOf(turn, c),
      canWithdraw: consentInForce(c, turn.clock.now()),
    })),
  });
}

/** A lens part (`lenses.<lens>.<part>`) as people read it: the lens's name and the side, placement or notes. */
function lensPartLabel(turn: Turn, key: string): string {
  const lens = lensesOf(turn.world).find((l) => key.startsWith(`lenses.${l.id}.`));
  if (lens === undefined) return key;
  const part = key.slice(`lenses.${lens.id}.`.length);
  const name = lens.name[turn.locale];
  if (lens.kind === 'triangle') {
    const side = lens.sides.find((s) => s.id === part);
    return `${name}: ${side ? side.label[turn.locale] : part}`;
  }
  return turn.t(part === 'placement' ? 'disclosure.fields.lensPlacement' : 'disclosure.fields.lensNotes', {
    lens: name,
  });
}

/** The five questions by number ("svar på fråga 3"); the advice questions by their text. */
function questionLabel(t: Turn['t'], id: string, textOf: (id: string) => string): string {
  const numbered = /^q(\d+)$/.exec(id);
  return numbered
    ? t('disclosure.fields.questions', { n: numbered[1] })
    : t('disclosure.fields.advice', { question: textOf(id) });
}

/** The wheel areas and the fields some categories open, as labels in the user's language ('–' for none). */
function partsLabels(turn: Turn, orgUnitId: string): (seen: SeenCategories) => { areas: string; fields: string } {
  const { t } = turn;
  const wheel = wheelFor(turn.world, orgUnitId);
  const catalogue = defaultCategoryCatalogue();
  const label = (id: string) => wheel.areas.find((a) => a.id === id)?.label[turn.locale] ?? id;
  const questionText = (id: string) =>
    agendaQuestionsFor(turn.world, orgUnitId, true).find((q) => q.id === id)?.text[turn.locale] ?? id;
  const field = (key: string) =>
    key.startsWith('questions.')
      ? questionLabel(t, key.slice('questions.'.length), questionText)
      : key.startsWith('lenses.')
        ? lensPartLabel(turn, key)
        : t(`disclosure.fields.${key}`);
  const none = t('consent.seesNothingMore');
  return (seen) => {
    const parts = visibleParts(seen, catalogue, wheel);
    return { areas: parts.areaIds.map(label).join(', ') || none, fields: parts.fields.map(field).join(', ') || none };
  };
}

/**
 * Per agency a consent in force covers (other than the case's own): what it sees of the case now, by
 * the one visibility rule and the categories of the case's wheel areas and form fields.
 */
function whatEachUnitSees(turn: Turn, kase: ChildCase, consents: readonly Consent[]): string[] {
  const { t } = turn;
  const now = turn.clock.now();
  const partsOf = partsLabels(turn, kase.orgUnitId);
  const unitName = (id: string) => unitNameOf(turn.world, id);
  const units = [...new Set(consents.filter((c) => consentInForce(c, now)).flatMap((c) => c.orgUnitIds))];
  return units
    .filter((unit) => unit !== kase.orgUnitId)
    .flatMap((unit) => {
      const view = viewFor(kase, { orgUnitId: unit }, consents, now);
      if (view === null) return [];
      if (view.categories === 'all') return [t('consent.seesEverything', { unit: unitName(unit) })];
      return [t('consent.seesSome', { unit: unitName(unit), ...partsOf(view.categories) })];
    });
}

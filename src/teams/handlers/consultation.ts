/**
 * New consultation: anonymous (age band or school year, areas of worry, what is seen, what has
 * been tried — nothing identifying, guarded) or with consent (also the child's identity, then
 * the consent card). Half-filled forms are kept as drafts.
 */
import type { TFunction } from 'i18next';
import { z } from 'zod';
import { cards, consultationFields, type ConsultationCard, type ConsultationField } from '../../cards/contracts';
import { render, type AdaptiveCard } from '../../cards/render';
import { raiseAnonymousConsultation, type RaisedConsultation } from '../../app/raise-consultation';
import { raiseIndividualFromGroup } from '../../app/open-individual-from-group';
import { wheelFor } from '../../app/world';
import { ageBands, isGroupConsultation, type ConsultationDetails } from '../../domain/case';
import type { GroupLink } from '../../domain/group';
import { childUnitsFor, suggestChildUnit } from '../../domain/child-unit';
import { safetyAreaIds } from '../../domain/wheel';
import {
  complete,
  guardAnonymous,
  multiSelect,
  nameCheckOf,
  nameCheckOfUnit,
  nameQuestions,
  namesConfirmedIn,
  text,
  type FieldErrors,
} from '../forms';
import { verb } from '../verb';
import type { Turn } from '../turn';
import { requiredTexts, textsFor } from './common';
import { caseSummaryCard } from './case-view';
import { consentFormCard } from './consent';
import { birthSchema, guardiansSchema } from './identity';

type Mode = 'anonymous' | 'consented';
const fieldLabel = (turn: Turn) => (field: string) => turn.t(`consultation.${field}`);
const guarded = ['schoolYear', 'observations', 'tried'] as const;
const modeSchema = z.enum(['anonymous', 'consented']).catch('anonymous');
/** The group consultation an individual one is opened from (its case id on the card's actions; '' when none). */
const fromGroupSchema = z.union([z.uuid(), z.literal('')]).catch('');

/** The link back to a group consultation the actor may see; a case that is no group consultation is no link. */
async function groupLinkOf(turn: Turn, caseId: string | undefined): Promise<GroupLink | null> {
  // Commands call the open handler without it.
  if (caseId === undefined || caseId === '') return null;
  const group = await turn.repos.cases.getCase(caseId);
  return isGroupConsultation(group.details) ? { caseId: group.id, reference: group.reference } : null;
}

function areaChoices(turn: Turn) {
  return wheelFor(turn.world, turn.actor.orgUnitId).areas.map((a) => ({ title: a.label[turn.locale], value: a.id }));
}

/** The units a child's worry can go to: preschools, schools and BVCs of the discoverer's tenant, and their own unit. */
export function childUnitChoices(turn: Turn) {
  return childUnitsFor(turn.world.orgUnits, turn.actor).map((u) => ({ title: u.name, value: u.id }));
}

/** The suggested child's unit for an age band ('' or unknown: none given yet). */
export function suggestedChildUnit(turn: Turn, ageBand: string | undefined): string {
  const band = ageBands.find((b) => b === ageBand);
  return suggestChildUnit(turn.world.orgUnits, turn.actor, band);
}

/** `names`: fields with words that look like names, shown with the confirm step. */
export function consultationCard(
  turn: Turn,
  mode: Mode,
  values: Record<string, string>,
  errors: FieldErrors = {},
  notes: { saved?: string; formError?: string; names?: FieldErrors; fromGroup?: GroupLink | null } = {},
): AdaptiveCard {
  const t: TFunction = turn.t;
  const keys = [
    'childUnit',
    'childUnitHint',
    'ageBand',
    'schoolYear',
    'schoolYearHint',
    'worryAreas',
    'observations',
    'tried',
    'identityHeading',
    'childName',
    'childBirth',
    'childBirthHint',
    'guardians',
    'guardiansHint',
    'saveDraft',
  ];
  const data: ConsultationCard = {
    t: textsFor(t, 'consultation', keys, {
      title: t(mode === 'consented' ? 'consultation.titleConsented' : 'consultation.title'),
      intro: t(mode === 'consented' ? 'consultation.introConsented' : 'consultation.intro'),
      submit: t(mode === 'consented' ? 'consultation.submitConsented' : 'consultation.submit'),
      switchMode: t(mode === 'consented' ? 'consultation.switchToAnonymous' : 'consultation.switchToConsented'),
      choose: t('form.choose'),
      reportNotice: t('report.short'),
      ...requiredTexts(t),
    }),
    mode,
    otherMode: mode === 'consented' ? 'anonymous' : 'consented',
    ageBands: ageBands.map((b) => ({ title: t('consultation.years', { band: b }), value: b })),
    units: childUnitChoices(turn),
    areas: areaChoices(turn),
    values: complete<ConsultationField>(consultationFields, {
      ...values,
      childUnit: values.childUnit || suggestedChildUnit(turn, values.ageBand),
    }),
    errors: complete<ConsultationField>(consultationFields, { ...notes.names, ...errors }),
    formError: notes.formError ?? '',
    saved: notes.saved ?? '',
    nameCheck: nameCheckOf(t, notes.names ?? {}),
    // The link is kept for an anonymous consultation only (switching to consent starts a case of its own).
    fromGroup: mode === 'anonymous' ? (notes.fromGroup?.caseId ?? '') : '',
    fromGroupNote:
      mode === 'anonymous' && notes.fromGroup ? t('group.fromGroupNote', { reference: notes.fromGroup.reference }) : '',
  };
  return render(cards.consultation, data);
}

function detailsSchema(turn: Turn) {
  const areaIds = () => areaChoices(turn).map((a) => a.value);
  const unitIds = () => childUnitChoices(turn).map((u) => u.value);
  return z.object({
    childUnit: z
      .string()
      .default('')
      .refine((u) => u === '' || unitIds().includes(u), { message: 'validation.invalidChoice' }),
    ageBand: z.union([z.enum(ageBands), z.literal('')]).default(''),
    schoolYear: text(20).default(''),
    worryAreas: multiSelect(areaIds).default([]),
    observations: text(4000).default(''),
    tried: text(4000).default(''),
    fromGroup: fromGroupSchema,
  });
}

function submitSchema(turn: Turn) {
  return z.discriminatedUnion('mode', [
    detailsSchema(turn)
      .extend({ mode: z.literal('anonymous') })
      .refine((d) => d.ageBand !== '' || d.schoolYear !== '', { message: 'validation.ageOrYear', path: ['ageBand'] }),
    detailsSchema(turn).extend({
      mode: z.literal('consented'),
      childName: text(200).min(1),
      childBirth: birthSchema(turn.clock),
      guardians: guardiansSchema,
    }),
  ]);
}

export function detailsOf(d: {
  ageBand: string;
  schoolYear: string;
  worryAreas: string[];
  observations: string;
  tried: string;
}): ConsultationDetails {
  return {
    ...(d.ageBand ? { ageBand: d.ageBand as ConsultationDetails['ageBand'] } : {}),
    ...(d.schoolYear ? { schoolYear: d.schoolYear } : {}),
    worryAreas: d.worryAreas,
    observations: d.observations,
    tried: d.tried,
  };
}

/** Saves what can be saved: for an anonymous form, refused values are emptied first. */
async function keepDraft(
  turn: Turn,
  mode: Mode,
  raw: Readonly<Record<string, string>>,
): Promise<{ values: Record<string, string>; errors: FieldErrors }> {
  const values = complete(consultationFields, raw);
  const { values: kept, errors } =
    mode === 'anonymous' ? guardAnonymous(turn.t, values, guarded, fieldLabel(turn)) : { values, errors: {} };
  const draft =
    mode === 'anonymous' ? { ...kept, childName: '', childBirth: '', guardians: '', mode } : { ...kept, mode };
  await turn.repos.drafts.saveDraft('consultation', null, draft);
  return { values: kept, errors };
}

/** The form again with what was typed (kept as a draft), the refusal above it. */
async function consultationFormAgain(
  turn: Turn,
  raw: Readonly<Record<string, string>>,
  errors: FieldErrors,
  formError?: string,
): Promise<AdaptiveCard> {
  const mode = modeSchema.parse(raw.mode);
  const kept = await keepDraft(turn, mode, raw);
  return consultationCard(
    turn,
    mode,
    kept.values,
    { ...errors, ...kept.errors },
    {
      formError: formError ?? turn.t('form.fixBelow'),
      fromGroup: await groupLinkOf(turn, fromGroupSchema.parse(raw.fromGroup)),
    },
  );
}

export const consultationVerbs = {
  'consultation.open': verb({
    schema: () => z.object({ mode: modeSchema, fromGroup: fromGroupSchema }).loose(),
    handle: async (turn, input, raw) => {
      const fromGroup = await groupLinkOf(turn, input.fromGroup);
      // Opened from a group consultation: an empty form (nothing of the group, no other draft).
      const draft = fromGroup ? null : await turn.repos.drafts.getDraft('consultation', null);
      const carried = Object.keys(raw).some((k) => (consultationFields as readonly string[]).includes(k));
      const values = carried ? { ...raw } : { ...(draft ?? {}) };
      if (input.mode === 'anonymous') Object.assign(values, { childName: '', childBirth: '', guardians: '' });
      const { values: safe } =
        input.mode === 'anonymous' ? guardAnonymous(turn.t, values, guarded, fieldLabel(turn)) : { values };
      return consultationCard(
        turn,
        input.mode,
        safe,
        {},
        { saved: !carried && draft ? turn.t('form.draftRestored') : '', fromGroup },
      );
    },
  }),
  'consultation.draft': verb({
    schema: () => z.object({ mode: modeSchema }).loose(),
    invalid: consultationFormAgain,
    handle: async (turn, input, raw) => {
      const { values, errors } = await keepDraft(turn, input.mode, raw);
      const fromGroup = await groupLinkOf(turn, fromGroupSchema.parse(raw.fromGroup));
      return consultationCard(turn, input.mode, values, errors, { saved: turn.t('form.draftSaved'), fromGroup });
    },
  }),
  'consultation.submit': verb({
    schema: submitSchema,
    invalid: consultationFormAgain,
    handle: async (turn, input, raw) => {
      if (input.mode === 'consented') {
        await turn.repos.drafts.saveDraft('consultation', null, {
          ...complete(consultationFields, raw),
          mode: 'consented',
        });
        return consentFormCard(turn, '', { guardians: input.guardians.join('\n') }, {}, { needsIdentity: false });
      }
      const guard = guardAnonymous(turn.t, complete(consultationFields, raw), guarded, fieldLabel(turn));
      if (Object.keys(guard.errors).length > 0) {
        await keepDraft(turn, 'anonymous', raw);
        return consultationCard(turn, 'anonymous', guard.values, guard.errors, {
          formError: turn.t('form.fixBelow'),
          fromGroup: await groupLinkOf(turn, input.fromGroup),
        });
      }
      const names = nameQuestions(
        turn.t,
        guard.values,
        guarded,
        nameCheckOfUnit(turn.actor.orgUnitId, turn.world.orgUnits),
        namesConfirmedIn(raw),
      );
      if (Object.keys(names).length > 0) {
        await keepDraft(turn, 'anonymous', raw);
        return consultationCard(
          turn,
          'anonymous',
          guard.values,
          {},
          { formError: turn.t('anonymity.checkNames'), names, fromGroup: await groupLinkOf(turn, input.fromGroup) },
        );
      }
      const childUnit = input.childUnit || suggestedChildUnit(turn, input.ageBand);
      const raised =
        input.fromGroup !== ''
          ? await raiseIndividualFromGroup(turn.ctx, input.fromGroup, detailsOf(input), childUnit)
          : await raiseAnonymousConsultation(turn.ctx, detailsOf(input), childUnit);
      const kase = raised.kase;
      await turn.repos.drafts.deleteDraft('consultation', null);
      const safety = safetyAreaIds(wheelFor(turn.world, turn.actor.orgUnitId));
      return caseSummaryCard(turn, kase.id, {
        message: raisedMessage(turn, raised, childUnit),
        reportNotice: input.worryAreas.some((a) => safety.includes(a)),
      });
    },
  }),
};

/** The confirmation: the reference, and who received the worry, or that the unit has no named person. */
export function raisedMessage(
  turn: Turn,
  raised: RaisedConsultation,
  unitId: string,
  createdKey: 'consultation.created' | 'group.created' = 'consultation.created',
): string {
  const unit = turn.world.orgUnits.find((u) => u.id === unitId)?.name ?? unitId;
  const created = turn.t(createdKey, { reference: raised.kase.reference });
  const isMe = (p: { tenantId: string; objectId: string }) =>
    p.tenantId === turn.actor.tenantId && p.objectId === turn.actor.objectId;
  const others = raised.namedPersons.filter((p) => !isMe(p));
  const routed =
    raised.namedPersons.length === 0
      ? turn.t('consultation.noNamedPerson', { unit })
      : others.length === 0
        ? turn.t('consultation.youAreNamedPerson', { unit })
        : turn.t('consultation.routedTo', { names: others.map((p) => p.displayName).join(', '), unit });
  return `${created} ${routed}`;
}

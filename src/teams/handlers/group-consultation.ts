/**
 * New group consultation (issue 17, item 3): about a class, a preschool group or a leisure-time group,
 * with no individual identity at all. The group is chosen from lists (kind of group, a size band of
 * at least five, an age band); what is seen, what was tried and the actions for the group go through
 * the anonymity guard, a refusal naming the field and keeping the rest of what was typed. It is then
 * an anonymous consultation like any other: consultees, the consultation meeting, the outcome.
 */
import { z } from 'zod';
import { cards } from '../../cards/contracts';
import { groupConsultationFields, type GroupConsultationField } from '../../cards/consultation-contracts';
import { render, type AdaptiveCard } from '../../cards/render';
import { raiseAnonymousConsultation } from '../../app/raise-consultation';
import { wheelFor } from '../../app/world';
import { ageBands, type ConsultationDetails } from '../../domain/case';
import { groupSettings, groupSizeBands } from '../../domain/group';
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
import type { Turn } from '../turn';
import { verb } from '../verb';
import { caseSummaryCard } from './case-view';
import { requiredTexts, textsFor } from './common';
import { childUnitChoices, raisedMessage, suggestedChildUnit } from './consultation';

const actionFields = ['action1', 'action2', 'action3'] as const;
const guarded = ['observations', 'tried', ...actionFields] as const;

/** The label a refusal names a field by, as the card shows it. */
export function groupFieldLabel(turn: Turn): (field: string) => string {
  return (field) => {
    const action = /^action(\d)$/.exec(field);
    if (action) return turn.t('group.action', { n: action[1] });
    return turn.t(`group.${field}`);
  };
}

export function groupConsultationCard(
  turn: Turn,
  values: Readonly<Record<string, string>>,
  errors: FieldErrors = {},
  notes: { formError?: string; names?: FieldErrors } = {},
): AdaptiveCard {
  const { t } = turn;
  const keys = ['title', 'intro', 'unit', 'unitHint', 'setting', 'size', 'ageBand', 'worryAreas'];
  return render(cards.groupConsultation, {
    t: textsFor(t, 'group', [...keys, 'observations', 'tried', 'actionsHeading', 'actionsHint', 'submit'], {
      ...Object.fromEntries(actionFields.map((f, i) => [f, t('group.action', { n: i + 1 })])),
      choose: t('form.choose'),
      reportNotice: t('report.short'),
      ...requiredTexts(t),
    }),
    units: childUnitChoices(turn),
    settings: groupSettings.map((s) => ({ title: t(`group.settings.${s}`), value: s })),
    sizes: groupSizeBands.map((b) => ({ title: t('group.children', { band: b }), value: b })),
    ageBands: ageBands.map((b) => ({ title: t('consultation.years', { band: b }), value: b })),
    areas: wheelFor(turn.world, turn.actor.orgUnitId).areas.map((a) => ({ title: a.label[turn.locale], value: a.id })),
    values: complete<GroupConsultationField>(groupConsultationFields, {
      ...values,
      unit: values.unit || suggestedChildUnit(turn, values.groupAgeBand),
    }),
    errors: complete<GroupConsultationField>(groupConsultationFields, { ...notes.names, ...errors }),
    formError: notes.formError ?? '',
    nameCheck: nameCheckOf(t, notes.names ?? {}),
  });
}

function submitSchema(turn: Turn) {
  const areaIds = () => wheelFor(turn.world, turn.actor.orgUnitId).areas.map((a) => a.id);
  const unitIds = () => childUnitChoices(turn).map((u) => u.value);
  const choice = <T extends readonly [string, ...string[]]>(values: T) =>
    z.enum(values, { message: 'validation.invalidChoice' });
  return z.object({
    unit: z
      .string()
      .default('')
      .refine((u) => u === '' || unitIds().includes(u), { message: 'validation.invalidChoice' }),
    groupSetting: choice(groupSettings),
    groupSize: choice(groupSizeBands),
    groupAgeBand: choice(ageBands),
    worryAreas: multiSelect(areaIds).default([]),
    observations: text(4000).default(''),
    tried: text(4000).default(''),
    action1: text(500).default(''),
    action2: text(500).default(''),
    action3: text(500).default(''),
  });
}
type GroupInput = z.infer<ReturnType<typeof submitSchema>>;

function detailsOf(input: GroupInput): ConsultationDetails {
  return {
    worryAreas: input.worryAreas,
    observations: input.observations,
    tried: input.tried,
    group: { setting: input.groupSetting, sizeBand: input.groupSize, ageBand: input.groupAgeBand },
    groupActions: [input.action1, input.action2, input.action3].filter((a) => a !== ''),
  };
}

/** The form again with what was typed; refused parts of the free text replaced by a placeholder. */
async function groupFormAgain(
  turn: Turn,
  raw: Readonly<Record<string, string>>,
  errors: FieldErrors,
  formError?: string,
): Promise<AdaptiveCard> {
  const values = complete(groupConsultationFields, raw);
  const guard = guardAnonymous(turn.t, values, guarded, groupFieldLabel(turn));
  return groupConsultationCard(
    turn,
    guard.values,
    { ...errors, ...guard.errors },
    { formError: formError ?? turn.t('form.fixBelow') },
  );
}

export const groupConsultationVerbs = {
  'group.open': verb({
    schema: () => z.object({}).loose(),
    handle: async (turn) => groupConsultationCard(turn, {}),
  }),
  'group.submit': verb<GroupInput>({
    schema: submitSchema,
    invalid: groupFormAgain,
    handle: async (turn, input, raw) => {
      const guard = guardAnonymous(turn.t, complete(groupConsultationFields, raw), guarded, groupFieldLabel(turn));
      if (Object.keys(guard.errors).length > 0)
        return groupConsultationCard(turn, guard.values, guard.errors, { formError: turn.t('form.fixBelow') });
      const names = nameQuestions(
        turn.t,
        guard.values,
        guarded,
        nameCheckOfUnit(turn.actor.orgUnitId, turn.world.orgUnits),
        namesConfirmedIn(raw),
      );
      if (Object.keys(names).length > 0)
        return groupConsultationCard(turn, guard.values, {}, { formError: turn.t('anonymity.checkNames'), names });
      const unit = input.unit || suggestedChildUnit(turn, input.groupAgeBand);
      const raised = await raiseAnonymousConsultation(turn.ctx, detailsOf(input), unit);
      const safety = safetyAreaIds(wheelFor(turn.world, turn.actor.orgUnitId));
      return caseSummaryCard(turn, raised.kase.id, {
        message: raisedMessage(turn, raised, unit, 'group.created'),
        reportNotice: input.worryAreas.some((a) => safety.includes(a)),
      });
    },
  }),
};

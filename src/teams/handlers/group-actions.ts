/**
 * The actions for the group of a group consultation (issue 17, item 3): up to five short texts,
 * each through the anonymity guard (a refusal names the action and keeps the others; words that look
 * like names are asked about). Opened from
 * the group consultation's card; saved at the version read.
 */
import { z } from 'zod';
import { cards } from '../../cards/contracts';
import { groupActionInputs } from '../../cards/consultation-contracts';
import { render, type AdaptiveCard } from '../../cards/render';
import { saveGroupActions } from '../../app/save-group-actions';
import { isGroupConsultation } from '../../domain/case';
import {
  complete,
  guardAnonymous,
  nameCheckOf,
  nameCheckOfUnit,
  nameQuestions,
  namesConfirmedIn,
  text,
  version,
  type FieldErrors,
} from '../forms';
import type { Turn } from '../turn';
import { verb } from '../verb';
import { caseSummaryCard } from './case-view';
import { textsFor } from './common';
import { groupFieldLabel } from './group-consultation';

async function groupActionsCard(
  turn: Turn,
  caseId: string,
  values: Readonly<Record<string, string>> | null,
  errors: FieldErrors = {},
  formError = '',
  names: FieldErrors = {},
): Promise<AdaptiveCard> {
  const kase = await turn.repos.cases.getCase(caseId);
  const stored = kase.details.groupActions ?? [];
  const shown = values ?? Object.fromEntries(stored.map((a, i) => [`action${i + 1}`, a]));
  return render(cards.groupActions, {
    t: textsFor(turn.t, 'group', [], {
      title: turn.t('group.actionsTitle'),
      intro: turn.t('group.actionsIntro'),
      submit: turn.t('group.saveActions'),
      reference: turn.t('case.reference', { reference: kase.reference }),
      back: turn.t('form.back'),
      ...Object.fromEntries(groupActionInputs.map((f, i) => [f, turn.t('group.action', { n: i + 1 })])),
    }),
    caseId,
    version: kase.version,
    values: complete(groupActionInputs, shown),
    errors: complete(groupActionInputs, { ...names, ...errors }),
    formError,
    nameCheck: nameCheckOf(turn.t, names),
  });
}

const actionsSchema = () =>
  z.object({
    caseId: z.uuid(),
    version,
    action1: text(500).default(''),
    action2: text(500).default(''),
    action3: text(500).default(''),
    action4: text(500).default(''),
    action5: text(500).default(''),
  });

export const groupActionVerbs = {
  'group.actionsOpen': verb({
    schema: () => z.object({ caseId: z.uuid() }),
    handle: async (turn, input) => {
      const kase = await turn.repos.cases.getCase(input.caseId);
      if (!isGroupConsultation(kase.details))
        return caseSummaryCard(turn, input.caseId, { message: turn.t('group.onlyGroup'), kase });
      return groupActionsCard(turn, input.caseId, null);
    },
  }),
  'group.saveActions': verb({
    schema: actionsSchema,
    invalid: async (turn, raw, errors, formError) => {
      const values = complete(groupActionInputs, raw);
      const guard = guardAnonymous(turn.t, values, groupActionInputs, groupFieldLabel(turn));
      return groupActionsCard(
        turn,
        z.uuid().parse(raw.caseId),
        guard.values,
        { ...errors, ...guard.errors },
        formError ?? turn.t('form.fixBelow'),
      );
    },
    handle: async (turn, input, raw) => {
      const values = complete(groupActionInputs, raw);
      const guard = guardAnonymous(turn.t, values, groupActionInputs, groupFieldLabel(turn));
      if (Object.keys(guard.errors).length > 0)
        return groupActionsCard(turn, input.caseId, guard.values, guard.errors, turn.t('form.fixBelow'));
      // Words that look like names are asked about, as on every anonymous form.
      const names = nameQuestions(
        turn.t,
        values,
        groupActionInputs,
        nameCheckOfUnit(turn.actor.orgUnitId, turn.world.orgUnits),
        namesConfirmedIn(raw),
      );
      if (Object.keys(names).length > 0)
        return groupActionsCard(turn, input.caseId, values, {}, turn.t('anonymity.checkNames'), names);
      const actions = groupActionInputs.map((f) => input[f]);
      await saveGroupActions(turn.ctx, input.caseId, actions, input.version);
      return caseSummaryCard(turn, input.caseId, { message: turn.t('group.actionsSaved') });
    },
  }),
};

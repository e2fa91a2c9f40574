/**
 * Following up the child's plan in chat: per action done / partly / not done with the evidence, per
 * area the level now, then continue (next date), step down or close with a reason. The card
 * suggests widening the team when an area has not improved over two follow-ups.
 */
import { z } from 'zod';
import { cards } from '../../cards/contracts';
import { render, type AdaptiveCard } from '../../cards/render';
import { recordFollowUp } from '../../app/record-follow-up';
import { wheelFor, unitNameOf } from '../../app/world';
import { worryLevels, type WorryLevel } from '../../domain/assessment';
import { isDomainError } from '../../domain/errors';
import {
  actionStatuses,
  areasWithoutImprovement,
  followUpOutcomes,
  type ActionStatus,
  type FollowUpOutcome,
  type FollowUpRecord,
} from '../../domain/follow-up';
import type { PlanVersion } from '../../domain/plan';
import { guardAnonymous, version, type FieldErrors } from '../forms';
import type { Turn } from '../turn';
import { verb } from '../verb';
import { messageCard, requiredTexts, textsFor } from './common';
import { caseSummaryCard } from './case-view';

type Values = Readonly<Record<string, string>>;
const labelKeys = [
  'title',
  'intro',
  'escalationTitle',
  'actionsHeading',
  'status',
  'evidence',
  'areasHeading',
  'outcome',
  'nextFollowUp',
  'reason',
  'submit',
  'handover',
];

/** The latest agreed version (what is followed up) and the latest version number (what a write names). */
async function reviewedPlan(turn: Turn, caseId: string): Promise<{ reviewed: PlanVersion; latest: number } | null> {
  const versions = await turn.repos.plans.listPlanVersions(caseId);
  const reviewed = versions.filter((v) => v.agreed).at(-1);
  return reviewed ? { reviewed, latest: versions.at(-1)?.version ?? reviewed.version } : null;
}

/** The free-text fields of a follow-up: each action's evidence and the step-down/close reason. */
const textFields = (values: Values): string[] => [
  ...Object.keys(values).filter((k) => /^action\.\d+\.evidence$/.test(k)),
  'reason',
];

/** The anonymity guard over the follow-up's free text (an anonymous consultation's). */
function guarded(turn: Turn, values: Values): { values: Values; errors: FieldErrors } {
  return guardAnonymous(turn.t, { ...values }, textFields(values), (f) =>
    turn.t(f === 'reason' ? 'followUp.reason' : 'followUp.evidence'),
  );
}

async function followUpCard(
  turn: Turn,
  caseId: string,
  shown: Values,
  shownErrors: FieldErrors = {},
  formError = '',
): Promise<AdaptiveCard> {
  const { t } = turn;
  const kase = await turn.repos.cases.getCase(caseId);
  // Whatever path renders the form, an anonymous consultation's text comes back guarded.
  const guard = kase.kind === 'anonymous' ? guarded(turn, shown) : { values: shown, errors: {} };
  const values = guard.values;
  const errors: FieldErrors = { ...guard.errors, ...shownErrors };
  const plan = await reviewedPlan(turn, caseId);
  if (plan === null) return caseSummaryCard(turn, caseId, { message: t('followUp.noPlan') });
  const { content } = plan.reviewed;
  const wheel = wheelFor(turn.world, kase.orgUnitId);
  const areaLabel = (id: string) => wheel.areas.find((a) => a.id === id)?.label[turn.locale] ?? id;
  const unitName = (id: string) => unitNameOf(turn.world, id);
  const followUps = await turn.repos.followUps.listFollowUps(caseId);
  const firstAgreed = (await turn.repos.plans.listPlanVersions(caseId)).find(
    (v) => v.agreed && v.version <= (followUps[0]?.reviewedVersion ?? plan.reviewed.version),
  );
  const stuck = areasWithoutImprovement(firstAgreed?.content ?? null, followUps);
  const areaIds = [...new Set([...content.needs.map((n) => n.areaId), ...stuck])];
  const levelOf = (id: string) => values[`level.${id}`] ?? content.needs.find((n) => n.areaId === id)?.level ?? '';
  return render(cards.followUp, {
    t: textsFor(t, 'followUp', labelKeys, {
      reference: t('followUp.reference', {
        reference: kase.reference,
        version: plan.reviewed.version,
        date: content.followUpDate ?? '–',
      }),
      choose: t('form.choose'),
      back: t('form.back'),
      ...requiredTexts(t),
    }),
    caseId,
    version: plan.latest,
    escalation: stuck.length > 0 ? t('followUp.escalation', { areas: stuck.map(areaLabel).join(', ') }) : '',
    statuses: actionStatuses.map((s) => ({ title: t(`followUp.statuses.${s}`), value: s })),
    levels: worryLevels.map((l) => ({ title: t(`levels.${l}`), value: l })),
    outcomes: followUpOutcomes.map((o) => ({ title: t(`followUp.outcomes.${o}`), value: o })),
    actions: content.actions.map((a, i) => ({
      id: `action.${i}`,
      label: a.what,
      detail: t('followUp.detail', { who: a.who, unit: unitName(a.orgUnitId), byWhen: a.byWhen || '–' }),
      status: values[`action.${i}.status`] ?? '',
      evidence: values[`action.${i}.evidence`] ?? '',
      error: errors[`action.${i}.status`] ?? errors[`action.${i}.evidence`] ?? '',
    })),
    areas: areaIds.map((id) => ({ id, label: areaLabel(id), level: levelOf(id), error: errors[`level.${id}`] ?? '' })),
    outcome: values.outcome ?? 'continue',
    nextFollowUp: values.nextFollowUp ?? '',
    reason: values.reason ?? '',
    errors: { nextFollowUp: errors.nextFollowUp ?? '', reason: errors.reason ?? '' },
    formError,
  });
}

function recordFrom(raw: Values, actionCount: number): FollowUpRecord {
  const s = (k: string) => (raw[k] ?? '').trim();
  const outcome = (followUpOutcomes as readonly string[]).includes(s('outcome'))
    ? (s('outcome') as FollowUpOutcome)
    : 'continue';
  const areaLevels: Record<string, WorryLevel> = {};
  for (const [k, v] of Object.entries(raw)) {
    const level = v.trim();
    if (k.startsWith('level.') && (worryLevels as readonly string[]).includes(level))
      areaLevels[k.slice('level.'.length)] = level as WorryLevel;
  }
  return {
    actionResults: Array.from({ length: actionCount }, (_, i) => ({
      action: i,
      status: s(`action.${i}.status`) as ActionStatus,
      evidence: s(`action.${i}.evidence`),
    })),
    areaLevels,
    nextFollowUpDate: outcome === 'continue' && s('nextFollowUp') !== '' ? s('nextFollowUp') : null,
    outcome,
    reason: outcome === 'continue' ? '' : s('reason'),
  };
}

function problemMessage(turn: Turn, field: string): string {
  if (field.endsWith('.status')) return turn.t('followUp.chooseStatus');
  if (field === 'nextFollowUp') return turn.t('followUp.dateInFuture');
  return turn.t('validation.required');
}

const caseInput = z.object({ caseId: z.uuid() });

export const followUpVerbs = {
  'followUp.open': verb({ schema: () => caseInput, handle: (turn, input) => followUpCard(turn, input.caseId, {}) }),
  'followUp.record': verb({
    schema: () => z.object({ caseId: z.uuid(), version }).catchall(z.string().max(2000)),
    invalid: async (turn, raw, _errors, formError) =>
      followUpCard(turn, z.uuid().parse(raw.caseId), raw, {}, formError ?? turn.t('form.fixBelow')),
    handle: async (turn, input, raw) => {
      const plan = await reviewedPlan(turn, input.caseId);
      if (plan === null) return caseSummaryCard(turn, input.caseId, { message: turn.t('followUp.noPlan') });
      const kase = await turn.repos.cases.getCase(input.caseId);
      if (kase.kind === 'anonymous' && Object.keys(guarded(turn, raw).errors).length > 0)
        return followUpCard(turn, input.caseId, raw, {}, turn.t('form.fixBelow'));
      const record = recordFrom(raw, plan.reviewed.content.actions.length);
      try {
        const r = await recordFollowUp(turn.ctx, input.caseId, record, input.version);
        if (!r.ok)
          return followUpCard(
            turn,
            input.caseId,
            raw,
            { [r.field]: problemMessage(turn, r.field) },
            turn.t('form.fixBelow'),
          );
        const message =
          record.outcome === 'continue'
            ? turn.t('followUp.recorded', { version: r.version, date: record.nextFollowUpDate ?? '' })
            : turn.t(record.outcome === 'close' ? 'followUp.closed' : 'followUp.steppedDown');
        return caseSummaryCard(turn, input.caseId, { message, planStatus: true });
      } catch (err) {
        if (isDomainError(err) && err.code === 'Conflict')
          return followUpCard(turn, input.caseId, raw, {}, turn.t('form.conflict'));
        if (isDomainError(err) && err.code === 'Forbidden') return messageCard(turn.t, turn.t('errors.Forbidden'), []);
        throw err;
      }
    },
  }),
};

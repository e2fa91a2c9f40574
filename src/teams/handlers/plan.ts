/**
 * The child's plan in chat: reason, needs per flagged area (with the child's view), goals in the
 * child's words, actions (what, who, agency, by when, how we will know), the child's wish for lead
 * professional before the appointment, the follow-up date. Saving stores a version; the lead
 * professional agrees it.
 */
import { z } from 'zod';
import { cards, planFields, type PlanField } from '../../cards/contracts';
import { render, type AdaptiveCard } from '../../cards/render';
import { planInputOf, type PlanInput } from '../../app/plan-input';
import { savePlan } from '../../app/save-plan';
import { wheelFor, unitNameOf } from '../../app/world';
import { worryLevels, type WorryLevel } from '../../domain/assessment';
import { ratingFace } from '../../domain/child-voice';
import { isDomainError } from '../../domain/errors';
import { complete, version, type FieldErrors } from '../forms';
import { verb, type Remedy } from '../verb';
import type { Turn } from '../turn';
import { textsFor } from './common';
import { caseSummaryCard, progressOptions } from './case-view';
import { recordedLeadReason } from '../../app/lead-reason';

type Values = Record<string, string>;
const goalRows = 2;
const actionRows = 3;
const labelKeys = [
  'reason',
  'needsHeading',
  'childView',
  'guardianView',
  'level',
  'noLevel',
  'goalsHeading',
  'inChildsWords',
  'actionsHeading',
  'who',
  'unit',
  'byWhen',
  'how',
  'leadHeading',
  'childsWish',
  'lead',
  'leadReason',
  'childRating',
  'followUp',
  'disagreements',
  'agree',
  'save',
  'familyPdf',
];

/** The areas the card shows a need for: the flagged ones and every one the plan already has. */
async function planAreas(
  turn: Turn,
  caseId: string,
  current: PlanInput | null,
): Promise<{ id: string; label: string }[]> {
  const kase = await turn.repos.cases.getCase(caseId);
  const wheel = wheelFor(turn.world, kase.orgUnitId);
  const shown = new Set([...kase.details.worryAreas, ...(current?.needs.map((n) => n.areaId) ?? [])]);
  for (const a of await turn.repos.assessments.listAssessments(caseId))
    for (const [id, v] of Object.entries(a.areas)) if (v.level && v.level !== 'none') shown.add(id);
  return wheel.areas.filter((a) => shown.has(a.id)).map((a) => ({ id: a.id, label: a.label[turn.locale] }));
}

/** The card's inputs for a plan (the one form mapping: PlanInput, app/plan-input.ts). */
export function planToValues(plan: PlanInput): Values {
  const v: Values = {
    reason: plan.reason,
    childsWish: plan.childsWishForLead,
    lead: plan.leadObjectId,
    followUp: plan.followUpDate,
    disagreements: plan.disagreements,
  };
  for (const n of plan.needs)
    Object.assign(v, {
      [`need.${n.areaId}`]: n.need,
      [`needView.${n.areaId}`]: n.childView,
      [`needGuardian.${n.areaId}`]: n.guardianView,
      [`needLevel.${n.areaId}`]: n.level ?? '',
    });
  plan.goals.forEach((g, i) => Object.assign(v, { [`goal.${i}`]: g.goal, [`goalWords.${i}`]: g.inChildsWords }));
  plan.actions.forEach((a, i) =>
    Object.assign(v, {
      [`action.${i}.what`]: a.what,
      [`action.${i}.who`]: a.who,
      [`action.${i}.unit`]: a.orgUnitId,
      [`action.${i}.byWhen`]: a.byWhen,
      [`action.${i}.how`]: a.howWeWillKnow,
    }),
  );
  return v;
}

const isLevel = (v: string): v is WorryLevel => (worryLevels as readonly string[]).includes(v);

/**
 * The card's values as the plan form's input. What the card does not show, or a client did not send,
 * is kept from the current plan (a need's level recorded at follow-up is never dropped by a save).
 */
function planFromValues(v: Readonly<Values>, areas: readonly { id: string }[], current: PlanInput | null): PlanInput {
  const s = (k: string) => v[k] ?? '';
  const shown = new Set(areas.map((a) => a.id));
  const kept = (areaId: string) => current?.needs.find((n) => n.areaId === areaId);
  const or = (key: string, fallback: string | undefined) => (key in v ? s(key) : (fallback ?? ''));
  return {
    reason: s('reason'),
    needs: [
      ...areas.map((a) => {
        const was = kept(a.id);
        const level = or(`needLevel.${a.id}`, was?.level);
        return {
          areaId: a.id,
          need: or(`need.${a.id}`, was?.need),
          childView: or(`needView.${a.id}`, was?.childView),
          guardianView: or(`needGuardian.${a.id}`, was?.guardianView),
          ...(isLevel(level) ? { level } : {}),
        };
      }),
      ...(current?.needs.filter((n) => !shown.has(n.areaId)) ?? []),
    ],
    goals: Array.from({ length: goalRows }, (_, i) => ({ goal: s(`goal.${i}`), inChildsWords: s(`goalWords.${i}`) })),
    actions: Array.from({ length: actionRows }, (_, i) => ({
      what: s(`action.${i}.what`),
      who: s(`action.${i}.who`),
      orgUnitId: s(`action.${i}.unit`),
      byWhen: s(`action.${i}.byWhen`),
      howWeWillKnow: s(`action.${i}.how`),
    })),
    childsWishForLead: s('childsWish'),
    leadObjectId: s('lead'),
    followUpDate: s('followUp'),
    disagreements: s('disagreements'),
    leadReason: s('leadReason'),
  };
}

async function planCard(
  turn: Turn,
  caseId: string,
  values: Values,
  ver: number,
  errors: FieldErrors = {},
  notes: { saved?: string; formError?: string; recordConsent?: boolean } = {},
): Promise<AdaptiveCard> {
  const { t } = turn;
  const kase = await turn.repos.cases.getCase(caseId);
  const parties = await turn.repos.parties.listParties(caseId);
  const current = await turn.repos.plans.getCurrentPlan(caseId);
  // The child's own voice (only where the viewer's categories allow: the storage door filters it).
  const voices = await turn.repos.voices.getVoices(caseId);
  const child = voices.find((v) => v.speaker === 'child');
  const recorded = await recordedLeadReason(turn.repos, caseId, current?.content ?? null, voices);
  const rating = (areaId: string) => {
    const r = child?.content.areas[areaId]?.rating;
    return r ? `${ratingFace[r]} ${t(`voice.ratings.${r}`)}` : '';
  };
  const wished = child?.content.wishedLead;
  const unitName = (id: string) => unitNameOf(turn.world, id);
  const seen = new Set<string>();
  const levels = [
    { title: t('plan.noLevel'), value: '' },
    ...worryLevels.map((l) => ({ title: t(`levels.${l}`), value: l })),
  ];
  return render(cards.plan, {
    t: textsFor(t, 'plan', labelKeys, {
      title: t('plan.title'),
      reference: t('case.reference', { reference: kase.reference }),
      choose: t('form.choose'),
      back: t('form.back'),
      recordConsent: t('case.recordConsent'),
      wished: wished ? t('voice.wishedLeadIs', { name: wished.displayName }) : '',
      recorded: recorded === null ? '' : t('plan.leadReasonRecorded', { reason: recorded }),
    }),
    caseId,
    version: ver,
    units: turn.world.orgUnits.map((u) => ({ title: u.name, value: u.id })),
    parties: parties
      .filter((p) => !seen.has(p.objectId) && seen.add(p.objectId))
      .map((p) => ({ title: `${p.displayName} – ${unitName(p.orgUnitId)}`, value: p.objectId })),
    levels,
    needs: (await planAreas(turn, caseId, current ? planInputOf(current.content) : null)).map((a) => ({
      needId: `need.${a.id}`,
      viewId: `needView.${a.id}`,
      guardianId: `needGuardian.${a.id}`,
      levelId: `needLevel.${a.id}`,
      label: t('plan.need', { area: a.label }),
      need: values[`need.${a.id}`] ?? '',
      childView: values[`needView.${a.id}`] ?? '',
      guardianView: values[`needGuardian.${a.id}`] ?? '',
      level: values[`needLevel.${a.id}`] ?? '',
      childRating: rating(a.id),
    })),
    goals: Array.from({ length: goalRows }, (_, i) => ({
      goalId: `goal.${i}`,
      wordsId: `goalWords.${i}`,
      label: t('plan.goal', { n: i + 1 }),
      goal: values[`goal.${i}`] ?? '',
      words: values[`goalWords.${i}`] ?? '',
    })),
    actions: Array.from({ length: actionRows }, (_, i) => ({
      prefix: `action.${i}`,
      label: t('plan.action', { n: i + 1 }),
      what: values[`action.${i}.what`] ?? '',
      who: values[`action.${i}.who`] ?? '',
      unit: values[`action.${i}.unit`] ?? '',
      byWhen: values[`action.${i}.byWhen`] ?? '',
      how: values[`action.${i}.how`] ?? '',
      error: errors[`action.${i}`] ?? '',
    })),
    values: complete<PlanField>(planFields, values),
    errors: complete<PlanField>(planFields, errors),
    formError: notes.formError ?? '',
    recordConsent: notes.recordConsent === true,
    saved: notes.saved ?? '',
  });
}

const submitSchema = z.object({ caseId: z.uuid(), version }).catchall(z.string().max(2000));

/** A problem the use case names (a PlanInput path or an agreement problem) as the card's field. */
function cardField(problem: string): string {
  if (problem.startsWith('actions.')) return `action.${problem.split('.')[1]}`;
  if (problem === 'leadProfessional' || problem === 'leadObjectId') return 'lead';
  if (problem === 'followUpDate') return 'followUp';
  if (problem === 'childsWishForLead') return 'childsWish';
  return problem;
}

function problemErrors(turn: Turn, problems: readonly string[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const p of problems) {
    const field = cardField(p);
    errors[field] ??= p.startsWith('actions.')
      ? turn.t('plan.actionIncomplete')
      : p === 'leadObjectId'
        ? turn.t('plan.leadNotParty')
        : p === 'leadReason'
          ? turn.t('voice.leadReasonRequired')
          : p === 'followUpDate'
            ? turn.t('validation.invalidDate')
            : turn.t('validation.required');
  }
  return errors;
}

/** The plan form again with what was typed in it (a refused save or agreement, or a refused button on it). */
export function planFormAgain(
  turn: Turn,
  raw: Readonly<Record<string, string>>,
  errors: FieldErrors,
  formError?: string,
  remedy?: Remedy,
): Promise<AdaptiveCard> {
  return planCard(turn, z.uuid().parse(raw.caseId), { ...raw }, version.catch(0).parse(raw.version), errors, {
    formError: formError ?? turn.t('form.fixBelow'),
    recordConsent: remedy === 'recordConsent',
  });
}

function planVerb(wantAgree: boolean) {
  return verb({
    schema: () => submitSchema,
    invalid: planFormAgain,
    handle: async (turn, input, raw) => {
      const current = await turn.repos.plans.getCurrentPlan(input.caseId);
      const known = current ? planInputOf(current.content) : null;
      const plan = planFromValues(raw, await planAreas(turn, input.caseId, known), known);
      try {
        const r = await savePlan(turn.ctx, input.caseId, plan, input.version, wantAgree, turn.card);
        if (r.kind === 'incomplete')
          return planCard(turn, input.caseId, { ...raw }, input.version, problemErrors(turn, r.problems), {
            formError: turn.t('form.fixBelow'),
          });
        const leadName = r.version.content.leadProfessional?.displayName ?? '';
        const message = r.agreed
          ? turn.t('plan.agreed', { version: r.version.version })
          : r.awaitsLead
            ? turn.t('plan.awaitsLead', { lead: leadName })
            : turn.t('plan.saved', { version: r.version.version });
        if (r.agreed)
          return caseSummaryCard(turn, input.caseId, { message, planStatus: true, shows: { mode: 'plan' } });
        return planCard(turn, input.caseId, { ...raw }, r.version.version, {}, { saved: message });
      } catch (err) {
        if (isDomainError(err) && err.code === 'Conflict') {
          const latest = await turn.repos.plans.getCurrentPlan(input.caseId);
          return planCard(
            turn,
            input.caseId,
            { ...raw },
            latest?.version ?? 0,
            {},
            { formError: turn.t('form.conflict') },
          );
        }
        if (
          isDomainError(err) &&
          err.code === 'Invalid' &&
          err.field !== undefined &&
          err.field !== 'consent' &&
          err.field !== 'stage'
        ) {
          return planCard(turn, input.caseId, { ...raw }, input.version, problemErrors(turn, [err.field]), {
            formError: turn.t('form.fixBelow'),
          });
        }
        throw err;
      }
    },
  });
}

export const planVerbs = {
  'plan.open': verb({
    schema: () => z.object({ caseId: z.uuid() }),
    handle: async (turn, input) => {
      const kase = await turn.repos.cases.getCase(input.caseId);
      if (kase.kind !== 'consented')
        return caseSummaryCard(turn, input.caseId, { message: turn.t('plan.needsConsent') });
      const current = await turn.repos.plans.getCurrentPlan(input.caseId);
      return planCard(
        turn,
        input.caseId,
        current ? planToValues(planInputOf(current.content)) : {},
        current?.version ?? 0,
      );
    },
  }),
  'plan.status': verb({
    schema: () => z.object({ caseId: z.uuid() }),
    handle: async (turn, input) => {
      return caseSummaryCard(turn, input.caseId, await progressOptions(turn, input.caseId, { mode: 'plan' }));
    },
  }),
  'plan.save': planVerb(false),
  'plan.agree': planVerb(true),
};

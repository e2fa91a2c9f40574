/**
 * The child's plan in chat: reason, needs per flagged area (with the child's view), goals in the
 * child's words, actions (what, who, agency, by when, how we will know), the child's wish for lead
 * professional before the appointment, the follow-up date. Saving stores a version; the lead
 * professional agrees it.
 */
import { z } from 'zod';
import { cards, planFields, type PlanField } from '../../cards/contracts';
import { render, type AdaptiveCard } from '../../cards/render';
import { savePlan } from '../../app/agree-plan';
import { wheelFor } from '../../app/world';
import { isDomainError } from '../../domain/errors';
import type { PlanContent } from '../../domain/plan';
import { planAgreementProblems } from '../../domain/plan';
import { isCalendarDate } from '../../domain/local-time';
import { complete, version, type FieldErrors } from '../forms';
import { verb } from '../verb';
import type { Turn } from '../turn';
import { textsFor } from './common';
import { caseSummaryCard } from './case-view';

type Values = Record<string, string>;
const goalRows = 2;
const actionRows = 3;
const labelKeys = ['reason', 'needsHeading', 'childView', 'goalsHeading', 'inChildsWords', 'actionsHeading', 'who', 'unit', 'byWhen', 'how', 'leadHeading', 'childsWish', 'lead', 'followUp', 'disagreements', 'agree', 'save', 'familyPdf'];

async function planAreas(turn: Turn, caseId: string): Promise<{ id: string; label: string }[]> {
  const kase = await turn.repos.cases.getCase(caseId);
  const wheel = wheelFor(turn.deps.world, kase.orgUnitId);
  const flagged = new Set(kase.details.worryAreas);
  for (const a of await turn.repos.assessments.listAssessments(caseId)) for (const [id, v] of Object.entries(a.areas)) if (v.level && v.level !== 'none') flagged.add(id);
  return wheel.areas.filter((a) => flagged.has(a.id)).map((a) => ({ id: a.id, label: a.label[turn.locale] }));
}

export function planToValues(plan: PlanContent): Values {
  const v: Values = { reason: plan.reason, childsWish: plan.childsWishForLead, lead: plan.leadProfessional?.objectId ?? '', followUp: plan.followUpDate ?? '', disagreements: plan.disagreements };
  for (const n of plan.needs) Object.assign(v, { [`need.${n.areaId}`]: n.need, [`needView.${n.areaId}`]: n.childView });
  plan.goals.forEach((g, i) => Object.assign(v, { [`goal.${i}`]: g.goal, [`goalWords.${i}`]: g.inChildsWords }));
  plan.actions.forEach((a, i) => Object.assign(v, { [`action.${i}.what`]: a.what, [`action.${i}.who`]: a.who, [`action.${i}.unit`]: a.orgUnitId, [`action.${i}.byWhen`]: a.byWhen, [`action.${i}.how`]: a.howWeWillKnow }));
  return v;
}

async function planFromValues(turn: Turn, caseId: string, v: Readonly<Values>): Promise<PlanContent> {
  const parties = await turn.repos.parties.listParties(caseId);
  const lead = parties.find((p) => p.objectId === v.lead);
  const areas = await planAreas(turn, caseId);
  const s = (k: string) => (v[k] ?? '').trim();
  return {
    reason: s('reason'),
    needs: areas.map((a) => ({ areaId: a.id, need: s(`need.${a.id}`), childView: s(`needView.${a.id}`), guardianView: '' })).filter((n) => n.need !== '' || n.childView !== ''),
    goals: Array.from({ length: goalRows }, (_, i) => ({ goal: s(`goal.${i}`), inChildsWords: s(`goalWords.${i}`) })).filter((g) => g.goal !== '' || g.inChildsWords !== ''),
    actions: Array.from({ length: actionRows }, (_, i) => ({ what: s(`action.${i}.what`), who: s(`action.${i}.who`), orgUnitId: s(`action.${i}.unit`), byWhen: s(`action.${i}.byWhen`), howWeWillKnow: s(`action.${i}.how`) })).filter(
      (a) => a.what !== '' || a.who !== '' || a.orgUnitId !== '',
    ),
    childsWishForLead: s('childsWish'),
    leadProfessional: lead ? { tenantId: lead.tenantId, objectId: lead.objectId, displayName: lead.displayName, orgUnitId: lead.orgUnitId } : null,
    followUpDate: isCalendarDate(s('followUp')) ? s('followUp') : null,
    disagreements: s('disagreements'),
    consentId: null,
    recipients: [],
  };
}

async function planCard(turn: Turn, caseId: string, values: Values, ver: number, errors: FieldErrors = {}, notes: { saved?: string; formError?: string } = {}): Promise<AdaptiveCard> {
  const { t } = turn;
  const kase = await turn.repos.cases.getCase(caseId);
  const parties = await turn.repos.parties.listParties(caseId);
  const unitName = (id: string) => turn.deps.world.orgUnits.find((u) => u.id === id)?.name ?? id;
  const seen = new Set<string>();
  return render(cards.plan, {
    t: textsFor(t, 'plan', labelKeys, { title: t('plan.title'), reference: t('case.reference', { reference: kase.reference }), choose: t('form.choose'), back: t('form.back') }),
    caseId,
    version: ver,
    units: turn.deps.world.orgUnits.map((u) => ({ title: u.name, value: u.id })),
    parties: parties.filter((p) => !seen.has(p.objectId) && seen.add(p.objectId)).map((p) => ({ title: `${p.displayName} – ${unitName(p.orgUnitId)}`, value: p.objectId })),
    needs: (await planAreas(turn, caseId)).map((a) => ({ needId: `need.${a.id}`, viewId: `needView.${a.id}`, label: t('plan.need', { area: a.label }), need: values[`need.${a.id}`] ?? '', childView: values[`needView.${a.id}`] ?? '' })),
    goals: Array.from({ length: goalRows }, (_, i) => ({ goalId: `goal.${i}`, wordsId: `goalWords.${i}`, label: t('plan.goal', { n: i + 1 }), goal: values[`goal.${i}`] ?? '', words: values[`goalWords.${i}`] ?? '' })),
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
    saved: notes.saved ?? '',
  });
}

const submitSchema = z
  .object({ caseId: z.uuid(), version })
  .catchall(z.string().max(2000));

function agreementErrors(turn: Turn, plan: PlanContent): FieldErrors {
  const errors: FieldErrors = {};
  for (const p of planAgreementProblems(plan)) {
    if (p.startsWith('actions.')) errors[`action.${p.split('.')[1]}`] = turn.t('plan.actionIncomplete');
    else errors[p === 'leadProfessional' ? 'lead' : p === 'followUpDate' ? 'followUp' : p] = turn.t('validation.required');
  }
  return errors;
}

function planVerb(wantAgree: boolean) {
  return verb({
    schema: () => submitSchema,
    invalid: async (turn, raw, errors) => planCard(turn, z.uuid().parse(raw.caseId), { ...raw }, version.catch(0).parse(raw.version), errors, { formError: turn.t('form.fixBelow') }),
    handle: async (turn, input, raw) => {
      const plan = await planFromValues(turn, input.caseId, raw);
      if (wantAgree) {
        const errors = agreementErrors(turn, plan);
        if (Object.keys(errors).length > 0) return planCard(turn, input.caseId, { ...raw }, input.version, errors, { formError: turn.t('form.fixBelow') });
      }
      try {
        const r = await savePlan(turn.repos, input.caseId, plan, input.version, turn.actor, wantAgree);
        const message = r.agreed ? turn.t('plan.agreed', { version: r.version.version }) : r.awaitsLead ? turn.t('plan.awaitsLead', { lead: plan.leadProfessional?.displayName ?? '' }) : turn.t('plan.saved', { version: r.version.version });
        if (r.agreed) return caseSummaryCard(turn, input.caseId, { message, planStatus: true });
        return planCard(turn, input.caseId, { ...raw }, r.version.version, {}, { saved: message });
      } catch (err) {
        if (isDomainError(err) && err.code === 'Conflict') {
          const current = await turn.repos.plans.getCurrentPlan(input.caseId);
          return planCard(turn, input.caseId, { ...raw }, current?.version ?? 0, {}, { formError: turn.t('form.conflict') });
        }
        if (isDomainError(err) && err.code === 'Invalid' && err.field === 'lead') return planCard(turn, input.caseId, { ...raw }, input.version, { lead: turn.t('plan.leadNotParty') }, { formError: turn.t('form.fixBelow') });
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
      if (kase.kind !== 'consented') return caseSummaryCard(turn, input.caseId, { message: turn.t('plan.needsConsent') });
      const current = await turn.repos.plans.getCurrentPlan(input.caseId);
      return planCard(turn, input.caseId, current ? planToValues(current.content) : {}, current?.version ?? 0);
    },
  }),
  'plan.status': verb({
    schema: () => z.object({ caseId: z.uuid() }),
    handle: async (turn, input) => {
      const p = await turn.repos.plans.getPublication(input.caseId);
      const message =
        p.state === 'active' && p.postedVersion !== null ? turn.t('plan.posted', { version: p.postedVersion }) : p.state === 'closed' ? turn.t('plan.closedChannel') : (await turn.repos.plans.getCurrentPlan(input.caseId))?.agreed ? turn.t('plan.publishing') : turn.t('plan.notPublished');
      return caseSummaryCard(turn, input.caseId, { message, planStatus: p.state !== 'active' && p.state !== 'closed' });
    },
  }),
  'plan.save': planVerb(false),
  'plan.agree': planVerb(true),
};

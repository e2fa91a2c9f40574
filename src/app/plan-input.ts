/**
 * The plan form, one mapping for every door: chat and tab send the same `PlanInput`, validated by the
 * same schema and turned into the same `PlanContent` — the same fields, nothing dropped (a need keeps
 * its level and the guardians' view whichever door saved it).
 */
import { z } from 'zod';
import { worryLevels } from '../domain/assessment';
import type { CaseParty } from '../domain/case';
import { invalid } from '../domain/errors';
import { isCalendarDate } from '../domain/local-time';
import type { PlanContent } from '../domain/plan';

const text = (max: number) => z.string().max(max);
const areaId = z.string().regex(/^[a-z0-9-]{1,40}$/);

export const planInputSchema = z.strictObject({
  reason: text(4000),
  needs: z
    .array(
      z.strictObject({
        areaId,
        need: text(2000),
        childView: text(2000),
        guardianView: text(2000),
        level: z.enum(worryLevels).optional(),
      }),
    )
    .max(30),
  goals: z.array(z.strictObject({ goal: text(2000), inChildsWords: text(2000) })).max(10),
  actions: z
    .array(
      z.strictObject({
        what: text(2000),
        who: text(200),
        orgUnitId: text(100),
        byWhen: text(40),
        howWeWillKnow: text(2000),
      }),
    )
    .max(20),
  childsWishForLead: text(2000),
  leadObjectId: z.string().max(100),
  followUpDate: z.union([z.string().refine(isCalendarDate, 'date'), z.literal('')]),
  disagreements: text(4000),
  /**
   * Why the lead appointed is not the one the child wished for (domain/child-voice.ts): required then,
   * recorded in the case history, not part of the plan's content.
   */
  leadReason: text(2000).optional(),
});

export type PlanInput = z.infer<typeof planInputSchema>;

export const emptyPlanInput: PlanInput = {
  reason: '',
  needs: [],
  goals: [],
  actions: [],
  childsWishForLead: '',
  leadObjectId: '',
  followUpDate: '',
  disagreements: '',
};

/** The stored plan's content as the form's input (what a door shows to edit). */
export function planInputOf(content: PlanContent): PlanInput {
  return {
    reason: content.reason,
    needs: content.needs.map((n) => ({
      areaId: n.areaId,
      need: n.need,
      childView: n.childView,
      guardianView: n.guardianView,
      ...(n.level ? { level: n.level } : {}),
    })),
    goals: content.goals.map((g) => ({ ...g })),
    actions: content.actions.map((a) => ({ ...a })),
    childsWishForLead: content.childsWishForLead,
    leadObjectId: content.leadProfessional?.objectId ?? '',
    followUpDate: content.followUpDate ?? '',
    disagreements: content.disagreements,
  };
}

/**
 * The content to store. Texts are trimmed and empty rows dropped; an action's unit must be a known
 * unit, the lead a party of the case, the date a real date — else Invalid naming the input's field
 * (`actions.1.orgUnitId`, `leadObjectId`, `followUpDate`).
 */
export function planContentFrom(
  input: PlanInput,
  parties: readonly CaseParty[],
  knownUnits: ReadonlySet<string>,
  areaIds: ReadonlySet<string>,
): PlanContent {
  const parsed = planInputSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error.issues[0]?.path.join('.') || 'plan');
  const p = parsed.data;
  const badUnit = p.actions.findIndex((a) => a.orgUnitId !== '' && !knownUnits.has(a.orgUnitId));
  if (badUnit >= 0) throw invalid(`actions.${badUnit}.orgUnitId`);
  const badArea = p.needs.findIndex((n) => !areaIds.has(n.areaId));
  if (badArea >= 0) throw invalid(`needs.${badArea}.areaId`);
  const lead = p.leadObjectId === '' ? undefined : parties.find((x) => x.objectId === p.leadObjectId);
  if (p.leadObjectId !== '' && lead === undefined) throw invalid('leadObjectId');
  const t = (v: string) => v.trim();
  return {
    reason: t(p.reason),
    needs: p.needs
      .map((n) => ({
        areaId: n.areaId,
        need: t(n.need),
        childView: t(n.childView),
        guardianView: t(n.guardianView),
        ...(n.level ? { level: n.level } : {}),
      }))
      .filter((n) => n.need !== '' || n.childView !== '' || n.guardianView !== '' || n.level !== undefined),
    goals: p.goals
      .map((g) => ({ goal: t(g.goal), inChildsWords: t(g.inChildsWords) }))
      .filter((g) => g.goal !== '' || g.inChildsWords !== ''),
    actions: p.actions
      .map((a) => ({
        what: t(a.what),
        who: t(a.who),
        orgUnitId: a.orgUnitId,
        byWhen: t(a.byWhen),
        howWeWillKnow: t(a.howWeWillKnow),
      }))
      .filter((a) => a.what !== '' || a.who !== '' || a.orgUnitId !== ''),
    childsWishForLead: t(p.childsWishForLead),
    leadProfessional: lead
      ? { tenantId: lead.tenantId, objectId: lead.objectId, displayName: lead.displayName, orgUnitId: lead.orgUnitId }
      : null,
    followUpDate: p.followUpDate === '' ? null : p.followUpDate,
    disagreements: t(p.disagreements),
    consentId: null,
    recipients: [],
  };
}

/**
 * The meeting tab's API handlers (the side panel and stage call them; the routes are listed in
 * routes.ts). Every handler works through the repositories built for the caller, so access and audit
 * are the same as in chat. A case the caller may not see — not a party, or a party whose unit no
 * consent in force covers — is 404 on every route.
 */
import { z } from 'zod';
import { splitByWheel } from '../app/assessment-input';
import { saveAssessment } from '../app/save-assessment';
import { savePlan } from '../app/save-plan';
import { agendaQuestionsFor, wheelFor, wheelRecordedWith } from '../app/world';
import { adviceIds } from '../domain/wheel';
import type { AssessmentPut, CaseSummary, CaseView, PlanPut, PlanSaved, PlanView } from '../contracts/tab-api';
import { isDomainError } from '../domain/errors';
import type { CaseKind } from '../domain/case';
import { viewFor } from '../domain/visibility';
import type { PlanVersion } from '../domain/plan';
import { Reply, type DevTools, type RouteContext, type RouteInput } from './route-kit';
import { guardTabAssessment } from './tab-anonymity';
import { lensesView } from './tab-lenses';
import { translator } from '../i18n';
import type { ChildCase } from '../domain/case';
import { voiceView } from './tab-voice';
import { recordedLeadReason } from '../app/lead-reason';

/** A case's path parameter (an id that names no case the caller may see is 404, from the storage door). */
export const caseParams = z.object({ caseId: z.string() });
type CaseParams = z.infer<typeof caseParams>;

function planView(p: PlanVersion | null, leadReason: string | null): PlanView | null {
  return (
    p && {
      version: p.version,
      agreed: p.agreed,
      authorName: p.authorName,
      createdAt: p.createdAt.toISOString(),
      content: p.content,
      leadReason,
    }
  );
}

const unitName = (ctx: RouteContext, id: string) => ctx.world.orgUnits.find((u) => u.id === id)?.name ?? id;

export async function listCases({ repos }: RouteContext): Promise<{ cases: CaseSummary[] }> {
  return {
    cases: (await repos.cases.listMyCases()).map((c) => ({
      ...c,
      myRoles: [...c.myRoles],
      updatedAt: c.updatedAt.toISOString(),
    })),
  };
}

/**
 * A unit may edit the plan only when it sees all of it (a partial view would erase what it cannot
 * see; the storage door refuses such a write too): the owning unit, or consents covering every category.
 */
async function seesWholePlan(ctx: RouteContext, kase: { id: string; kind: CaseKind; orgUnitId: string }) {
  if (kase.orgUnitId === ctx.actor.orgUnitId) return true;
  const consents = await ctx.repos.consents.listConsents(kase.id);
  return viewFor(kase, { orgUnitId: ctx.actor.orgUnitId }, consents, ctx.clock.now())?.categories === 'all';
}

export async function openCase(
  ctx: RouteContext,
  { params }: RouteInput<CaseParams, undefined, undefined>,
): Promise<CaseView> {
  const { repos, actor: me, world, locale } = ctx;
  const caseId = params.caseId;
  const kase = await repos.cases.getCase(caseId);
  const parties = await repos.parties.listParties(caseId);
  const wheel = wheelFor(world, kase.orgUnitId);
  const entries = await repos.assessments.listAssessments(caseId);
  // A consultation's agenda asks the consultees' advice; a case keeps showing advice given before consent.
  const withAdvice =
    kase.kind === 'anonymous' || entries.some((a) => adviceIds.some((id) => (a.answers[id] ?? '').trim() !== ''));
  const plan = kase.kind === 'consented' ? await repos.plans.getCurrentPlan(caseId) : null;
  const voices = kase.kind === 'consented' ? await repos.voices.getVoices(caseId) : [];
  const seen = new Set<string>();
  const isMe = (tenantId: string, objectId: string) => tenantId === me.tenantId && objectId === me.objectId;
  return {
    id: kase.id,
    reference: kase.reference,
    kind: kase.kind,
    stage: kase.stage,
    me: { objectId: me.objectId, displayName: me.displayName, orgUnit: unitName(ctx, me.orgUnitId) },
    participants: parties.map((p) => ({
      objectId: p.objectId,
      name: p.displayName,
      orgUnit: unitName(ctx, p.orgUnitId),
      role: p.role,
    })),
    people: parties
      .filter((p) => !seen.has(p.objectId) && seen.add(p.objectId))
      .map((p) => ({ objectId: p.objectId, name: p.displayName, orgUnit: unitName(ctx, p.orgUnitId) })),
    units: world.orgUnits.map((u) => ({ id: u.id, name: u.name })),
    questions: agendaQuestionsFor(world, kase.orgUnitId, withAdvice).map((q) => ({ id: q.id, text: q.text[locale] })),
    wheel: {
      name: wheel.name[locale],
      areas: wheel.areas.map((a) => ({
        id: a.id,
        label: a.label[locale],
        description: a.description[locale],
        safety: a.safety,
      })),
    },
    assessments: entries.map((a) => {
      // The case's wheel; areas recorded earlier with another wheel are shown apart, as recorded.
      const { own, other } = splitByWheel(a.areas, wheel);
      const earlier =
        Object.keys(other).length > 0 ? wheelRecordedWith(world, Object.keys(other), a.authorOrgUnitId) : null;
      return {
        mine: isMe(a.authorTenantId, a.authorObjectId),
        author: a.authorName,
        orgUnit: unitName(ctx, a.authorOrgUnitId),
        version: a.version,
        updatedAt: a.updatedAt.toISOString(),
        answers: { ...a.answers },
        areas: own,
        earlierWheel: earlier && {
          name: earlier.name[locale],
          areas: Object.entries(other).map(([id, v]) => ({
            id,
            label: earlier.areas.find((x) => x.id === id)?.label[locale] ?? id,
            ...v,
          })),
        },
      };
    }),
    // A plan exists only for a consented case (no plan is shared without consent).
    plan: planView(plan, await recordedLeadReason(repos, caseId, plan?.content ?? null, voices)),
    canPlan: kase.kind === 'consented' && (await seesWholePlan(ctx, kase)),
    lenses: lensesView(ctx, await repos.lenses.getLenses(caseId)),
    // The child's own voice and the guardians' views (consented cases only; filtered by the door).
    voice: voiceView(kase, voices),
    group: groupView(ctx, kase.details),
    fromGroup: kase.details.fromGroup ? { reference: kase.details.fromGroup.reference } : null,
  };
}

/** A group consultation's group, worded from the lists it was chosen from (nothing else can describe it). */
function groupView(ctx: RouteContext, details: ChildCase['details']): CaseView['group'] {
  const { group, groupActions } = details;
  if (!group) return null;
  const t = translator(ctx.locale);
  return {
    description: t('group.groupLine', {
      setting: t(`group.settings.${group.setting}`),
      size: t('group.children', { band: group.sizeBand }),
      age: t('consultation.years', { band: group.ageBand }),
    }),
    actions: [...(groupActions ?? [])],
  };
}

export async function putAssessment(
  ctx: RouteContext,
  { params, body }: RouteInput<CaseParams, undefined, AssessmentPut>,
): Promise<{ version: number } | Reply> {
  const { repos, actor: me } = ctx;
  const kase = await repos.cases.getCase(params.caseId);
  if (kase.kind === 'anonymous') {
    const refused = guardTabAssessment(
      body,
      ctx.locale,
      { orgUnitId: me.orgUnitId, orgUnits: ctx.world.orgUnits },
      body.confirmNames === true,
    );
    if (refused !== null) return new Reply(refused.status, refused.body);
  }
  try {
    const saved = await saveAssessment(
      ctx,
      params.caseId,
      kase.orgUnitId,
      { answers: body.answers, areas: body.areas },
      body.version,
    );
    return { version: saved.version };
  } catch (err) {
    // A stale save: the stored version goes back with the 409, the client keeps its own text.
    if (isDomainError(err) && err.code === 'Conflict') {
      const current = await repos.assessments.getMyAssessment(params.caseId);
      return new Reply(409, {
        error: 'Conflict',
        current: current && {
          version: current.version,
          answers: current.answers,
          areas: current.areas,
          updatedAt: current.updatedAt,
        },
      });
    }
    throw err;
  }
}

export async function putPlan(
  ctx: RouteContext,
  { params, body }: RouteInput<CaseParams, undefined, PlanPut>,
): Promise<PlanSaved | Reply> {
  await ctx.repos.cases.getCase(params.caseId);
  try {
    const r = await savePlan(ctx, params.caseId, body.plan, body.version, body.agree);
    if (r.kind === 'incomplete') return new Reply(400, { error: 'Invalid', fields: r.problems });
    return { version: r.version.version, agreed: r.agreed, awaitsLead: r.awaitsLead };
  } catch (err) {
    // A stale save: the stored plan goes back with the 409, the client keeps its own text.
    if (isDomainError(err) && err.code === 'Conflict') {
      const current = await ctx.repos.plans.getCurrentPlan(params.caseId);
      const voices = await ctx.repos.voices.getVoices(params.caseId);
      return new Reply(409, {
        error: 'Conflict',
        current: planView(
          current,
          await recordedLeadReason(ctx.repos, params.caseId, current?.content ?? null, voices),
        ),
      });
    }
    throw err;
  }
}

export async function caseChanges(
  { repos }: RouteContext,
  { params }: RouteInput<CaseParams, undefined, undefined>,
): Promise<{ latest: string | null }> {
  const assessments = await repos.assessments.listAssessments(params.caseId);
  const latest = assessments.reduce((m, a) => Math.max(m, a.updatedAt.getTime()), 0);
  return { latest: latest ? new Date(latest).toISOString() : null };
}

/** Local development only: the personas the browser may sign in as (DEV_AUTH, loopback callers). */
export async function devPersonas(
  _input: RouteInput<undefined, undefined, undefined>,
  dev: DevTools,
): Promise<{ personas: { objectId: string; name: string; orgUnit: string; roles: readonly string[] }[] }> {
  const unit = (id: string) => dev.world.orgUnits.find((u) => u.id === id)?.name ?? id;
  return {
    personas: (await dev.members()).map((m) => ({
      objectId: m.objectId,
      name: m.displayName,
      orgUnit: unit(m.orgUnitId),
      roles: m.roles,
    })),
  };
}

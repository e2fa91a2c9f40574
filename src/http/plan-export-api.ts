/**
 * A copy of the agreed plan for a party's own records (the routes are listed in routes.ts): JSON in
 * the versioned schema (docs/schemas/plan-export.v1.schema.json) or PDF. The storage door decides who
 * may have it (any party of a consented case who sees it: others get 404, audited as denied) and
 * filters it by the categories the party's unit may see; this handler only lays it out.
 */
import { unitNameOf, wheelFor } from '../app/world';
import { buildPlanExport, type PlanExport } from '../domain/plan-export';
import { translator } from '../i18n';
import { renderPlanExportPdf } from '../pdf/plan-export-pdf';
import { FileBody, type RouteContext, type RouteInput } from './route-kit';

async function agencyCopy(ctx: RouteContext, caseId: string): Promise<PlanExport> {
  const data = await ctx.familyPlans.agencyCopy(caseId);
  const locale = ctx.locale;
  return buildPlanExport({
    locale,
    at: ctx.clock.now(),
    exporter: { name: ctx.actor.displayName, orgUnitId: ctx.actor.orgUnitId },
    kase: { id: data.caseId, reference: data.reference, orgUnitId: data.orgUnitId },
    plan: data.plan,
    disclosure: data.disclosure,
    wheel: wheelFor(ctx.world, data.orgUnitId).areas.map((a) => ({ id: a.id, label: a.label[locale] })),
    consents: data.consents,
    unitName: (id) => unitNameOf(ctx.world, id),
  });
}

const fileName = (e: PlanExport, ext: 'json' | 'pdf') =>
  `${e.language === 'sv' ? 'barnets-plan' : 'childs-plan'}-${e.case.reference}-v${e.plan.version}.${ext}`;

export async function planExportJson(
  ctx: RouteContext,
  { params }: RouteInput<{ caseId: string }, unknown, undefined>,
): Promise<FileBody> {
  const e = await agencyCopy(ctx, params.caseId);
  return new FileBody('application/json; charset=utf-8', JSON.stringify(e, null, 2), fileName(e, 'json'));
}

export async function planExportPdf(
  ctx: RouteContext,
  { params }: RouteInput<{ caseId: string }, unknown, undefined>,
): Promise<FileBody> {
  const e = await agencyCopy(ctx, params.caseId);
  return new FileBody('application/pdf', await renderPlanExportPdf(e, translator(ctx.locale)), fileName(e, 'pdf'));
}

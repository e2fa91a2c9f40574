/**
 * Report handlers (the routes are listed in routes.ts): the audit export for log review, statistics
 * for management, and the family's plan as a PDF (from the tab with the SSO token, or once through a
 * short-lived download link issued by the plan card). Role checks, party scope and audit rows live in
 * the repositories; these handlers parse parameters and produce CSV, JSON or PDF.
 */
import { z } from 'zod';
import { lensesOf, wheelFor } from '../app/world';
import { toCsv, type CsvValue } from '../domain/csv';
import { invalid, notFound } from '../domain/errors';
import { familyVoice } from '../domain/child-voice';
import { familyPlanView } from '../domain/family-plan';
import { formatStockholm } from '../domain/local-time';
import { monthRange, publishStatistics, type StatisticsReport, type TwoWayTable } from '../domain/statistics';
import { translator, type Locale } from '../i18n';
import { renderFamilyPlanPdf } from '../pdf/family-plan-pdf';
import type { AuditExportRow } from '../storage/report-repository';
import { FileBody, type LinkHolder, type RouteContext, type RouteInput } from './route-kit';

export const auditExportQuery = z.object({
  format: z.enum(['json', 'csv']).default('json'),
  caseId: z.string().optional(),
  userId: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  lang: z.string().optional(),
});

// Whole calendar years only: with free ranges, two overlapping requests (Jan–Mar and Jan–Feb) would
// give a suppressed month's count by subtraction. Years do not overlap.
export const statisticsQuery = z.object({
  format: z.enum(['json', 'csv']).default('json'),
  year: z.string().regex(/^20\d{2}$/),
  lang: z.string().optional(),
});

export const linkParams = z.object({ token: z.string() });

/** YYYY-MM-DD (a whole UTC day; `to` inclusive) or an ISO date-time (`to` exclusive). */
function instant(value: string | undefined, field: 'from' | 'to'): Date {
  if (value === undefined) throw invalid(field);
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const d = new Date(dateOnly ? `${value}T00:00:00.000Z` : value);
  if (Number.isNaN(d.getTime()) || !(dateOnly || /^\d{4}-\d{2}-\d{2}T/.test(value))) throw invalid(field);
  return dateOnly && field === 'to' ? new Date(d.getTime() + 86_400_000) : d;
}

function auditCsv(rows: readonly AuditExportRow[], locale: Locale): string {
  const t = translator(locale);
  const keys = [
    'at',
    'chain',
    'seq',
    'actorTenantId',
    'actorObjectId',
    'actorName',
    'action',
    'caseId',
    'outcome',
    'requestId',
    'hash',
  ] as const;
  return toCsv(
    keys.map((k) => t(`reports.csv.${k}`)),
    rows.map((r) => [
      r.at.toISOString(),
      r.chain,
      r.seq,
      r.actorTenantId,
      r.actorObjectId,
      r.actorName,
      r.action,
      r.caseId,
      r.outcome,
      r.requestId,
      r.hash,
    ]),
  );
}

function statisticsCsv(
  report: StatisticsReport,
  locale: Locale,
  areaLabel: (id: string) => string,
  unitName: (id: string) => string,
): string {
  const t = translator(locale);
  const rows: CsvValue[][] = [];
  const all = t('reports.allMonths');
  const table = <K extends string>(section: string, tbl: TwoWayTable<K>, keys: readonly K[]) => {
    for (const m of tbl.months)
      for (const k of [...keys, 'total' as const])
        rows.push([
          t(`reports.sections.${section}`),
          m.month,
          t(`reports.measures.${k}`),
          (m as Record<string, CsvValue>)[k] ?? null,
        ]);
    for (const k of [...keys, 'total' as const])
      rows.push([
        t(`reports.sections.${section}`),
        all,
        t(`reports.measures.${k}`),
        (tbl.total as Record<string, CsvValue>)[k] ?? null,
      ]);
  };
  table('consultations', report.consultations, ['anonymous', 'consented', 'group']);
  for (const m of report.firstMeeting.months) {
    rows.push([t('reports.sections.firstMeeting'), m.month, t('reports.measures.cases'), m.cases]);
    rows.push([t('reports.sections.firstMeeting'), m.month, t('reports.measures.medianDays'), m.medianDays]);
  }
  rows.push([t('reports.sections.firstMeeting'), all, t('reports.measures.cases'), report.firstMeeting.total.cases]);
  table('followUps', report.followUps, ['onTime', 'late']);
  for (const a of report.worryAreas) rows.push([t('reports.sections.worryAreas'), all, areaLabel(a.areaId), a.cases]);
  table('stageChanges', report.stageChanges, ['steppedDown', 'closed']);
  for (const o of report.outcomes) {
    const label = outcomeLabel(t, o);
    rows.push([t('reports.sections.outcomes'), all, label, o.cases]);
    rows.push([t('reports.sections.outcomes'), all, `${label} – ${t('reports.measures.medianDays')}`, o.medianDays]);
  }
  for (const u of report.consulteeUnits)
    rows.push([t('reports.sections.consulteeUnits'), all, consulteeUnitLabel(t, u, unitName), u.cases]);
  return toCsv(
    [t('reports.csv.section'), t('reports.csv.period'), t('reports.csv.measure'), t('reports.csv.value')],
    rows,
  );
}

async function familyPdf(ctx: RouteContext, caseId: string, version?: number): Promise<FileBody> {
  const data = await ctx.familyPlans.familyPlan(caseId, version);
  const locale = ctx.locale;
  const wheel = wheelFor(ctx.world, data.orgUnitId).areas.map((a) => ({ id: a.id, label: a.label[locale] }));
  const unitName = (id: string) => ctx.world.orgUnits.find((u) => u.id === id)?.name ?? id;
  const view = familyPlanView({
    plan: data.plan,
    wheel,
    unitName,
    leadEmail: data.leadEmail,
    namedPersons: data.namedPersons,
    nextMeeting: data.nextMeeting ? formatStockholm(data.nextMeeting) : null,
    lenses: { definitions: lensesOf(ctx.world), stored: data.lenses, locale },
    voice: familyVoice(
      data.voices,
      data.guardianNames,
      wheel.map((a) => a.id),
    ),
  });
  const pdf = await renderFamilyPlanPdf(view, translator(locale));
  return new FileBody('application/pdf', pdf, locale === 'sv' ? 'barnets-plan.pdf' : 'childs-plan.pdf');
}

export async function auditExport(
  ctx: RouteContext,
  { query: q }: RouteInput<undefined, z.infer<typeof auditExportQuery>, undefined>,
): Promise<FileBody | { rows: unknown[] }> {
  const rows = await ctx.reports.exportAudit({
    ...(q.caseId !== undefined ? { caseId: q.caseId } : {}),
    ...(q.userId !== undefined ? { userId: q.userId } : {}),
    from: instant(q.from, 'from'),
    to: instant(q.to, 'to'),
  });
  if (q.format === 'csv')
    return new FileBody('text/csv; charset=utf-8', '\ufeff' + auditCsv(rows, ctx.locale), 'loggutdrag.csv');
  return { rows: rows.map((r) => ({ ...r, at: r.at.toISOString() })) };
}

/** An outcome's row label: the outcome, and whether the consultations were about one child or a group. */
function outcomeLabel(t: ReturnType<typeof translator>, o: { outcome: string; subject: string }): string {
  return `${t(`outcome.${o.outcome}`)} (${t(`reports.subjects.${o.subject}`)})`;
}

/** A consulted unit's row label: the unit's name, and whether the consultations were about one child or a group. */
function consulteeUnitLabel(
  t: ReturnType<typeof translator>,
  u: { unitId: string; subject: string },
  unitName: (id: string) => string,
): string {
  return `${unitName(u.unitId)} (${t(`reports.subjects.${u.subject}`)})`;
}

export async function statistics(
  ctx: RouteContext,
  { query: q }: RouteInput<undefined, z.infer<typeof statisticsQuery>, undefined>,
): Promise<FileBody | object> {
  const from = `${q.year}-01`;
  const to = `${q.year}-12`;
  const months = monthRange(from, to);
  if (months === null) throw invalid('year');
  const raw = await ctx.reports.statistics(months, ctx.clock.now());
  const report = publishStatistics(from, to, raw);
  const wheel = wheelFor(ctx.world, ctx.actor.orgUnitId);
  const areaLabel = (id: string) => wheel.areas.find((a) => a.id === id)?.label[ctx.locale] ?? id;
  const unitName = (id: string) => ctx.world.orgUnits.find((u) => u.id === id)?.name ?? id;
  if (q.format === 'csv')
    return new FileBody(
      'text/csv; charset=utf-8',
      '\ufeff' + statisticsCsv(report, ctx.locale, areaLabel, unitName),
      'statistik.csv',
    );
  return {
    ...report,
    suppression: { threshold: 5, small: '<5', secondary: '..' },
    worryAreas: report.worryAreas.map((a) => ({ ...a, label: areaLabel(a.areaId) })),
    outcomes: report.outcomes.map((o) => ({ ...o, label: outcomeLabel(translator(ctx.locale), o) })),
    consulteeUnits: report.consulteeUnits.map((u) => ({ ...u, unitName: unitName(u.unitId) })),
  };
}

export async function planPdf(
  ctx: RouteContext,
  { params }: RouteInput<{ caseId: string }, unknown, undefined>,
): Promise<FileBody> {
  return familyPdf(ctx, params.caseId);
}

// The plan card's link: no SSO token in a browser opened from a card, so the token in the path is the
// credential — once, for 10 minutes, for the person and plan version it was issued for.
export async function planPdfByLink(
  { params }: RouteInput<z.infer<typeof linkParams>, undefined, undefined>,
  redeem: (token: string) => Promise<LinkHolder | null>,
): Promise<FileBody> {
  const holder = await redeem(params.token);
  if (holder === null) throw notFound();
  return familyPdf(holder.ctx, holder.link.caseId, holder.link.version);
}

/**
 * Reports over HTTP: the audit export for log review, statistics for management, and the family's
 * plan as a PDF (from the tab with the SSO token, or once through a short-lived download link
 * issued by the plan card). Role checks, party scope and audit rows live in the repositories;
 * this file parses parameters and writes CSV, JSON or PDF.
 */
import type { Request, Response, Server } from 'restify';
import { wheelFor, type World } from '../app/world';
import type { Actor } from '../domain/actor';
import { toCsv, type CsvValue } from '../domain/csv';
import { invalid, isDomainError, notFound } from '../domain/errors';
import { familyPlanView } from '../domain/family-plan';
import type { Clock } from '../domain/ports';
import { monthRange, publishStatistics, type StatisticsReport, type TwoWayTable } from '../domain/statistics';
import { translator, type Locale } from '../i18n';
import { renderFamilyPlanPdf } from '../pdf/family-plan-pdf';
import type { Database } from '../storage/database';
import { familyPlansFor, redeemDownloadLink } from '../storage/family-plan-repository';
import { findActor } from '../storage/organisations';
import { reportsFor, type AuditExportRow } from '../storage/report-repository';
import { sendDomainError } from './http-errors';
import { requireTabCaller, type TabAuthOptions } from './tab-auth';

export interface ReportsApiDeps {
  readonly db: Database;
  readonly world: World;
  readonly clock: Clock;
  readonly auth: TabAuthOptions;
}

/** A body other than JSON. */
class Raw {
  constructor(
    readonly contentType: string,
    readonly body: Buffer | string,
    readonly filename: string,
  ) {}
}

const one = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The query string (the server has no query parser; repeated parameters: the first wins). */
function queryOf(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URL(req.url ?? '/', 'http://localhost').searchParams) if (!(k in out)) out[k] = v;
  return out;
}

function localeOf(req: Request): Locale {
  const lang = queryOf(req).lang;
  if (lang === 'sv' || lang === 'en') return lang;
  return String(req.headers['accept-language'] ?? '').toLowerCase().startsWith('en') ? 'en' : 'sv';
}

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
  const keys = ['at', 'chain', 'seq', 'actorTenantId', 'actorObjectId', 'actorName', 'action', 'caseId', 'outcome', 'requestId', 'hash'] as const;
  return toCsv(
    keys.map((k) => t(`reports.csv.${k}`)),
    rows.map((r) => [r.at.toISOString(), r.chain, r.seq, r.actorTenantId, r.actorObjectId, r.actorName, r.action, r.caseId, r.outcome, r.requestId, r.hash]),
  );
}

function statisticsCsv(report: StatisticsReport, locale: Locale, areaLabel: (id: string) => string): string {
  const t = translator(locale);
  const rows: CsvValue[][] = [];
  const all = t('reports.allMonths');
  const table = <K extends string>(section: string, tbl: TwoWayTable<K>, keys: readonly K[]) => {
    for (const m of tbl.months) for (const k of [...keys, 'total' as const]) rows.push([t(`reports.sections.${section}`), m.month, t(`reports.measures.${k}`), (m as Record<string, CsvValue>)[k] ?? null]);
    for (const k of [...keys, 'total' as const]) rows.push([t(`reports.sections.${section}`), all, t(`reports.measures.${k}`), (tbl.total as Record<string, CsvValue>)[k] ?? null]);
  };
  table('consultations', report.consultations, ['anonymous', 'consented']);
  for (const m of report.firstMeeting.months) {
    rows.push([t('reports.sections.firstMeeting'), m.month, t('reports.measures.cases'), m.cases]);
    rows.push([t('reports.sections.firstMeeting'), m.month, t('reports.measures.medianDays'), m.medianDays]);
  }
  rows.push([t('reports.sections.firstMeeting'), all, t('reports.measures.cases'), report.firstMeeting.total.cases]);
  table('followUps', report.followUps, ['onTime', 'late']);
  for (const a of report.worryAreas) rows.push([t('reports.sections.worryAreas'), all, areaLabel(a.areaId), a.cases]);
  table('stageChanges', report.stageChanges, ['steppedDown', 'closed']);
  return toCsv([t('reports.csv.section'), t('reports.csv.period'), t('reports.csv.measure'), t('reports.csv.value')], rows);
}

async function familyPdf(db: Database, world: World, clock: Clock, actor: Actor, requestId: string, caseId: string, locale: Locale, version?: number): Promise<Raw> {
  const data = await familyPlansFor(db, actor, requestId, clock).familyPlan(caseId, version);
  const wheel = wheelFor(world, data.orgUnitId).areas.map((a) => ({ id: a.id, label: a.label[locale] }));
  const unitName = (id: string) => world.orgUnits.find((u) => u.id === id)?.name ?? id;
  const view = familyPlanView({ plan: data.plan, wheel, unitName, leadEmail: data.leadEmail });
  const pdf = await renderFamilyPlanPdf(view, translator(locale));
  return new Raw('application/pdf', pdf, locale === 'sv' ? 'barnets-plan.pdf' : 'childs-plan.pdf');
}

function send(res: Response, result: unknown): void {
  if (result instanceof Raw) {
    res.setHeader('content-type', result.contentType);
    res.setHeader('content-disposition', `attachment; filename="${result.filename}"`);
    res.setHeader('x-content-type-options', 'nosniff');
    res.sendRaw(200, result.body);
  } else {
    res.send(200, result);
  }
}

export function mountReportsApi(server: Server, deps: ReportsApiDeps): void {
  function route(handler: (actor: Actor, req: Request, locale: Locale) => Promise<unknown>) {
    return async (req: Request, res: Response): Promise<void> => {
      const actor = await requireTabCaller(req, res, deps.auth);
      if (!actor) return;
      try {
        send(res, await handler(actor, req, localeOf(req)));
      } catch (err) {
        if (!sendDomainError(res, err)) throw err;
      }
    };
  }

  server.get('/api/tab/audit-export', route(async (actor, req, locale) => {
    const q = queryOf(req);
    const format = one(q.format) ?? 'json';
    const caseId = one(q.caseId);
    const userId = one(q.userId);
    const rows = await reportsFor(deps.db, actor, req.id(), deps.clock).exportAudit({
      ...(caseId !== undefined ? { caseId } : {}),
      ...(userId !== undefined ? { userId } : {}),
      from: instant(one(q.from), 'from'),
      to: instant(one(q.to), 'to'),
    });
    if (format === 'csv') return new Raw('text/csv; charset=utf-8', '\ufeff' + auditCsv(rows, locale), 'loggutdrag.csv');
    if (format !== 'json') throw invalid('format');
    return { rows: rows.map((r) => ({ ...r, at: r.at.toISOString() })) };
  }));

  server.get('/api/tab/statistics', route(async (actor, req, locale) => {
    const q = queryOf(req);
    const format = one(q.format) ?? 'json';
    if (format !== 'json' && format !== 'csv') throw invalid('format');
    // Whole calendar years only: with free ranges, two overlapping requests (Jan–Mar and Jan–Feb)
    // would give a suppressed month's count by subtraction. Years do not overlap.
    const year = one(q.year) ?? '';
    if (!/^20\d{2}$/.test(year)) throw invalid('year');
    const from = `${year}-01`;
    const to = `${year}-12`;
    const months = monthRange(from, to);
    if (months === null) throw invalid('year');
    const raw = await reportsFor(deps.db, actor, req.id(), deps.clock).statistics(months, deps.clock.now());
    const report = publishStatistics(from, to, raw);
    const wheel = wheelFor(deps.world, actor.orgUnitId);
    const areaLabel = (id: string) => wheel.areas.find((a) => a.id === id)?.label[locale] ?? id;
    if (format === 'csv') return new Raw('text/csv; charset=utf-8', '\ufeff' + statisticsCsv(report, locale, areaLabel), 'statistik.csv');
    return { ...report, suppression: { threshold: 5, small: '<5', secondary: '..' }, worryAreas: report.worryAreas.map((a) => ({ ...a, label: areaLabel(a.areaId) })) };
  }));

  server.get('/api/tab/cases/:caseId/plan.pdf', route(async (actor, req, locale) => familyPdf(deps.db, deps.world, deps.clock, actor, req.id(), String(req.params.caseId), locale)));

  // The plan card's link: no SSO token in a browser opened from a card, so the token in the path
  // is the credential — once, for 10 minutes, for the person and plan version it was issued for.
  server.get('/api/family-plan/:token', async (req: Request, res: Response): Promise<void> => {
    res.setHeader('cache-control', 'no-store');
    res.setHeader('referrer-policy', 'no-referrer');
    try {
      const link = await redeemDownloadLink(deps.db, String(req.params.token), deps.clock);
      const actor = link && (await findActor(deps.db, link.tenantId, link.objectId));
      if (!link || !actor) throw notFound();
      send(res, await familyPdf(deps.db, deps.world, deps.clock, actor, req.id(), link.caseId, link.locale, link.version));
    } catch (err) {
      // Someone opened the link in a browser: a short page in both languages, not a JSON code.
      if (!isDomainError(err) || (err.code !== 'NotFound' && err.code !== 'ConsentRequired')) {
        if (!sendDomainError(res, err)) throw err;
        return;
      }
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.sendRaw(404, `${translator('sv')('familyPlan.linkInvalid')}\n\n${translator('en')('familyPlan.linkInvalid')}\n`);
    }
  });
}

/**
 * Reports that are not about one case: the audit export for log review (loggkontroll, role
 * log-reviewer) and statistics for management (role manager). Built per request for one actor like
 * the repositories; the role check and the audit row (allowed or denied) are inside each method.
 * Both cover the actor's own organisation unit only.
 */
import { hasRole } from '../domain/actor';
import type { AuditAction, AuditOutcome } from '../domain/audit';
import { forbidden, invalid } from '../domain/errors';
import { isGuid } from '../domain/ids';
import type { Actor } from '../domain/actor';
import type { Clock } from '../domain/ports';
import { consultationSubjects, type ConsultationSubject, type RawStatistics } from '../domain/statistics';
import { AccessScope } from './access-scope';
import { toAuditRow, type AuditDbRow } from './audit-reader';
import { inclusionProofsFor, type InclusionProof } from './audit-proofs';
import type { Database, Sql } from './database';

export interface AuditExportFilter {
  readonly caseId?: string;
  readonly userId?: string;
  /** Inclusive. */
  readonly from: Date;
  /** Exclusive. */
  readonly to: Date;
}

export interface AuditExportRow {
  readonly at: Date;
  /** The organisation unit whose hash chain holds the row, and its place in it. */
  readonly chain: string;
  readonly seq: number;
  readonly actorTenantId: string;
  readonly actorObjectId: string;
  /** The member's name from configuration ('system' rows and former members: null). */
  readonly actorName: string | null;
  readonly action: AuditAction;
  readonly caseId: string | null;
  readonly outcome: AuditOutcome;
  readonly requestId: string;
  readonly hash: string;
  /** The row's inclusion proof against the latest signed checkpoint; null until the row is sealed. */
  readonly proof: InclusionProof | null;
}

export const maxExportRows = 100_000;
const maxRangeMs = 366 * 86_400_000;
const zone = 'Europe/Stockholm';

export class PgReportRepository {
  constructor(private readonly scope: AccessScope) {}

  /**
   * Audit rows for one case or one user over [from, to): rows in the reviewer's unit's chain, and
   * rows in other units' chains about cases the reviewer's unit owns. The export itself is audited.
   */
  exportAudit(filter: AuditExportFilter): Promise<AuditExportRow[]> {
    const { actor } = this.scope;
    const caseId = filter.caseId !== undefined && isGuid(filter.caseId) ? filter.caseId.toLowerCase() : null;
    return this.scope.unscoped('audit.export', async (tx) => {
      if (!hasRole(actor, 'log-reviewer')) throw forbidden();
      if ((filter.caseId === undefined) === (filter.userId === undefined)) throw invalid('caseId');
      if (filter.caseId !== undefined && caseId === null) throw invalid('caseId');
      if (filter.userId !== undefined && !isGuid(filter.userId)) throw invalid('userId');
      if (!(filter.from.getTime() < filter.to.getTime()) || filter.to.getTime() - filter.from.getTime() > maxRangeMs)
        throw invalid('to');
      const r = await tx.query<
        AuditDbRow & { display_name: string | null; action: AuditAction; outcome: AuditOutcome }
      >(
        `SELECT a.*, m.display_name
           FROM audit_log a LEFT JOIN membership m ON m.tenant_id = a.actor_tenant_id AND m.object_id = a.actor_object_id
          WHERE a.at >= $1 AND a.at < $2
            AND ${caseId !== null ? 'a.case_id = $4' : 'a.actor_object_id = $4'}
            AND (a.org_unit_id = $3 OR a.case_id IN (SELECT id FROM child_case WHERE org_unit_id = $3))
          ORDER BY a.at, a.org_unit_id, a.seq
          LIMIT ${maxExportRows + 1}`,
        [filter.from, filter.to, actor.orgUnitId, caseId ?? filter.userId?.toLowerCase()],
      );
      if (r.rows.length > maxExportRows) throw invalid('to', 'too-many-rows');
      const proofs = await inclusionProofsFor(tx, r.rows.map(toAuditRow));
      const result = r.rows.map((a) => ({
        at: a.at,
        chain: a.org_unit_id,
        seq: a.seq,
        actorTenantId: a.actor_tenant_id,
        actorObjectId: a.actor_object_id,
        actorName: a.display_name,
        action: a.action,
        caseId: a.case_id,
        outcome: a.outcome,
        requestId: a.request_id,
        hash: a.hash,
        proof: proofs.get(a.id) ?? null,
      }));
      return { result, caseId };
    });
  }

  /** The counts behind the management statistics for the actor's unit, months in Swedish time. */
  statistics(months: readonly string[], today: Date): Promise<RawStatistics> {
    const { actor } = this.scope;
    return this.scope.unscoped('statistics.read', async (tx) => {
      if (!hasRole(actor, 'manager')) throw forbidden();
      if (months.length === 0) throw invalid('from');
      const first = `${months[0]}-01`;
      const last = months[months.length - 1]!;
      const result = await rawStatistics(tx, actor.orgUnitId, months, first, last, today);
      return { result, caseId: null };
    });
  }
}

const month = (col: string) => `to_char(${col} AT TIME ZONE '${zone}', 'YYYY-MM')`;

async function rawStatistics(
  tx: Sql,
  unit: string,
  months: readonly string[],
  first: string,
  last: string,
  today: Date,
): Promise<RawStatistics> {
  // $1 unit, $2 first day of the range, $3 last month of the range (YYYY-MM): from the first day's
  // midnight to the midnight after the last month, in Swedish time — a range an index can serve
  // (comparing formatted months could not, so a year's statistics read every case of the unit).
  const inRange = (col: string) =>
    `${col} >= ($2::date::timestamp AT TIME ZONE '${zone}') AND ${col} < ((($3 || '-01')::date + interval '1 month')::timestamp AT TIME ZONE '${zone}')`;
  const p = [unit, first, last];
  // A group consultation (details.group, always anonymous) is counted apart from those about one child.
  const isGroup = `(c.details->'group') IS NOT NULL`;
  const consultations = await tx.query<{ m: string; anonymous: number; consented: number; group: number }>(
    `SELECT ${month('c.created_at')} AS m, count(*) FILTER (WHERE c.kind = 'anonymous' AND NOT ${isGroup})::int AS anonymous,
            count(*) FILTER (WHERE c.kind = 'consented')::int AS consented, count(*) FILTER (WHERE ${isGroup})::int AS "group"
       FROM child_case c WHERE c.org_unit_id = $1 AND ${inRange('c.created_at')} GROUP BY 1`,
    p,
  );
  const meetings = await tx.query<{ m: string; cases: number; median: number | null }>(
    `SELECT ${month('x.created_at')} AS m, count(*)::int AS cases,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM x.first_meeting - x.created_at) / 86400) AS median
       FROM (SELECT c.created_at, (SELECT min(mt.starts_at) FROM meeting mt WHERE mt.case_id = c.id AND mt.status IN ('requested','created')) AS first_meeting
               FROM child_case c WHERE c.org_unit_id = $1 AND ${inRange('c.created_at')}) x
      WHERE x.first_meeting IS NOT NULL GROUP BY 1`,
    p,
  );
  const followUps = await tx.query<{ m: string; on_time: number; late: number }>(
    `SELECT to_char(x.due, 'YYYY-MM') AS m, count(*) FILTER (WHERE x.on_time)::int AS on_time, count(*) FILTER (WHERE NOT x.on_time)::int AS late
       FROM (SELECT (v.content->>'followUpDate')::date AS due,
                    EXISTS (SELECT 1 FROM plan_follow_up f WHERE f.case_id = v.case_id AND f.reviewed_version = v.version
                              AND (f.recorded_at AT TIME ZONE '${zone}')::date <= (v.content->>'followUpDate')::date) AS on_time,
                    EXISTS (SELECT 1 FROM plan_follow_up f WHERE f.case_id = v.case_id AND f.reviewed_version = v.version) AS followed,
                    EXISTS (SELECT 1 FROM plan_version w WHERE w.case_id = v.case_id AND w.version > v.version AND w.agreed
                              AND (w.created_at AT TIME ZONE '${zone}')::date <= (v.content->>'followUpDate')::date) AS superseded
               FROM plan_version v
              WHERE v.org_unit_id = $1 AND v.agreed AND coalesce(v.content->>'followUpDate', '') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$') x
      WHERE to_char(x.due, 'YYYY-MM') >= to_char($2::date, 'YYYY-MM') AND to_char(x.due, 'YYYY-MM') <= $3
        AND x.due < ($4::timestamptz AT TIME ZONE '${zone}')::date
        AND (x.followed OR NOT x.superseded)
      GROUP BY 1`,
    [...p, today],
  );
  const areas = await tx.query<{ area: string; cases: number }>(
    `SELECT a.area, count(DISTINCT c.id)::int AS cases
       FROM child_case c CROSS JOIN LATERAL jsonb_array_elements_text(coalesce(c.details->'worryAreas', '[]'::jsonb)) AS a(area)
      WHERE c.org_unit_id = $1 AND ${inRange('c.created_at')} GROUP BY 1`,
    p,
  );
  const stages = await tx.query<{ m: string; stepped_down: number; closed: number }>(
    `SELECT ${month('e.at')} AS m, count(*) FILTER (WHERE e.type = 'stage.step-down')::int AS stepped_down, count(*) FILTER (WHERE e.type = 'stage.close')::int AS closed
       FROM case_event e WHERE e.org_unit_id = $1 AND e.type IN ('stage.step-down','stage.close') AND ${inRange('e.at')} GROUP BY 1`,
    p,
  );
  const outcomes = await tx.query<{
    outcome: string;
    subject: ConsultationSubject;
    cases: number;
    median: number | null;
  }>(
    `SELECT c.consultation_outcome AS outcome, CASE WHEN ${isGroup} THEN 'group' ELSE 'individual' END AS subject, count(*)::int AS cases,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.consultation_outcome_at - c.created_at) / 86400) AS median
       FROM child_case c WHERE c.org_unit_id = $1 AND c.consultation_outcome IS NOT NULL AND ${inRange('c.created_at')} GROUP BY 1, 2`,
    p,
  );
  // Every unit a consultee came from, once per consultation (a consultee later removed was still consulted).
  const consulted = await tx.query<{ unit: string; subject: ConsultationSubject; cases: number }>(
    `SELECT p.party_org_unit_id AS unit, CASE WHEN ${isGroup} THEN 'group' ELSE 'individual' END AS subject, count(DISTINCT c.id)::int AS cases
       FROM child_case c JOIN case_party p ON p.case_id = c.id AND p.role = 'consultee'
      WHERE c.org_unit_id = $1 AND ${inRange('c.created_at')} GROUP BY 1, 2`,
    p,
  );
  const known = new Set(months);
  const byMonth = <R extends { m: string }, V>(rows: R[], f: (r: R) => V) =>
    new Map(rows.filter((r) => known.has(r.m)).map((r) => [r.m, f(r)]));
  return {
    months,
    consultations: byMonth(consultations.rows, (r) => ({
      anonymous: r.anonymous,
      consented: r.consented,
      group: r.group,
    })),
    firstMeeting: byMonth(meetings.rows, (r) => ({
      cases: r.cases,
      medianDays: r.median === null ? null : Math.round(Number(r.median) * 10) / 10,
    })),
    followUps: byMonth(followUps.rows, (r) => ({ onTime: r.on_time, late: r.late })),
    worryAreas: new Map(areas.rows.map((r) => [r.area, r.cases])),
    stageChanges: byMonth(stages.rows, (r) => ({ steppedDown: r.stepped_down, closed: r.closed })),
    outcomes: new Map(
      consultationSubjects.map((subject) => [
        subject,
        new Map(
          outcomes.rows
            .filter((r) => r.subject === subject)
            .map((r) => [
              r.outcome,
              { cases: r.cases, medianDays: r.median === null ? null : Math.round(Number(r.median) * 10) / 10 },
            ]),
        ),
      ]),
    ),
    consulteeUnits: new Map(
      consultationSubjects.map((subject) => [
        subject,
        new Map(consulted.rows.filter((r) => r.subject === subject).map((r) => [r.unit, r.cases])),
      ]),
    ),
  };
}

/** The report door for one actor and one request. */
export function reportsFor(db: Database, actor: Actor, requestId: string, clock: Clock): PgReportRepository {
  return new PgReportRepository(new AccessScope(db, actor, requestId, clock));
}

/**
 * Statistics for management: aggregated counts per month for one organisation unit, published only
 * through small-cell suppression (no count under 5 is shown, and none can be derived from the
 * totals). Nothing here points at a child: no case ids, no references, no drill-down.
 */
import { suppressSmallCells, type PublishedCount } from './small-cell-suppression';

export interface RawStatistics {
  /** Every month of the range, YYYY-MM, oldest first. */
  readonly months: readonly string[];
  /** `anonymous`: anonymous consultations about one child; `group`: group consultations (always anonymous). */
  readonly consultations: ReadonlyMap<
    string,
    { readonly anonymous: number; readonly consented: number; readonly group: number }
  >;
  /** Cases (by month raised) that had a first meeting, and the median days from raising to that meeting. */
  readonly firstMeeting: ReadonlyMap<string, { readonly cases: number; readonly medianDays: number | null }>;
  /** Follow-ups due in the month: recorded by the due date, or not. */
  readonly followUps: ReadonlyMap<string, { readonly onTime: number; readonly late: number }>;
  /** Cases raised in the range per worry area. */
  readonly worryAreas: ReadonlyMap<string, number>;
  readonly stageChanges: ReadonlyMap<string, { readonly steppedDown: number; readonly closed: number }>;
  /**
   * Consultations raised in the range per recorded outcome, with the median days from raising to the
   * outcome, counted apart for consultations about one child and about a group.
   */
  readonly outcomes: ReadonlyMap<ConsultationSubject, ReadonlyMap<string, OutcomeCount>>;
  /**
   * Consultations raised in the range per consulted unit (the unit of a consultee who took part),
   * counted apart for consultations about one child and about a group. A consultation that consulted
   * two units counts once for each.
   */
  readonly consulteeUnits: ReadonlyMap<ConsultationSubject, ReadonlyMap<string, number>>;
}

export const consultationSubjects = ['individual', 'group'] as const;
export type ConsultationSubject = (typeof consultationSubjects)[number];

export interface OutcomeCount {
  readonly cases: number;
  readonly medianDays: number | null;
}

export type Published = PublishedCount;

export interface TwoWayTable<K extends string> {
  readonly months: readonly ({ readonly month: string; readonly total: Published } & Record<K, Published>)[];
  readonly total: { readonly total: Published } & Record<K, Published>;
}

export interface StatisticsReport {
  readonly from: string;
  readonly to: string;
  readonly consultations: TwoWayTable<'anonymous' | 'consented' | 'group'>;
  readonly firstMeeting: {
    readonly months: readonly {
      readonly month: string;
      readonly cases: Published;
      readonly medianDays: number | null;
    }[];
    readonly total: { readonly cases: Published };
  };
  readonly followUps: TwoWayTable<'onTime' | 'late'>;
  readonly worryAreas: readonly { readonly areaId: string; readonly cases: Published }[];
  readonly stageChanges: TwoWayTable<'steppedDown' | 'closed'>;
  /** Per outcome and subject (in a fixed order); a median only beside a published count. */
  readonly outcomes: readonly {
    readonly outcome: string;
    readonly subject: ConsultationSubject;
    readonly cases: Published;
    readonly medianDays: number | null;
  }[];
  /** Per consulted unit (by id) and subject; no totals, since a consultation may consult several units. */
  readonly consulteeUnits: readonly {
    readonly unitId: string;
    readonly subject: ConsultationSubject;
    readonly cases: Published;
  }[];
}

function twoWay<K extends string>(
  months: readonly string[],
  keys: readonly K[],
  get: (month: string) => Record<K, number> | undefined,
): TwoWayTable<K> {
  const cells = months.map((m) => {
    const v = get(m);
    return keys.map((k) => v?.[k] ?? 0);
  });
  const pub = suppressSmallCells({ cells, rowTotals: true, columnTotals: true });
  const row = (values: readonly Published[], total: Published) =>
    ({ ...Object.fromEntries(keys.map((k, j) => [k, values[j]!])), total }) as { total: Published } & Record<
      K,
      Published
    >;
  return {
    months: months.map((month, i) => ({ month, ...row(pub.cells[i]!, pub.rowTotals![i]!) })),
    total: row(pub.columnTotals!, pub.total!),
  };
}

export function publishStatistics(from: string, to: string, raw: RawStatistics): StatisticsReport {
  const meetings = suppressSmallCells({
    cells: raw.months.map((m) => [raw.firstMeeting.get(m)?.cases ?? 0]),
    rowTotals: false,
    columnTotals: true,
  });
  const areaIds = [...raw.worryAreas.keys()].sort();
  const areas = suppressSmallCells({
    cells: areaIds.map((a) => [raw.worryAreas.get(a) ?? 0]),
    rowTotals: false,
    columnTotals: false,
  });
  const rank = (p: Published) => (typeof p === 'number' ? p : -1);
  const outcomeIds = [...new Set([...raw.outcomes.values()].flatMap((m) => [...m.keys()]))].sort();
  const outcomeOf = (o: string, s: ConsultationSubject) => raw.outcomes.get(s)?.get(o);
  // Outcomes × subjects without totals: every cell stands alone, so "<5" hides each small one.
  const outcomes = suppressSmallCells({
    cells: outcomeIds.map((o) => consultationSubjects.map((s) => outcomeOf(o, s)?.cases ?? 0)),
    rowTotals: false,
    columnTotals: false,
  });
  const unitIds = [...new Set([...raw.consulteeUnits.values()].flatMap((m) => [...m.keys()]))].sort();
  // Units × subjects without totals (a consultation may count for several units): "<5" hides each small cell.
  const consulted = suppressSmallCells({
    cells: unitIds.map((u) => consultationSubjects.map((s) => raw.consulteeUnits.get(s)?.get(u) ?? 0)),
    rowTotals: false,
    columnTotals: false,
  });
  return {
    from,
    to,
    consultations: twoWay(raw.months, ['anonymous', 'consented', 'group'], (m) => raw.consultations.get(m)),
    firstMeeting: {
      months: raw.months.map((month, i) => {
        const cases = meetings.cells[i]![0]!;
        // A median is shown only beside a published count (5 cases or more).
        return {
          month,
          cases,
          medianDays: typeof cases === 'number' ? (raw.firstMeeting.get(month)?.medianDays ?? null) : null,
        };
      }),
      total: { cases: meetings.total! },
    },
    followUps: twoWay(raw.months, ['onTime', 'late'], (m) => raw.followUps.get(m)),
    worryAreas: areaIds
      .map((areaId, i) => ({ areaId, cases: areas.cells[i]![0]! }))
      .sort((a, b) => rank(b.cases) - rank(a.cases) || a.areaId.localeCompare(b.areaId)),
    stageChanges: twoWay(raw.months, ['steppedDown', 'closed'], (m) => raw.stageChanges.get(m)),
    outcomes: outcomeIds.flatMap((outcome, i) =>
      consultationSubjects.map((subject, j) => {
        const cases = outcomes.cells[i]![j]!;
        return {
          outcome,
          subject,
          cases,
          medianDays: typeof cases === 'number' ? (outcomeOf(outcome, subject)?.medianDays ?? null) : null,
        };
      }),
    ),
    consulteeUnits: unitIds.flatMap((unitId, i) =>
      consultationSubjects.map((subject, j) => ({ unitId, subject, cases: consulted.cells[i]![j]! })),
    ),
  };
}

/** The months from `from` to `to` (YYYY-MM, inclusive), or null when the range is not valid or longer than `max`. */
export function monthRange(from: string, to: string, max = 36): string[] | null {
  const re = /^(\d{4})-(0[1-9]|1[0-2])$/;
  const a = re.exec(from);
  const b = re.exec(to);
  if (!a || !b) return null;
  const start = Number(a[1]) * 12 + Number(a[2]) - 1;
  const end = Number(b[1]) * 12 + Number(b[2]) - 1;
  if (end < start || end - start + 1 > max) return null;
  return Array.from(
    { length: end - start + 1 },
    (_, i) => `${Math.floor((start + i) / 12)}-${String(((start + i) % 12) + 1).padStart(2, '0')}`,
  );
}

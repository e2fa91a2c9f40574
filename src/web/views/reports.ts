/**
 * The personal tab's reports: statistics for managers (aggregated, small cells already suppressed by
 * the server, with a simple chart and a CSV download) and the audit export for log reviewers. Nothing
 * here can lead to a child: no case ids or references in statistics.
 */
import { announce, h, svg, fluentButton } from '../dom';
import { selectField, setFieldError, setStatus, statusLine, textField } from '../fields';
import { valueOf } from '../form-state';
import type { Session } from '../session';

type Published = number | '<5' | '..';

interface TwoWay {
  months: ({ month: string; total: Published } & Record<string, Published>)[];
  total: { total: Published } & Record<string, Published>;
}

interface Statistics {
  consultations: TwoWay;
  firstMeeting: {
    months: { month: string; cases: Published; medianDays: number | null }[];
    total: { cases: Published };
  };
  followUps: TwoWay;
  worryAreas: { areaId: string; label: string; cases: Published }[];
  outcomes: { outcome: string; subject: string; label: string; cases: Published; medianDays: number | null }[];
  consulteeUnits: { unitId: string; unitName: string; subject: 'individual' | 'group'; cases: Published }[];
  stageChanges: TwoWay;
}

/** Downloads a file the API serves (credentials go in headers, so a plain link cannot be used). */
export async function download(s: Session, path: string, fallbackName: string): Promise<string | null> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { ...(await s.headers()), 'accept-language': s.locale } });
  } catch {
    return s.problem({ status: 0, body: {} });
  }
  if (!response.ok) return s.problem({ status: response.status, body: {} });
  const blob = await response.blob();
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, class: 'visually-hidden' }, name);
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return null;
}

function cell(s: Session, v: Published | number | null): string {
  if (v === null) return '–';
  if (v === '..') return s.t('tab.reports.hidden');
  return String(v);
}

function table(
  s: Session,
  caption: string,
  columns: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
): HTMLElement {
  return h(
    'table',
    { class: 'report' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', { scope: 'col' }, c)))),
    h(
      'tbody',
      {},
      // A table with nothing in it says so, instead of showing bare headings.
      ...(rows.length === 0
        ? [h('tr', {}, h('td', { colspan: String(columns.length) }, s.t('tab.reports.noRows')))]
        : []),
      ...rows.map((r) =>
        h(
          'tr',
          {},
          ...r.map((v, i) => (i === 0 ? h('th', { scope: 'row' }, String(v)) : h('td', {}, cell(s, v as Published)))),
        ),
      ),
    ),
  );
}

/** Consultations per month as stacked bars; a suppressed cell is a short hatched bar marked "<5". */
function consultationChart(s: Session, stats: Statistics): SVGElement {
  const { t } = s;
  const rows = stats.consultations.months;
  const numeric = (v: Published) => (typeof v === 'number' ? v : 0);
  const stacked = ['anonymous', 'consented', 'group'] as const;
  const max = Math.max(5, ...rows.map((r) => stacked.reduce((sum, k) => sum + numeric(r[k] as Published), 0)));
  const width = 40 * rows.length + 40;
  const height = 180;
  const titleId = 'chart-title';
  const chart = svg(
    'svg',
    { viewBox: `0 0 ${width} ${height + 30}`, role: 'img', 'aria-labelledby': titleId, class: 'chart' },
    svg('title', { id: titleId }, t('tab.reports.chartTitle')),
  );
  rows.forEach((r, i) => {
    const x = 30 + i * 40;
    let y = height;
    for (const key of stacked) {
      const v = r[key] as Published;
      const h0 = typeof v === 'number' ? (v / max) * (height - 20) : 6;
      y -= h0;
      chart.append(
        svg('rect', {
          x,
          y: y.toFixed(1),
          width: 26,
          height: h0.toFixed(1),
          class: typeof v === 'number' ? `bar ${key}` : 'bar suppressed',
        }),
      );
    }
    chart.append(svg('text', { x: x + 13, y: height + 14, 'text-anchor': 'middle', class: 'axis' }, r.month.slice(5)));
    chart.append(
      svg('text', { x: x + 13, y: (y - 4).toFixed(1), 'text-anchor': 'middle', class: 'axis' }, cell(s, r.total)),
    );
  });
  return chart;
}

/** Consultations per consulted unit: one row per unit, one child and group apart (no totals). */
function consulteeUnitsTable(s: Session, stats: Statistics): HTMLElement {
  const { t } = s;
  const units = [...new Set(stats.consulteeUnits.map((u) => u.unitId))];
  const count = (unitId: string, subject: string): Published =>
    stats.consulteeUnits.find((u) => u.unitId === unitId && u.subject === subject)?.cases ?? '<5';
  return table(
    s,
    t('reports.sections.consulteeUnits'),
    [t('tab.reports.unit'), t('reports.measures.individual'), t('reports.measures.group')],
    units.map((id) => [
      stats.consulteeUnits.find((u) => u.unitId === id)?.unitName ?? id,
      count(id, 'individual'),
      count(id, 'group'),
    ]),
  );
}

function renderStatistics(s: Session, stats: Statistics): HTMLElement {
  const { t } = s;
  const m = (k: string) => t(`reports.measures.${k}`);
  const twoWay = (caption: string, data: TwoWay, keys: readonly string[]) =>
    table(
      s,
      caption,
      [t('tab.reports.month'), ...keys.map(m), m('total')],
      [
        ...data.months.map((r) => [r.month, ...keys.map((k) => r[k] as Published), r.total] as (string | Published)[]),
        [t('reports.allMonths'), ...keys.map((k) => data.total[k] as Published), data.total.total],
      ],
    );
  return h(
    'div',
    { class: 'stats' },
    consultationChart(s, stats),
    h(
      'ul',
      { class: 'legend' },
      h('li', {}, h('span', { class: 'swatch anonymous', 'aria-hidden': 'true' }), m('anonymous')),
      h('li', {}, h('span', { class: 'swatch consented', 'aria-hidden': 'true' }), m('consented')),
      h('li', {}, h('span', { class: 'swatch group', 'aria-hidden': 'true' }), m('group')),
      h('li', {}, h('span', { class: 'swatch suppressed', 'aria-hidden': 'true' }), t('tab.reports.suppressedLegend')),
    ),
    twoWay(t('reports.sections.consultations'), stats.consultations, ['anonymous', 'consented', 'group']),
    table(
      s,
      t('reports.sections.firstMeeting'),
      [t('tab.reports.month'), m('cases'), m('medianDays')],
      [
        ...stats.firstMeeting.months.map((r) => [r.month, r.cases, r.medianDays] as (string | Published | null)[]),
        [t('reports.allMonths'), stats.firstMeeting.total.cases, null],
      ],
    ),
    twoWay(t('reports.sections.followUps'), stats.followUps, ['onTime', 'late']),
    table(
      s,
      t('reports.sections.worryAreas'),
      [t('tab.reports.area'), m('cases')],
      stats.worryAreas.map((a) => [a.label, a.cases]),
    ),
    twoWay(t('reports.sections.stageChanges'), stats.stageChanges, ['steppedDown', 'closed']),
    table(
      s,
      t('reports.sections.outcomes'),
      [t('tab.reports.outcome'), m('cases'), m('medianDays')],
      stats.outcomes.map((o) => [o.label, o.cases, o.medianDays]),
    ),
    consulteeUnitsTable(s, stats),
    h('p', { class: 'hint' }, t('tab.reports.suppressionNote')),
  );
}

export function statisticsSection(s: Session): HTMLElement {
  const { t } = s;
  const thisYear = new Date().getFullYear();
  const result = h('div', { id: 'stats-result' });
  const query = () => `year=${encodeURIComponent(valueOf('stats-year'))}`;
  const show = async () => {
    setFieldError('stats-year', null);
    setStatus('stats-status', t('tab.loading'), 'info');
    const r = await s.request<Statistics>('GET', `/api/tab/statistics?${query()}`);
    if (!r.ok) {
      if (r.status === 400) setFieldError('stats-year', t('tab.reports.badRange'));
      setStatus('stats-status', s.problem(r), 'error');
      return;
    }
    result.replaceChildren(renderStatistics(s, r.body));
    setStatus('stats-status', '', 'info');
    announce(t('tab.reports.shown'));
  };
  const section = h(
    'section',
    { class: 'card', 'aria-labelledby': 'stats-heading', id: 'statistics' },
    h('h2', { id: 'stats-heading' }, t('tab.reports.statisticsTitle')),
    h('p', { class: 'hint' }, t('tab.reports.statisticsIntro')),
    selectField(
      'stats-year',
      t('tab.reports.year'),
      String(thisYear),
      Array.from({ length: 5 }, (_, i) => String(thisYear - i)).map((y) => ({ value: y, label: y })),
      { hint: t('tab.reports.yearHint') },
    ),
    h(
      'div',
      { class: 'actions' },
      fluentButton({ appearance: 'primary', id: 'stats-show', onclick: () => void show() }, t('tab.reports.show')),
      fluentButton(
        {
          id: 'stats-csv',
          onclick: () =>
            void download(s, `/api/tab/statistics?${query()}&format=csv`, 'statistik.csv').then((p) =>
              setStatus('stats-status', p ?? t('tab.reports.downloaded'), p ? 'error' : 'ok'),
            ),
        },
        t('tab.reports.downloadCsv'),
      ),
    ),
    statusLine('stats-status'),
    result,
  );
  return section;
}

export function auditExportSection(s: Session): HTMLElement {
  const { t } = s;
  const today = new Date().toISOString().slice(0, 10);
  const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
  const query = () => {
    const kind = valueOf('audit-kind');
    const id = valueOf('audit-id').trim();
    return `${kind}=${encodeURIComponent(id)}&from=${encodeURIComponent(valueOf('audit-from'))}&to=${encodeURIComponent(valueOf('audit-to'))}`;
  };
  const run = async (format: 'csv' | 'json') => {
    setFieldError('audit-id', null);
    if (!/^[0-9a-f-]{36}$/i.test(valueOf('audit-id').trim())) {
      setFieldError('audit-id', t('tab.reports.idRequired'));
      (document.getElementById('audit-id') as HTMLElement | null)?.focus();
      return;
    }
    const problem = await download(s, `/api/tab/audit-export?${query()}&format=${format}`, `loggutdrag.${format}`);
    setStatus('audit-status', problem ?? t('tab.reports.downloaded'), problem ? 'error' : 'ok');
  };
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'audit-heading', id: 'audit-export' },
    h('h2', { id: 'audit-heading' }, t('tab.reports.auditTitle')),
    h('p', { class: 'hint' }, t('tab.reports.auditIntro')),
    selectField('audit-kind', t('tab.reports.auditBy'), 'caseId', [
      { value: 'caseId', label: t('tab.reports.byCase') },
      { value: 'userId', label: t('tab.reports.byUser') },
    ]),
    textField('audit-id', t('tab.reports.auditId'), '', { maxLength: 36 }),
    h(
      'div',
      { class: 'row' },
      textField('audit-from', t('tab.reports.from'), monthAgo, { type: 'date', maxLength: 10 }),
      textField('audit-to', t('tab.reports.to'), today, { type: 'date', maxLength: 10 }),
    ),
    h(
      'div',
      { class: 'actions' },
      fluentButton(
        { appearance: 'primary', id: 'audit-csv', onclick: () => void run('csv') },
        t('tab.reports.downloadCsv'),
      ),
      fluentButton({ id: 'audit-json', onclick: () => void run('json') }, t('tab.reports.downloadJson')),
    ),
    statusLine('audit-status'),
  );
}

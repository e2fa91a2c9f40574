/** Pure rules behind retention, the CSV exports and the statistics month range. */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseOrgConfig } from '../../src/config/org-config';
import { csvField, toCsv } from '../../src/domain/csv';
import { defaultRetention, retentionDue, retentionPeriodFor, type RetentionRules } from '../../src/domain/retention';
import { monthRange, publishStatistics, type RawStatistics } from '../../src/domain/statistics';

const day = 86_400_000;
const now = new Date('2026-06-01T12:00:00.000Z');
const ago = (ms: number) => new Date(now.getTime() - ms);

describe('retention rules', () => {
  const period = { anonymousInactiveDays: 90, closedCaseDays: 30 };
  it('an anonymous consultation goes strictly after its days without activity, whatever its stage', () => {
    assert.equal(
      retentionDue({ kind: 'anonymous', stage: 'mapping', lastActivityAt: ago(90 * day) }, period, now),
      null,
    );
    assert.equal(
      retentionDue({ kind: 'anonymous', stage: 'mapping', lastActivityAt: ago(90 * day + 1) }, period, now),
      'anonymous-inactive',
    );
    assert.equal(
      retentionDue({ kind: 'anonymous', stage: 'closed', lastActivityAt: ago(31 * day) }, period, now),
      null,
    );
  });
  it('a consented case goes only when closed, after the closed period', () => {
    assert.equal(
      retentionDue({ kind: 'consented', stage: 'closed', lastActivityAt: ago(30 * day + 1) }, period, now),
      'closed-expired',
    );
    assert.equal(
      retentionDue({ kind: 'consented', stage: 'closed', lastActivityAt: ago(30 * day) }, period, now),
      null,
    );
    assert.equal(
      retentionDue({ kind: 'consented', stage: 'plan-active', lastActivityAt: ago(3650 * day) }, period, now),
      null,
    );
  });
  it('a unit overrides the defaults field by field', () => {
    const rules: RetentionRules = { defaults: defaultRetention, perUnit: new Map([['bvc', { closedCaseDays: 3650 }]]) };
    assert.deepEqual(retentionPeriodFor(rules, 'bvc'), {
      anonymousInactiveDays: defaultRetention.anonymousInactiveDays,
      closedCaseDays: 3650,
    });
    assert.deepEqual(retentionPeriodFor(rules, 'school'), defaultRetention);
  });
  it('organisations.json: file defaults and per-unit periods; nonsense refused', () => {
    const unit = {
      id: 'u1',
      name: 'U',
      authorityType: 'bvc',
      tenantId: '11111111-1111-4111-8111-111111111111',
      wheelId: 'shanarri',
    };
    const cfg = parseOrgConfig(
      { retention: { anonymousInactiveDays: 60 }, orgUnits: [{ ...unit, retention: { closedCaseDays: 3650 } }] },
      'test',
    );
    assert.deepEqual(cfg.retention && retentionPeriodFor(cfg.retention, 'u1'), {
      anonymousInactiveDays: 60,
      closedCaseDays: 3650,
    });
    assert.throws(
      () => parseOrgConfig({ retention: { anonymousInactiveDays: 0 }, orgUnits: [unit] }, 'test'),
      /anonymousInactiveDays/,
    );
    assert.throws(() => parseOrgConfig({ orgUnits: [{ ...unit, retention: { forever: true } }] }, 'test'), /forever/);
  });
});

describe('CSV safe against formula injection', () => {
  it('quotes every field and defuses cells a spreadsheet would evaluate', () => {
    assert.equal(csvField('=HYPERLINK("http://x","klicka")'), `"'=HYPERLINK(""http://x"",""klicka"")"`);
    for (const lead of ['=', '+', '-', '@', '\t', '\r']) assert.ok(csvField(`${lead}1+1`).startsWith(`"'${lead}`));
    assert.equal(csvField('Anna Lind'), '"Anna Lind"');
    assert.equal(csvField(42), '"42"');
    assert.equal(csvField(null), '""');
    assert.equal(toCsv(['a', 'b'], [['x', 1]]), '"a","b"\r\n"x","1"\r\n');
  });
  it('property: no field starts with a formula character once opened', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const inner = csvField(s).slice(1, -1).replace(/""/g, '"');
        assert.ok(!/^[=+\-@\t\r]/.test(inner));
      }),
    );
  });
});

describe('statistics month range', () => {
  it('lists the months inclusive and refuses bad or too long ranges', () => {
    assert.deepEqual(monthRange('2025-11', '2026-02'), ['2025-11', '2025-12', '2026-01', '2026-02']);
    assert.equal(monthRange('2026-02', '2026-01'), null);
    assert.equal(monthRange('2026-13', '2026-14'), null);
    assert.equal(monthRange('2020-01', '2026-01'), null);
  });
});

describe('statistics per consulted unit', () => {
  const raw = (individual: Record<string, number>, group: Record<string, number>): RawStatistics => ({
    months: ['2026-03'],
    consultations: new Map(),
    firstMeeting: new Map(),
    followUps: new Map(),
    worryAreas: new Map(),
    stageChanges: new Map(),
    outcomes: new Map(),
    consulteeUnits: new Map([
      ['individual', new Map(Object.entries(individual))],
      ['group', new Map(Object.entries(group))],
    ]),
  });

  it('publishes one cell per unit and subject, every count under 5 (0 included) as "<5"', () => {
    const report = publishStatistics('2026-03', '2026-03', raw({ social: 7, bvc: 4 }, { social: 5 }));
    assert.deepEqual(report.consulteeUnits, [
      { unitId: 'bvc', subject: 'individual', cases: '<5' },
      { unitId: 'bvc', subject: 'group', cases: '<5' },
      { unitId: 'social', subject: 'individual', cases: 7 },
      { unitId: 'social', subject: 'group', cases: 5 },
    ]);
  });

  it('property: no published count under 5, and every count of 5 or more is shown as it is (no totals to protect)', () => {
    const counts = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), fc.nat({ max: 12 }));
    fc.assert(
      fc.property(counts, counts, (individual, group) => {
        const report = publishStatistics('2026-03', '2026-03', raw(individual, group));
        for (const cell of report.consulteeUnits) {
          const value = (cell.subject === 'individual' ? individual : group)[cell.unitId] ?? 0;
          assert.deepEqual(cell.cases, value < 5 ? '<5' : value);
        }
        const units = new Set([...Object.keys(individual), ...Object.keys(group)]);
        assert.equal(report.consulteeUnits.length, units.size * 2);
      }),
    );
  });
});

/**
 * Reports over real HTTP with DEV_AUTH personas: the family's plan PDF (its text, the wheel's
 * colours, nothing outside the current agreed plan version; 404 for a non-party; a single-use,
 * short-lived download link), the audit export for the log reviewer only, and the statistics for
 * the manager only — each access audited.
 */
import assert from 'node:assert/strict';
import { anyAreas } from '../support/rules';
import { planWriteRule } from '../../src/domain/plan';
import { consulteeAddRule } from '../../src/domain/case';
import { loadOrgConfig } from '../../src/config/org-config';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import type { Actor } from '../../src/domain/actor';
import type { PlanContent } from '../../src/domain/plan';
import { startApp, type RunningApp } from '../../src/http/app';
import { readAuditRows } from '../../src/storage/audit-reader';
import { familyPlansFor } from '../../src/storage/family-plan-repository';
import { repositoriesFor } from '../../src/storage/repositories';
import { pdfFillColours, pdfText } from '../support/pdf-text';
import { persona } from '../support/personas';
import { everyCategory } from '../support/world';
import { freePort } from '../support/net';

const anna = persona('Anna Lind');
const bo = persona('Bo Ek');
const cecilia = persona('Cecilia Berg');
const eva = persona('Eva Strand');
const maja = persona('Maja Nord');

class TestClock {
  constructor(public t = Date.now()) {}
  now(): Date {
    return new Date(this.t);
  }
}

const secrets = {
  consultation: 'KONSULTATIONSHEMLIGHET',
  assessment: 'BEDÖMNINGSHEMLIGHET',
  oldReason: 'GAMMAL ANLEDNING',
  draft: 'OGODKÄNT UTKAST',
  personnummer: '20150412-2381',
  name: 'Kim Testsson',
};

function plan(reason: string, lead: Actor): PlanContent {
  return {
    reason,
    needs: [
      {
        areaId: 'trygghet',
        need: 'Lugna morgnar',
        childView: 'Det är stökigt hemma på morgonen',
        guardianView: 'Vi vill ha hjälp med rutiner',
        level: 'significant',
      },
      { areaId: 'halsa', need: 'Sova mer', childView: 'Jag är trött', guardianView: '', level: 'some' },
      { areaId: 'fritid', need: '', childView: 'Jag gillar fotboll', guardianView: '', level: 'none' },
    ],
    goals: [{ goal: 'Komma i tid till skolan', inChildsWords: 'Jag vill hinna äta frukost' }],
    actions: [
      {
        what: 'Morgonschema med bilder',
        who: 'Bo Ek',
        orgUnitId: 'lunda-socialtjansten',
        byWhen: '2026-12-15',
        howWeWillKnow: 'Färre sena ankomster',
      },
    ],
    childsWishForLead: 'Bo',
    leadProfessional: {
      tenantId: lead.tenantId,
      objectId: lead.objectId,
      displayName: lead.displayName,
      orgUnitId: lead.orgUnitId,
    },
    followUpDate: '2027-01-20',
    disagreements: '',
    consentId: null,
    recipients: [],
  };
}

describe('reports API (family plan PDF, audit export, statistics)', function () {
  this.timeout(90_000);
  let app: RunningApp;
  let dir: string;
  let caseId: string;
  const clock = new TestClock();

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-reports-'));
    app = await startApp(
      loadConfig({ PORT: String(await freePort()), DATA_DIR: dir, DEV_AUTH: 'true' }),
      pino({ level: 'silent' }),
      { clock },
    );
    const repos = repositoriesFor(app.db, bo, 'seed', clock);
    const kase = await repos.cases.createCase({
      kind: 'consented',
      details: { worryAreas: ['trygghet'], observations: secrets.consultation, tried: '' },
      child: { name: secrets.name, personnummer: secrets.personnummer, guardians: [{ name: 'Vera' }] },
      consent: {
        givenBy: [{ kind: 'guardian', name: 'Vera' }],
        orgUnitIds: ['lunda-norrskolan'],
        // Every category: social services see the whole case (the categories' own tests: information-categories).
        informationCategories: everyCategory,
        purpose: 'Samverkan',
        validFrom: new Date(clock.t - 1000),
        validTo: new Date(clock.t + 365 * 86_400_000),
      },
    });
    caseId = kase.id;
    await repos.parties.addParty(caseId, { ...anna, role: 'participant' });
    await repos.assessments.saveAssessment(
      caseId,
      { answers: { q1: secrets.assessment }, areas: {} },
      0,
      anyAreas({ answers: { q1: secrets.assessment }, areas: {} }),
    );
    await repos.plans.savePlan(
      caseId,
      plan(secrets.oldReason, bo),
      true,
      0,
      planWriteRule(plan(secrets.oldReason, bo), true),
    );
    await repos.plans.savePlan(
      caseId,
      plan('Barnet kommer ofta för sent och är trött', bo),
      true,
      1,
      planWriteRule(plan('Barnet kommer ofta för sent och är trött', bo), true),
    );
    await repos.plans.savePlan(
      caseId,
      plan(secrets.draft, bo),
      false,
      2,
      planWriteRule(plan(secrets.draft, bo), false),
    );
  });
  after(async () => {
    await app?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const get = (who: Actor | null, route: string) =>
    fetch(`${app.url}${route}`, { headers: who ? { 'x-samsyn-dev-persona': who.objectId } : {} });

  it('the family PDF holds the current agreed plan in plain Swedish, the wheel in colour, and nothing else', async () => {
    const r = await get(anna, `/api/tab/cases/${caseId}/plan.pdf?lang=sv`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/pdf');
    const pdf = new Uint8Array(await r.arrayBuffer());
    const text = await pdfText(pdf);
    for (const expected of [
      'Barnets plan',
      'Barnet kommer ofta för sent och är trött',
      'Vem hjälper till med vad',
      'Morgonschema med bilder',
      'Bo Ek, Socialtjänsten, Lunda kommun',
      'Klart senast: 2026-12-15',
      'Jag vill hinna äta frukost',
      'Det är stökigt hemma på morgonen',
      'Din kontaktperson',
      'bo.ek@lunda.example',
      '2027-01-20',
      'Trygghet',
      'Tillhörighet',
    ]) {
      assert.ok(text.includes(expected), `expected "${expected}" in:\n${text}`);
    }
    for (const secret of Object.values(secrets))
      assert.ok(!text.includes(secret), `"${secret}" must not be in the family PDF`);
    assert.ok(!text.includes('20150412'));
    const colours = await pdfFillColours(pdf);
    for (const c of ['#e05252', '#f6c343', '#4caf50', '#c9ced6'])
      assert.ok(colours.has(c), `wheel colour ${c} in ${[...colours].join(',')}`);

    const en = await pdfText(
      new Uint8Array(await (await get(anna, `/api/tab/cases/${caseId}/plan.pdf?lang=en`)).arrayBuffer()),
    );
    assert.ok(en.includes('Who helps with what'), en);
    assert.ok(en.includes('Your contact person'), en);
  });

  it('a non-party gets 404 for the PDF, and the attempt is audited', async () => {
    const r = await get(cecilia, `/api/tab/cases/${caseId}/plan.pdf`);
    assert.equal(r.status, 404);
    const rows = (await readAuditRows(app.db, { caseId })).filter((a) => a.action === 'plan.familyPdf');
    assert.ok(rows.some((a) => a.actorObjectId === cecilia.objectId && a.outcome === 'denied'));
    assert.ok(rows.some((a) => a.actorObjectId === anna.objectId && a.outcome === 'success'));
  });

  it('a download link works once, only within 10 minutes, and only for the plan version it was issued for', async () => {
    const links = familyPlansFor(app.db, anna, 'link', clock);
    const first = await links.issueDownloadLink(caseId, 'sv');
    const ok = await get(null, `/api/family-plan/${first.token}`);
    assert.equal(ok.status, 200);
    assert.ok((await pdfText(new Uint8Array(await ok.arrayBuffer()))).includes('Morgonschema med bilder'));
    assert.equal((await get(null, `/api/family-plan/${first.token}`)).status, 404, 'single use');

    const late = await links.issueDownloadLink(caseId, 'sv');
    clock.t += 10 * 60_000 + 1;
    assert.equal((await get(null, `/api/family-plan/${late.token}`)).status, 404, 'expired');

    const stale = await links.issueDownloadLink(caseId, 'en');
    await repositoriesFor(app.db, bo, 'revise', clock).plans.savePlan(
      caseId,
      plan('Ny version', bo),
      true,
      3,
      planWriteRule(plan('Ny version', bo), true),
    );
    assert.equal(
      (await get(null, `/api/family-plan/${stale.token}`)).status,
      404,
      'a newer agreed version replaces the one the link was for',
    );
    const invalidLink = await get(null, '/api/family-plan/not-a-token');
    assert.equal(invalidLink.status, 404);
    assert.match(await invalidLink.text(), /Länken har redan använts/);

    const stored = await app.db.query<{ token_hash: string }>('SELECT token_hash FROM plan_download');
    assert.ok(
      stored.rows.every((row) => row.token_hash !== first.token && /^[0-9a-f]{64}$/.test(row.token_hash)),
      'only the hash is stored',
    );
    const audited = (await readAuditRows(app.db, { caseId }))
      .filter((a) => a.actorObjectId === anna.objectId)
      .map((a) => a.action);
    assert.ok(audited.includes('plan.familyLink'));
  });

  it('the audit export: the log reviewer gets CSV and JSON of the range; others get 403, audited', async () => {
    const from = new Date(clock.t - 86_400_000).toISOString();
    const to = new Date(clock.t + 86_400_000).toISOString();
    const q = `caseId=${caseId}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    const json = await get(eva, `/api/tab/audit-export?${q}&format=json`);
    assert.equal(json.status, 200);
    const body = (await json.json()) as { rows: { action: string; caseId: string; actorObjectId: string }[] };
    assert.ok(body.rows.length > 5);
    assert.ok(body.rows.every((row) => row.caseId === caseId));
    assert.ok(body.rows.some((row) => row.action === 'plan.familyPdf' && row.actorObjectId === cecilia.objectId));

    const csv = await get(eva, `/api/tab/audit-export?${q}&format=csv`);
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
    const lines = (await csv.text())
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n');
    assert.match(lines[0] ?? '', /^"Tidpunkt","Logg \(enhet\)"/);
    assert.equal(
      lines.length - 1,
      body.rows.length + 1,
      'the same rows, plus the JSON export that was audited in between',
    );

    assert.equal((await get(bo, `/api/tab/audit-export?${q}`)).status, 403);
    assert.equal((await get(maja, `/api/tab/audit-export?${q}`)).status, 403);
    assert.equal(
      (await get(eva, `/api/tab/audit-export?caseId=${caseId}&from=yesterday&to=${encodeURIComponent(to)}`)).status,
      400,
    );
    const exports = (await readAuditRows(app.db))
      .filter((a) => a.action === 'audit.export')
      .map((a) => `${a.actorObjectId}:${a.outcome}`);
    assert.deepEqual(
      exports.filter((e) => e.startsWith(bo.objectId) || e.startsWith(maja.objectId)).sort(),
      [`${bo.objectId}:denied`, `${maja.objectId}:denied`].sort(),
    );
    assert.equal(exports.filter((e) => e === `${eva.objectId}:success`).length, 2);
  });

  it('statistics: JSON and CSV for the manager per calendar year, 403 for others', async () => {
    // An anonymous consultation of Bo's unit on which Cecilia (BVC) was consulted.
    const repos = repositoriesFor(app.db, bo, 'seed', clock);
    const consultation = await repos.cases.createCase({
      kind: 'anonymous',
      details: { worryAreas: ['trygghet'], observations: 'Oro', tried: '' },
    });
    await repos.parties.addParty(
      consultation.id,
      { ...cecilia, role: 'consultee' },
      consulteeAddRule(cecilia, clock.now()),
    );
    const bvc = loadOrgConfig().orgUnits.find((u) => u.id === cecilia.orgUnitId)!.name;
    const month = new Date(clock.t).toISOString().slice(0, 7);
    const year = month.slice(0, 4);
    const r = await get(maja, `/api/tab/statistics?year=${year}`);
    assert.equal(r.status, 200);
    const body = (await r.json()) as {
      consultations: { months: { month: string; total: unknown }[] };
      consulteeUnits: unknown[];
      suppression: { small: string };
    };
    assert.equal(body.consultations.months.length, 12);
    assert.equal(
      body.consultations.months.find((m) => m.month === month)?.total,
      '<5',
      'two consultations this month: suppressed',
    );
    assert.deepEqual(body.consulteeUnits, [
      { unitId: cecilia.orgUnitId, subject: 'individual', cases: '<5', unitName: bvc },
      { unitId: cecilia.orgUnitId, subject: 'group', cases: '<5', unitName: bvc },
    ]);
    assert.equal(body.suppression.small, '<5');
    const csv = await get(maja, `/api/tab/statistics?year=${year}&format=csv`);
    assert.equal(csv.status, 200);
    const csvText = await csv.text();
    assert.ok(csvText.includes('"Konsultationer"'));
    assert.ok(
      csvText.includes(`"Konsulterade enheter: antal konsultationer","Hela perioden","${bvc} (enskilt barn)","<5"`),
      csvText,
    );
    assert.ok(!csvText.includes(consultation.id), 'no case id in the CSV');
    assert.equal((await get(bo, `/api/tab/statistics?year=${year}`)).status, 403);
    // Free ranges are refused: overlapping ranges would give a suppressed count by subtraction.
    assert.equal((await get(maja, `/api/tab/statistics?from=${month}&to=${month}`)).status, 400);
    assert.equal((await get(maja, `/api/tab/statistics?year=26`)).status, 400);
  });
});

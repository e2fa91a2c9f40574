/**
 * The agency's copy of the agreed plan (issue 18, item 5) over HTTP: JSON valid against the schema in
 * docs/schemas, the copy filtered by what the party's unit may see (withheld parts named), the SIP
 * label when the copy meets the minimum and what is missing when it does not, the PDF saying the
 * same, a non-party or an uncovered unit answered 404 — and every export audited, allowed or denied.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import type { Actor } from '../../src/domain/actor';
import type { PlanContent } from '../../src/domain/plan';
import { planWriteRule } from '../../src/domain/plan';
import type { PlanExport } from '../../src/domain/plan-export';
import { startApp, type RunningApp } from '../../src/http/app';
import { readAuditRows } from '../../src/storage/audit-reader';
import { repositoriesFor } from '../../src/storage/repositories';
import { anyAreas } from '../support/rules';
import { hiddenFromSchool, schoolArea, spanningAssessment, spanningDetails, spanningPlan } from '../support/categories';
import { freePort } from '../support/net';
import { pdfText } from '../support/pdf-text';
import { persona } from '../support/personas';
import { FakeClock } from '../support/world';

const anna = persona('Anna Lind');
const bo = persona('Bo Ek');
const cecilia = persona('Cecilia Berg');
const david = persona('David Holm');

const schema = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../../docs/schemas/plan-export.v1.schema.json'), 'utf8'),
) as object;
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile<PlanExport>(schema);

function assertValid(body: unknown): asserts body is PlanExport {
  assert.ok(validate(body), JSON.stringify(validate.errors, null, 2));
}

describe('the agency copy of the agreed plan (plan-export.json / .pdf)', function () {
  this.timeout(120_000);
  let app: RunningApp;
  let dir: string;
  let caseId: string;
  let bvcConsentId: string;
  const clock = new FakeClock(new Date(Date.now() - 60_000));
  const lead = { tenantId: bo.tenantId, objectId: bo.objectId, displayName: bo.displayName, orgUnitId: bo.orgUnitId };
  // Two agencies answer for actions: a coordinated plan.
  const base = spanningPlan(lead);
  const plan: PlanContent = {
    ...base,
    actions: [
      ...base.actions,
      {
        what: 'Extra lästräning',
        who: anna.displayName,
        orgUnitId: anna.orgUnitId,
        byWhen: '2026-05-01',
        howWeWillKnow: 'Läsprov',
      },
    ],
  };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-plan-export-'));
    app = await startApp(
      loadConfig({ PORT: String(await freePort()), DATA_DIR: dir, DEV_AUTH: 'true' }),
      pino({ level: 'silent' }),
      { clock, outboxIntervalMs: 3_600_000 },
    );
    // Social services own the case; the school is covered for school attendance and learning only;
    // child health (BVC) for everything, until that consent is withdrawn.
    const repos = repositoriesFor(app.db, bo, 'seed', clock);
    const now = clock.now().getTime();
    const period = { validFrom: new Date(now - 1000), validTo: new Date(now + 86_400_000 * 200) };
    const kase = await repos.cases.createCase({
      kind: 'consented',
      details: spanningDetails,
      child: { name: 'Kim Testsson', birthDate: '2015-04-12', guardians: [{ name: 'Vera Testsson' }] },
      consent: {
        givenBy: [{ kind: 'guardian', name: 'Vera Testsson' }],
        orgUnitIds: [anna.orgUnitId],
        informationCategories: ['school-attendance-learning'],
        purpose: 'Samverkan kring skolgången',
        ...period,
        sheetVersion: '2026-1',
        obtainedHow: 'written',
      },
    });
    caseId = kase.id;
    const bvc = await repos.consents.recordConsent(caseId, {
      givenBy: [{ kind: 'guardian', name: 'Vera Testsson' }, { kind: 'child' }],
      orgUnitIds: [cecilia.orgUnitId],
      informationCategories: [
        'contact-details',
        'school-attendance-learning',
        'physical-mental-health',
        'home-family',
        'support-given',
        'child-account-wishes',
      ],
      purpose: 'Samverkan kring hälsan',
      ...period,
      obtainedHow: 'oral-documented',
    });
    bvcConsentId = bvc.id;
    await repos.parties.addParty(caseId, { ...anna, role: 'participant' });
    await repos.parties.addParty(caseId, { ...cecilia, role: 'participant' });
    await repos.assessments.saveAssessment(caseId, spanningAssessment, 0, anyAreas(spanningAssessment));
    await repos.plans.savePlan(caseId, plan, true, 0, planWriteRule(plan, true));
  });
  after(async () => {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const get = (who: Actor, route: string, lang = 'sv') =>
    fetch(`${app.url}${route}`, { headers: { 'x-samsyn-dev-persona': who.objectId, 'accept-language': lang } });
  const exportJson = async (who: Actor) => {
    const r = await get(who, `/api/tab/cases/${caseId}/plan-export.json`);
    assert.equal(r.status, 200);
    const body: unknown = await r.json();
    assertValid(body);
    return body;
  };
  const exportPdfText = async (who: Actor, lang = 'sv') => {
    const r = await get(who, `/api/tab/cases/${caseId}/plan-export.pdf`, lang);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/pdf');
    return (await pdfText(new Uint8Array(await r.arrayBuffer()))).replace(/\s+/g, ' ');
  };
  const audits = async (who: Actor) =>
    (await readAuditRows(app.db, { caseId }))
      .filter((a) => a.action === 'plan.agencyExport' && a.actorObjectId === who.objectId)
      .map((a) => a.outcome);

  it('the owning unit gets the whole plan as JSON in the schema, labelled SIP, with the consents in force', async () => {
    const e = await exportJson(bo);
    assert.equal(e.schema, 'urn:samsyn:schema:plan-export:v1');
    assert.equal(e.sip.label, 'SIP');
    assert.deepEqual(e.sip.missing, []);
    assert.equal(e.coverage.complete, true);
    assert.deepEqual(e.withheld, { fields: [], areas: [] });
    assert.equal(e.plan.needs.length, 3);
    assert.deepEqual(
      e.plan.actions?.map((a) => a.unit.id),
      [bo.orgUnitId, anna.orgUnitId],
    );
    assert.equal(e.plan.leadProfessional?.name, bo.displayName);
    assert.equal(e.plan.followUpDate, '2026-04-15');
    // Both consents in force, with how they were obtained and the sheet given; kinds only, no names.
    assert.deepEqual(e.consents.map((c) => c.obtainedHow).sort(), ['oral-documented', 'written']);
    assert.ok(e.consents.some((c) => c.sheetVersion === '2026-1' && c.purpose === 'Samverkan kring skolgången'));
    assert.ok(!JSON.stringify(e).includes('Vera'), "a guardian's name reached the export");
    assert.ok(!JSON.stringify(e).includes('Kim Testsson'), "the child's name reached the export");
    assert.deepEqual(await audits(bo), ['success']);
  });

  it('a unit covered for some categories gets the filtered plan, the withheld parts named, and no SIP label', async () => {
    const e = await exportJson(anna);
    const text = JSON.stringify(e);
    for (const hidden of hiddenFromSchool) assert.ok(!text.includes(hidden), `"${hidden}" reached the school's copy`);
    assert.ok(text.includes('Stöd i matematik'), 'control: the school need is there');
    assert.deepEqual(
      e.plan.needs.map((n) => n.areaId),
      [schoolArea],
    );
    assert.equal(e.plan.actions, undefined);
    assert.equal(e.plan.reason, undefined);
    assert.equal(e.coverage.complete, false);
    assert.deepEqual(e.coverage.categories, ['school-attendance-learning']);
    assert.deepEqual(
      e.withheld.fields.map((f) => `${f.field}:${f.category}`),
      [
        'plan.reason:all-categories',
        'plan.goals:support-given',
        'plan.actions:support-given',
        'plan.childsWishForLead:child-account-wishes',
        'plan.disagreements:child-account-wishes',
      ],
    );
    assert.ok(e.withheld.areas.some((a) => a.areaId === 'halsa' && a.category === 'physical-mental-health'));
    assert.equal(e.sip.label, null);
    assert.ok(e.sip.missing.some((m) => m.criterion === 'interventions' && m.withheld));
    // Only the consent covering the school, not the one for child health.
    assert.deepEqual(
      e.consents.map((c) => c.units.map((u) => u.id)),
      [[anna.orgUnitId]],
    );
    assert.deepEqual(await audits(anna), ['success']);
  });

  it('the PDF says the same: SIP for the owning unit (sv and en), "not a SIP" and the withheld parts for the school', async () => {
    const owner = await exportPdfText(bo);
    assert.ok(owner.includes('SIP – samordnad individuell plan'), owner);
    for (const shown of ['Morgonsamtal', 'Extra lästräning', 'Samverkan kring hälsan', 'Muntligt och dokumenterat'])
      assert.ok(owner.includes(shown), `"${shown}" missing from the owner's PDF`);
    const english = await exportPdfText(bo, 'en');
    assert.ok(english.includes('SIP – coordinated individual plan'), english);

    const school = await exportPdfText(anna);
    assert.ok(!school.includes('SIP – samordnad'), 'the school copy is labelled SIP');
    assert.ok(school.includes('Inte en SIP'), school);
    assert.ok(school.includes('vilka insatser som behövs'), 'the missing criterion is named');
    assert.ok(school.includes('Undanhållet i den här kopian'), 'the withheld parts are named');
    assert.ok(school.includes('Stöd i matematik'), 'control: the school need is in the PDF');
    for (const hidden of hiddenFromSchool) assert.ok(!school.includes(hidden), `"${hidden}" reached the school's PDF`);
    assert.deepEqual(await audits(bo), ['success', 'success', 'success']);
  });

  it('a non-party, and a party whose consent was withdrawn, get 404 — audited as denied', async () => {
    for (const route of ['plan-export.json', 'plan-export.pdf'])
      assert.equal((await get(david, `/api/tab/cases/${caseId}/${route}`)).status, 404);
    assert.deepEqual(await audits(david), ['denied', 'denied']);

    assert.equal((await get(cecilia, `/api/tab/cases/${caseId}/plan-export.json`)).status, 200);
    await repositoriesFor(app.db, bo, 'withdraw', clock).consents.withdrawConsent(caseId, bvcConsentId);
    assert.equal((await get(cecilia, `/api/tab/cases/${caseId}/plan-export.json`)).status, 404);
    assert.deepEqual(await audits(cecilia), ['success', 'denied']);
  });

  it("a plan whose actions are one agency's is not a SIP, and the copy says what is missing", async () => {
    const single: PlanContent = { ...plan, actions: base.actions };
    await repositoriesFor(app.db, bo, 'revise', clock).plans.savePlan(
      caseId,
      single,
      true,
      1,
      planWriteRule(single, true),
    );
    const e = await exportJson(bo);
    assert.equal(e.plan.version, 2);
    assert.equal(e.sip.label, null);
    assert.deepEqual(e.sip.missing, [{ criterion: 'severalAgencies', withheld: false }]);
    const text = await exportPdfText(bo);
    assert.ok(text.includes('Inte en SIP'), text);
    assert.ok(text.includes('åtgärder från minst två verksamheter'), text);
  });
});

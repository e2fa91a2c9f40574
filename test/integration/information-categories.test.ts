/**
 * Information categories through the doors above the storage door: the tab API and the family plan
 * PDF show a unit whose consent covers only "school attendance and learning" the school area of the
 * wheel and the school parts of the plan, nothing of health or home (nor the reason recorded for a
 * lead other than the child's wish); the owning unit sees everything.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import type { Actor } from '../../src/domain/actor';
import { anyAreas } from '../support/rules';
import { planWriteRule } from '../../src/domain/plan';
import { startApp, type RunningApp } from '../../src/http/app';
import { repositoriesFor } from '../../src/storage/repositories';
import { freePort } from '../support/net';
import { pdfText } from '../support/pdf-text';
import { persona } from '../support/personas';
import {
  healthArea,
  hiddenFromSchool,
  homeArea,
  schoolArea,
  spanningAssessment,
  spanningDetails,
  spanningPlan,
} from '../support/categories';
import { FakeClock } from '../support/world';

const anna = persona('Anna Lind');
const bo = persona('Bo Ek');

interface TabCase {
  assessments: { areas: Record<string, unknown>; answers: Record<string, string> }[];
  plan: {
    content: { needs: { areaId: string }[]; goals: unknown[]; actions: unknown[]; reason: string };
    leadReason: string | null;
  } | null;
  canPlan: boolean;
}

describe('information categories at the tab API and the family plan PDF', function () {
  this.timeout(120_000);
  let app: RunningApp;
  let dir: string;
  let caseId: string;
  const clock = new FakeClock(new Date(Date.now() - 60_000));
  const leadReason = 'Anna är tjänstledig under våren';
  const plan = spanningPlan({
    tenantId: bo.tenantId,
    objectId: bo.objectId,
    displayName: bo.displayName,
    orgUnitId: bo.orgUnitId,
  });

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-categories-'));
    app = await startApp(
      loadConfig({ PORT: String(await freePort()), DATA_DIR: dir, DEV_AUTH: 'true' }),
      pino({ level: 'silent' }),
      { clock, outboxIntervalMs: 3_600_000 },
    );
    // Social services own the case; the school is covered for school attendance and learning only.
    const repos = repositoriesFor(app.db, bo, 'seed', clock);
    const now = clock.now().getTime();
    const kase = await repos.cases.createCase({
      kind: 'consented',
      details: spanningDetails,
      child: { name: 'Kim Testsson', birthDate: '2015-04-12', guardians: [{ name: 'Vera' }] },
      consent: {
        givenBy: [{ kind: 'guardian', name: 'Vera' }],
        orgUnitIds: [anna.orgUnitId],
        informationCategories: ['school-attendance-learning'],
        purpose: 'Samverkan',
        validFrom: new Date(now - 1000),
        validTo: new Date(now + 86_400_000 * 200),
      },
    });
    caseId = kase.id;
    await repos.parties.addParty(caseId, { ...anna, role: 'participant' });
    await repos.assessments.saveAssessment(caseId, spanningAssessment, 0, anyAreas(spanningAssessment));
    await repos.plans.savePlan(caseId, plan, true, 0, planWriteRule(plan, true));
    // The child wished for Anna; Bo leads, for a reason recorded in the history (as save-plan.ts does).
    await repos.voices.saveVoice(
      caseId,
      'child',
      {
        areas: {},
        words: { good: '', hard: '', wish: '' },
        wishedLead: { tenantId: anna.tenantId, objectId: anna.objectId, displayName: anna.displayName },
      },
      0,
      [],
    );
    await repos.history.record(caseId, {
      type: 'lead.againstChildsWish',
      detail: { role: 'lead-professional', reason: leadReason, planVersion: 1 },
    });
  });
  after(async () => {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const call = (who: Actor, route: string) =>
    fetch(`${app.url}${route}`, { headers: { 'x-samsyn-dev-persona': who.objectId } });

  it('the tab shows the school only the school area and the school parts of the plan', async () => {
    const r = await call(anna, `/api/tab/cases/${caseId}`);
    assert.equal(r.status, 200);
    const text = await r.text();
    const body = JSON.parse(text) as TabCase;
    assert.deepEqual(Object.keys(body.assessments[0]?.areas ?? {}), [schoolArea]);
    assert.deepEqual(body.assessments[0]?.answers, {});
    assert.deepEqual(
      body.plan?.content.needs.map((n) => n.areaId),
      [schoolArea],
    );
    assert.deepEqual(body.plan?.content.actions, []);
    assert.equal(body.plan?.content.reason, '');
    assert.ok(text.includes('Stöd i matematik'), 'control: the school need is there');
    assert.equal(body.canPlan, false, 'a partial view is not offered the plan form');
    assert.equal(body.plan?.leadReason, null, "the lead's reason is not the school's to see");
    for (const hidden of [...hiddenFromSchool, leadReason])
      assert.ok(!text.includes(hidden), `"${hidden}" reached the tab`);
  });

  it('the tab shows the owning unit everything', async () => {
    const r = await call(bo, `/api/tab/cases/${caseId}`);
    const body = (await r.json()) as TabCase;
    assert.deepEqual(Object.keys(body.assessments[0]?.areas ?? {}).sort(), [healthArea, homeArea, schoolArea].sort());
    assert.equal(body.plan?.content.needs.length, 3);
    assert.equal(body.plan?.content.actions.length, 1);
    assert.equal(body.plan?.leadReason, leadReason);
    assert.equal(body.canPlan, true);
  });

  it("the family plan PDF holds the school's part for the school, and the whole plan for the owning unit", async () => {
    const school = await call(anna, `/api/tab/cases/${caseId}/plan.pdf`);
    assert.equal(school.status, 200);
    const schoolText = (await pdfText(new Uint8Array(await school.arrayBuffer()))).replace(/\s+/g, ' ');
    assert.ok(schoolText.includes('Stöd i matematik'), 'control: the school need is in the PDF');
    for (const hidden of hiddenFromSchool) assert.ok(!schoolText.includes(hidden), `"${hidden}" reached the PDF`);

    const owner = await call(bo, `/api/tab/cases/${caseId}/plan.pdf`);
    const ownerText = (await pdfText(new Uint8Array(await owner.arrayBuffer()))).replace(/\s+/g, ' ');
    for (const shown of ['Stöd i matematik', 'Utredning av sömnen', 'Stöd till föräldrarna', 'Morgonsamtal'])
      assert.ok(ownerText.includes(shown), `"${shown}" missing from the owner's PDF`);
  });
});

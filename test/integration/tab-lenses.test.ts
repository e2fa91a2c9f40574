/**
 * The GIRFEC lenses over real HTTP with DEV_AUTH personas: the case view offers the configured lenses
 * (in the caller's language) and none is used at first; a party chooses lenses and saves a My World
 * Triangle and a Resilience Matrix (stored, audited, a stale save a 409 with what is stored); the
 * family PDF holds the lenses in Swedish and English once they are used, and nothing of them before.
 * On an anonymous consultation the guard refuses identifying lens text with a 422 naming the field
 * and the text redacted, storing nothing; possible names wait for the caller's confirmation.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import type { CaseView } from '../../src/contracts/tab-api';
import type { Actor } from '../../src/domain/actor';
import type { PlanContent } from '../../src/domain/plan';
import { planWriteRule } from '../../src/domain/plan';
import { systemClock } from '../../src/domain/ports';
import { startApp, type RunningApp } from '../../src/http/app';
import { repositoriesFor } from '../../src/storage/repositories';
import { freePort } from '../support/net';
import { pdfText } from '../support/pdf-text';
import { persona } from '../support/personas';
import { everyCategory } from '../support/world';

const anna = persona('Anna Lind');
const bo = persona('Bo Ek');

function plan(lead: Actor): PlanContent {
  return {
    reason: 'Barnet kommer ofta för sent',
    needs: [],
    goals: [{ goal: 'Komma i tid', inChildsWords: '' }],
    actions: [
      { what: 'Morgonschema', who: 'Bo Ek', orgUnitId: lead.orgUnitId, byWhen: '2026-12-15', howWeWillKnow: '' },
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

const triangle = {
  kind: 'triangle',
  sides: {
    'how-i-grow': { strengths: 'Läser gärna serier', worries: 'Sover för lite' },
    'my-wider-world': { strengths: 'Tränar fotboll två kvällar', worries: '' },
  },
};
const matrix = {
  kind: 'matrix',
  placement: { x: -1, y: 2 },
  notes: { 'resilience-adversity': 'Klarar mycket trots trångbott boende' },
};

describe('tab API: the GIRFEC lenses (choose, save, show, family PDF, anonymity guard)', function () {
  this.timeout(90_000);
  let app: RunningApp;
  let dir: string;
  let caseId: string;
  let anonId: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-lenses-'));
    app = await startApp(
      loadConfig({ PORT: String(await freePort()), DATA_DIR: dir, DEV_AUTH: 'true' }),
      pino({ level: 'silent' }),
    );
    const repos = repositoriesFor(app.db, bo, 'seed', systemClock);
    const now = Date.now();
    const kase = await repos.cases.createCase({
      kind: 'consented',
      details: { worryAreas: ['trygghet'], observations: 'Oro', tried: '' },
      child: { name: 'Kim Testsson', personnummer: '20150412-2381', guardians: [{ name: 'Vera' }] },
      consent: {
        givenBy: [{ kind: 'guardian', name: 'Vera' }],
        orgUnitIds: ['lunda-norrskolan'],
        informationCategories: everyCategory,
        purpose: 'Samverkan',
        validFrom: new Date(now - 1000),
        validTo: new Date(now + 365 * 86_400_000),
      },
    });
    caseId = kase.id;
    await repos.parties.addParty(caseId, { ...anna, role: 'participant' });
    await repos.plans.savePlan(caseId, plan(bo), true, 0, planWriteRule(plan(bo), true));
    const anon = await repositoriesFor(app.db, anna, 'seed', systemClock).cases.createCase({
      kind: 'anonymous',
      details: { worryAreas: ['trygghet'], observations: 'Oro', tried: '' },
    });
    anonId = anon.id;
  });
  after(async () => {
    await app?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const call = (who: Actor, method: string, route: string, body?: unknown, language = 'sv') =>
    fetch(`${app.url}${route}`, {
      method,
      headers: {
        'x-samsyn-dev-persona': who.objectId,
        'accept-language': language,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const view = async (who: Actor, language = 'sv') =>
    (await (await call(who, 'GET', `/api/tab/cases/${caseId}`, undefined, language)).json()) as CaseView;
  const pdf = async (language: string) => {
    const r = await call(anna, 'GET', `/api/tab/cases/${caseId}/plan.pdf?lang=${language}`);
    assert.equal(r.status, 200);
    return pdfText(new Uint8Array(await r.arrayBuffer()));
  };
  const audits = async (id: string, action: string) =>
    (
      await app.db.query<{ outcome: string }>(
        'SELECT outcome FROM audit_log WHERE case_id = $1 AND action = $2 ORDER BY seq',
        [id, action],
      )
    ).rows.map((r) => r.outcome);

  it('offers the configured lenses in the caller language, none used, and the PDF holds none of them', async () => {
    const sv = await view(anna);
    assert.deepEqual(
      sv.lenses.available.map((l) => l.name),
      ['Min värld-triangeln', 'Resiliensmatrisen'],
    );
    assert.deepEqual(sv.lenses.chosen, []);
    assert.equal(sv.lenses.version, 0);
    const en = await view(anna, 'en');
    assert.deepEqual(
      en.lenses.available.map((l) => l.name),
      ['My World Triangle', 'Resilience Matrix'],
    );
    const text = await pdf('sv');
    assert.ok(text.includes('Morgonschema'), text);
    assert.ok(!text.includes('Min värld') && !text.includes('Resiliens'), `no lens before one is used:\n${text}`);
  });

  it('chooses lenses and saves a triangle and a matrix: stored, shown, audited; a stale save is a 409', async () => {
    const chose = await call(anna, 'PUT', `/api/tab/cases/${caseId}/lenses`, {
      version: 0,
      lenses: ['resilience-matrix', 'my-world-triangle'],
    });
    assert.equal(chose.status, 200);
    assert.deepEqual(await chose.json(), { version: 1 });
    const t = await call(anna, 'PUT', `/api/tab/cases/${caseId}/lenses/my-world-triangle`, {
      version: 1,
      content: triangle,
    });
    assert.deepEqual(await t.json(), { version: 2 });
    const m = await call(bo, 'PUT', `/api/tab/cases/${caseId}/lenses/resilience-matrix`, {
      version: 2,
      content: matrix,
    });
    assert.deepEqual(await m.json(), { version: 3 });

    const stale = await call(anna, 'PUT', `/api/tab/cases/${caseId}/lenses/my-world-triangle`, {
      version: 2,
      content: { kind: 'triangle', sides: {} },
    });
    assert.equal(stale.status, 409);
    const body = (await stale.json()) as { error: string; current: CaseView['lenses'] };
    assert.equal(body.current.version, 3);
    assert.deepEqual(body.current.content['my-world-triangle'], triangle);

    const d = await view(anna);
    assert.deepEqual(d.lenses.chosen, ['my-world-triangle', 'resilience-matrix']);
    assert.deepEqual(d.lenses.content['resilience-matrix'], matrix);
    assert.equal(d.lenses.updatedBy, bo.displayName);
    const row = await app.db.query<{ version: number }>('SELECT version FROM case_lens WHERE case_id = $1', [caseId]);
    assert.equal(row.rows[0]?.version, 3);
    assert.deepEqual(await audits(caseId, 'lens.write'), ['success', 'success', 'success', 'conflict']);

    const unknown = await call(anna, 'PUT', `/api/tab/cases/${caseId}/lenses/my-world`, {
      version: 3,
      content: triangle,
    });
    assert.equal(unknown.status, 400);
    assert.equal(((await unknown.json()) as { field: string }).field, 'lens');
  });

  it('puts the used lenses into the family PDF, in Swedish and in English', async () => {
    const sv = await pdf('sv');
    for (const expected of [
      'Min värld-triangeln',
      'Hur jag växer och utvecklas',
      'Det här går bra: Läser gärna serier',
      'Det här oroar oss: Sover för lite',
      'Tränar fotboll två kvällar',
      'Resiliensmatrisen',
      'Barnet: +2 på en skala från -2 (Sårbarhet) till +2 (Resiliens).',
      'Omgivning: -1',
      'Klarar mycket trots trångbott boende',
    ])
      assert.ok(sv.replace(/\s+/g, ' ').includes(expected), `expected "${expected}" in:\n${sv}`);
    const en = await pdf('en');
    for (const expected of [
      'My World Triangle',
      'How I grow and develop',
      'Going well: Läser gärna serier',
      'Resilience Matrix',
    ])
      assert.ok(en.includes(expected), `expected "${expected}" in:\n${en}`);
  });

  it('on an anonymous consultation refuses identifying lens text naming the field, and stores nothing', async () => {
    const chose = await call(anna, 'PUT', `/api/tab/cases/${anonId}/lenses`, {
      version: 0,
      lenses: ['my-world-triangle', 'resilience-matrix'],
    });
    assert.equal(chose.status, 200);
    const r = await call(anna, 'PUT', `/api/tab/cases/${anonId}/lenses/resilience-matrix`, {
      version: 1,
      content: {
        kind: 'matrix',
        placement: { x: 1, y: -1 },
        notes: { 'vulnerability-protective': 'Pappa nås på 073-987 65 43', 'resilience-protective': 'Glad i skolan' },
      },
    });
    assert.equal(r.status, 422);
    const body = (await r.json()) as {
      error: string;
      fields: string[];
      redacted: { notes: Record<string, string>; placement: unknown };
    };
    assert.equal(body.error, 'IdentifyingData');
    assert.deepEqual(body.fields, ['resilience-matrix.notes.vulnerability-protective']);
    assert.equal(body.redacted.notes['vulnerability-protective'], 'Pappa nås på [telefonnummer borttaget]');
    assert.equal(body.redacted.notes['resilience-protective'], 'Glad i skolan');
    assert.deepEqual(body.redacted.placement, { x: 1, y: -1 });

    const names = await call(anna, 'PUT', `/api/tab/cases/${anonId}/lenses/my-world-triangle`, {
      version: 1,
      content: { kind: 'triangle', sides: { 'what-i-need': { strengths: 'Bor med Svea Lindqvist', worries: '' } } },
    });
    assert.equal(names.status, 422);
    const asked = (await names.json()) as { error: string; fields: string[] };
    assert.equal(asked.error, 'NamesToConfirm');
    assert.deepEqual(asked.fields, ['my-world-triangle.what-i-need.strengths']);

    const stored = await app.db.query<{ content: unknown; version: number }>(
      'SELECT content, version FROM case_lens WHERE case_id = $1',
      [anonId],
    );
    assert.deepEqual(stored.rows[0], { content: {}, version: 1 });
    const all = JSON.stringify((await app.db.query('SELECT * FROM audit_log')).rows);
    assert.ok(!all.includes('987 65 43'));
  });
});

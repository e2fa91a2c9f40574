/**
 * The tab for a consultee whose unit the consent does not cover (issue 17, item 5), over real HTTP
 * with DEV_AUTH personas: after the conversion the live case is 404 for them, and the personal tab's
 * API lists and opens the anonymous phase as it was — with its advice and nothing identifying.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import type { Actor } from '../../src/domain/actor';
import { consulteeAddRule } from '../../src/domain/case';
import { startApp, type RunningApp } from '../../src/http/app';
import { repositoriesFor } from '../../src/storage/repositories';
import { systemClock } from '../../src/domain/ports';
import { anyAreas } from '../support/rules';
import { freePort } from '../support/net';
import { persona } from '../support/personas';
import { childIdentity, consentFor } from '../support/world';

const anna = persona('Anna Lind');
const bo = persona('Bo Ek');
const cecilia = persona('Cecilia Berg');

describe('tab: the anonymous phase frozen for a consultee the consent does not cover', function () {
  this.timeout(60_000);
  let app: RunningApp;
  let dir: string;
  let caseId: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-tabfrozen-'));
    app = await startApp(
      loadConfig({ PORT: String(await freePort()), DATA_DIR: dir, DEV_AUTH: 'true' }),
      pino({ level: 'silent' }),
    );
    const repos = repositoriesFor(app.db, anna, 'seed', systemClock);
    const kase = await repos.cases.createCase({
      kind: 'anonymous',
      details: { ageBand: '10-12', worryAreas: ['trygghet'], observations: 'Verkar orolig', tried: 'Samtal' },
    });
    caseId = kase.id;
    await repos.parties.addParty(caseId, { ...cecilia, role: 'consultee' }, consulteeAddRule(cecilia, new Date()));
    const advice = {
      answers: { q1: 'Råd från BVC: prata med skolsköterskan', 'next-steps': 'Ett gemensamt möte' },
      areas: {},
    };
    await repositoriesFor(app.db, cecilia, 'seed', systemClock).assessments.saveAssessment(
      caseId,
      advice,
      0,
      anyAreas(advice),
    );
    // The consent covers social services only, not Cecilia's BVC.
    await repos.cases.convertToConsented(
      caseId,
      { child: childIdentity, consent: consentFor([bo.orgUnitId], systemClock) },
      (await repos.cases.getCase(caseId)).version,
    );
  });
  after(async () => {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const get = (who: Actor, route: string) =>
    fetch(`${app.url}${route}`, { headers: { 'x-samsyn-dev-persona': who.objectId } });

  it('the live case is 404 for her; the frozen consultation is listed and opens with the advice, nothing identifying', async () => {
    assert.equal((await get(cecilia, `/api/tab/cases/${caseId}`)).status, 404);
    const list = (await (await get(cecilia, '/api/tab/frozen-consultations')).json()) as {
      consultations: { caseId: string }[];
    };
    assert.deepEqual(
      list.consultations.map((c) => c.caseId),
      [caseId],
    );
    const r = await get(cecilia, `/api/tab/frozen-consultations/${caseId}`);
    assert.equal(r.status, 200);
    const text = await r.text();
    const view = JSON.parse(text) as {
      details: { worryAreas: string[]; observations: string };
      assessments: { author: string; answers: Record<string, string> }[];
      questions: unknown[];
    };
    assert.equal(view.details.observations, 'Verkar orolig');
    assert.equal(view.details.worryAreas.length, 1);
    assert.equal(view.questions.length, 7, 'the five questions and the advice asked of consultees');
    assert.deepEqual(
      view.assessments.map((a) => [a.author, a.answers.q1, a.answers['next-steps']]),
      [['Cecilia Berg', 'Råd från BVC: prata med skolsköterskan', 'Ett gemensamt möte']],
    );
    for (const s of [childIdentity.name, childIdentity.personnummer]) assert.ok(!text.includes(s), `${s} in the view`);
  });

  it('the owner and a stranger get 404 for the frozen view; the owner lists nothing', async () => {
    assert.equal((await get(anna, `/api/tab/frozen-consultations/${caseId}`)).status, 404);
    assert.equal((await get(bo, `/api/tab/frozen-consultations/${caseId}`)).status, 404);
    const list = (await (await get(anna, '/api/tab/frozen-consultations')).json()) as { consultations: unknown[] };
    assert.deepEqual(list.consultations, []);
  });
});

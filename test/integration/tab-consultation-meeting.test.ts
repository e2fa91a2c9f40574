/**
 * The tab for an anonymous consultation's meeting (issue 17, item 2): a professional of another unit
 * invited to the consultation meeting opens the consultation in the tab — the shared agenda (five
 * questions, wheel) without any plan — and saves through the anonymity guard, as the chat does.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import type { Actor } from '../../src/domain/actor';
import { startApp, type RunningApp } from '../../src/http/app';
import { repositoriesFor } from '../../src/storage/repositories';
import { systemClock } from '../../src/domain/ports';
import { persona } from '../support/personas';
import { freePort } from '../support/net';

const anna = persona('Anna Lind');
const bo = persona('Bo Ek');
const cecilia = persona('Cecilia Berg');

describe('tab: an anonymous consultation meeting', function () {
  this.timeout(60_000);
  let app: RunningApp;
  let dir: string;
  let caseId: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-tabcons-'));
    app = await startApp(
      loadConfig({ PORT: String(await freePort()), DATA_DIR: dir, DEV_AUTH: 'true' }),
      pino({ level: 'silent' }),
    );
    const repos = repositoriesFor(app.db, anna, 'seed', systemClock);
    const kase = await repos.cases.createCase({
      kind: 'anonymous',
      details: { ageBand: '10-12', worryAreas: ['trygghet'], observations: 'Verkar orolig', tried: '' },
    });
    caseId = kase.id;
    const start = new Date(Date.now() + 86_400_000);
    await repos.meetings.recordMeeting(caseId, {
      startsAt: start,
      endsAt: new Date(start.getTime() + 3_600_000),
      invitees: [{ ...bo, email: bo.email ?? undefined }],
    });
  });
  after(async () => {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const call = (who: Actor, method: string, route: string, body?: unknown) =>
    fetch(`${app.url}${route}`, {
      method,
      headers: { 'x-samsyn-dev-persona': who.objectId, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('the invited consultee of another unit sees the agenda without consent, and no plan', async () => {
    const r = await call(bo, 'GET', `/api/tab/cases/${caseId}`);
    assert.equal(r.status, 200);
    const body = (await r.json()) as {
      kind: string;
      questions: unknown[];
      wheel: { areas: unknown[] };
      plan: unknown;
      canPlan: boolean;
    };
    assert.equal(body.kind, 'anonymous');
    assert.equal(body.questions.length, 7, 'the five questions and the advice asked of consultees');
    assert.equal(body.wheel.areas.length, 8);
    assert.deepEqual([body.plan, body.canPlan], [null, false]);
    assert.equal((await call(cecilia, 'GET', `/api/tab/cases/${caseId}`)).status, 404, 'not invited: nothing');
  });

  it('saves go through the anonymity guard (a personnummer is refused, the field named); plain text is saved', async () => {
    const area = { level: 'some', strengths: 'Har vänner', worries: '', childView: '' };
    const refused = await call(bo, 'PUT', `/api/tab/cases/${caseId}/assessment`, {
      version: 0,
      answers: {},
      areas: { trygghet: { ...area, worries: 'Barnet 201504122381 är oroligt' } },
    });
    assert.equal(refused.status, 422);
    const reply = (await refused.json()) as { error: string; fields: string[] };
    assert.equal(reply.error, 'IdentifyingData');
    assert.deepEqual(reply.fields, ['areas.trygghet.worries']);
    assert.ok(!JSON.stringify(reply).includes('201504122381'));
    const saved = await call(bo, 'PUT', `/api/tab/cases/${caseId}/assessment`, {
      version: 0,
      answers: {},
      areas: { trygghet: { ...area, worries: 'Oro inför hemgång' } },
    });
    assert.deepEqual([saved.status, await saved.json()], [200, { version: 1 }]);
  });

  it("the consultee's advice (next steps, what their unit can offer) is saved from the tab through the same guard", async () => {
    const refused = await call(bo, 'PUT', `/api/tab/cases/${caseId}/assessment`, {
      version: 1,
      answers: { 'next-steps': 'Ring pappa 0701234567', 'unit-support': 'Familjestöd' },
      areas: {},
    });
    assert.equal(refused.status, 422);
    const reply = (await refused.json()) as { fields: string[] };
    assert.deepEqual(reply.fields, ['answers.next-steps']);
    const saved = await call(bo, 'PUT', `/api/tab/cases/${caseId}/assessment`, {
      version: 1,
      answers: { 'next-steps': 'Ett möte med elevhälsan', 'unit-support': 'Familjestöd' },
      areas: {},
    });
    assert.equal(saved.status, 200);
    const view = (await (await call(bo, 'GET', `/api/tab/cases/${caseId}`)).json()) as {
      questions: { id: string }[];
      assessments: { mine: boolean; answers: Record<string, string> }[];
    };
    assert.deepEqual(
      view.questions.slice(5).map((q) => q.id),
      ['next-steps', 'unit-support'],
    );
    assert.equal(view.assessments.find((a) => a.mine)?.answers['unit-support'], 'Familjestöd');
  });
});

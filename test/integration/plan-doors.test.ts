/**
 * One home for the plan use case, whichever door: the same input saved from the chat card and from
 * the tab stores the same content (the needs' levels and the guardians' view included); and agreeing
 * the plan from the tab is one transaction — when its last step fails nothing of it remains (no lead
 * appointed, no stage moved, no job, no history), and the undone steps are audited as such.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import type { Actor } from '../../src/domain/actor';
import { conflict } from '../../src/domain/errors';
import type { PlanContent } from '../../src/domain/plan';
import { startApp, type RunningApp } from '../../src/http/app';
import type { Database, Tx } from '../../src/storage/database';
import { repositoriesFor } from '../../src/storage/repositories';
import { freePort } from '../support/net';
import { persona } from '../support/personas';
import { FakeClock } from '../support/world';

const anna = persona('Anna Lind');
const bo = persona('Bo Ek');

/** The database, except that the statement storing a plan version fails (as a concurrent save would make it) while `failing` is set. */
function failingPlanInsert(state: { failing: boolean }) {
  const guard = (sql: string) => {
    if (state.failing && /INSERT INTO plan_version/.test(sql)) throw conflict();
  };
  const wrapTx = (tx: Tx): Tx => ({
    query: (sql, params) => (guard(sql), tx.query(sql, params)),
    exec: (script) => tx.exec(script),
    send: (sql, params) => (guard(sql), tx.send(sql, params)),
  });
  return (db: Database): Database =>
    ({
      kind: db.kind,
      query: (sql: string, params?: readonly unknown[]) => (guard(sql), db.query(sql, params)),
      transaction: <T>(fn: (tx: Tx) => Promise<T>) => db.transaction((tx) => fn(wrapTx(tx))),
      close: () => db.close(),
    }) as Database;
}

describe('the plan use case at every door (chat and tab store the same; agreeing is all or nothing)', function () {
  this.timeout(120_000);
  let app: RunningApp;
  let dir: string;
  const clock = new FakeClock(new Date(Date.now() - 60_000));
  const failure = { failing: false };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-plan-doors-'));
    app = await startApp(
      loadConfig({ PORT: String(await freePort()), DATA_DIR: dir, DEV_AUTH: 'true' }),
      pino({ level: 'silent' }),
      { clock, outboxIntervalMs: 3_600_000, database: failingPlanInsert(failure) },
    );
  });
  after(async () => {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function consentedCase(): Promise<string> {
    const repos = repositoriesFor(app.db, anna, 'seed', clock);
    const now = clock.now().getTime();
    const kase = await repos.cases.createCase({
      kind: 'consented',
      details: { worryAreas: ['trygghet'], observations: 'Oro', tried: '' },
      child: { name: 'Kim Testsson', birthDate: '2015-04-12', guardians: [{ name: 'Vera' }] },
      consent: {
        givenBy: [{ kind: 'guardian', name: 'Vera' }],
        orgUnitIds: ['lunda-socialtjansten'],
        informationCategories: ['home-family'],
        purpose: 'Samverkan',
        validFrom: new Date(now - 1000),
        validTo: new Date(now + 86_400_000 * 200),
      },
    });
    await repos.parties.addParty(kase.id, { ...bo, role: 'participant' });
    return kase.id;
  }

  const tab = (who: Actor, method: string, route: string, body?: unknown) =>
    fetch(`${app.url}${route}`, {
      method,
      headers: { 'x-samsyn-dev-persona': who.objectId, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  const chat = (who: Actor, verb: string, data: Record<string, string>) =>
    fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: randomUUID(),
        type: 'invoke',
        name: 'adaptiveCard/action',
        channelId: 'msteams',
        serviceUrl: 'http://127.0.0.1:9/',
        locale: 'sv-SE',
        from: { id: `29:${who.objectId}`, name: who.displayName, aadObjectId: who.objectId },
        recipient: { id: '28:samsyn' },
        conversation: { id: `a:personal-${who.objectId}`, conversationType: 'personal', tenantId: who.tenantId },
        channelData: { tenant: { id: who.tenantId } },
        value: { action: { type: 'Action.Execute', verb, data } },
      }),
    });

  async function storedContent(caseId: string): Promise<PlanContent> {
    const r = await app.db.query<{ content: PlanContent }>(
      'SELECT content FROM plan_version WHERE case_id = $1 ORDER BY version DESC LIMIT 1',
      [caseId],
    );
    const row = r.rows[0];
    assert.ok(row, 'a plan version was stored');
    return row.content;
  }

  const input = {
    reason: 'Hög frånvaro',
    needs: [
      {
        areaId: 'trygghet',
        need: 'En trygg vuxen',
        childView: 'Jag vill ha lugn',
        guardianView: 'Vi vill ha kontakt varje vecka',
        level: 'significant' as const,
      },
      { areaId: 'halsa', need: '', childView: '', guardianView: '', level: 'some' as const },
    ],
    goals: [{ goal: 'Närvaro', inChildsWords: 'Gå till skolan' }],
    actions: [
      {
        what: 'Morgonsamtal',
        who: 'Mentor',
        orgUnitId: 'lunda-norrskolan',
        byWhen: '2099-01-15',
        howWeWillKnow: 'Närvaron',
      },
    ],
    childsWishForLead: 'Anna',
    leadObjectId: bo.objectId,
    followUpDate: '2099-02-01',
    disagreements: 'Vårdnadshavarna vill vänta',
  };

  it('stores the same content from the chat card as from the tab, levels and guardians’ view included', async () => {
    const viaTab = await consentedCase();
    const r = await tab(anna, 'PUT', `/api/tab/cases/${viaTab}/plan`, { version: 0, agree: false, plan: input });
    assert.equal(r.status, 200, await r.text());

    const viaChat = await consentedCase();
    // The card: open it (its inputs show every area the plan speaks to), then save the same values.
    const opened = await chat(anna, 'plan.open', { caseId: viaChat });
    assert.equal(opened.status, 200);
    const values: Record<string, string> = {
      caseId: viaChat,
      version: '0',
      reason: input.reason,
      childsWish: input.childsWishForLead,
      lead: input.leadObjectId,
      followUp: input.followUpDate,
      disagreements: input.disagreements,
      'goal.0': 'Närvaro',
      'goalWords.0': 'Gå till skolan',
      'action.0.what': 'Morgonsamtal',
      'action.0.who': 'Mentor',
      'action.0.unit': 'lunda-norrskolan',
      'action.0.byWhen': '2099-01-15',
      'action.0.how': 'Närvaron',
      'need.trygghet': 'En trygg vuxen',
      'needView.trygghet': 'Jag vill ha lugn',
      'needGuardian.trygghet': 'Vi vill ha kontakt varje vecka',
      'needLevel.trygghet': 'significant',
    };
    const saved = await chat(anna, 'plan.save', values);
    assert.equal(saved.status, 200);
    const fromChat = await storedContent(viaChat);
    const fromTab = await storedContent(viaTab);
    // The chat card shows the flagged area; the tab sent a second need with only a level — saved as such.
    assert.deepEqual(
      fromTab.needs.map((n) => [n.areaId, n.level]),
      [
        ['trygghet', 'significant'],
        ['halsa', 'some'],
      ],
    );
    assert.deepEqual(
      { ...fromChat, needs: fromChat.needs },
      { ...fromTab, needs: fromTab.needs.filter((n) => n.areaId === 'trygghet') },
    );
  });

  it('keeps the levels through a later save that does not show them (a need recorded at follow-up survives a chat save)', async () => {
    const caseId = await consentedCase();
    assert.equal(
      (await tab(anna, 'PUT', `/api/tab/cases/${caseId}/plan`, { version: 0, agree: false, plan: input })).status,
      200,
    );
    // The chat card shows only the flagged area (trygghet): the other need with its level is kept.
    const saved = await chat(anna, 'plan.save', {
      caseId,
      version: '1',
      reason: 'Ny anledning',
      'need.trygghet': 'En trygg vuxen',
      'needLevel.trygghet': 'some',
    });
    assert.equal(saved.status, 200);
    const content = await storedContent(caseId);
    assert.equal(content.reason, 'Ny anledning');
    assert.deepEqual(
      content.needs.map((n) => [n.areaId, n.level]),
      [
        ['trygghet', 'some'],
        ['halsa', 'some'],
      ],
    );
  });

  it('agreeing from the tab, failing at its last step, leaves nothing changed — and says which steps were undone', async () => {
    const caseId = await consentedCase();
    const state = async () => ({
      stage: (
        await app.db.query<{ stage: string; version: number }>('SELECT stage, version FROM child_case WHERE id = $1', [
          caseId,
        ])
      ).rows[0],
      leads: (
        await app.db.query("SELECT 1 FROM case_party WHERE case_id = $1 AND role = 'lead-professional'", [caseId])
      ).rows.length,
      plans: (await app.db.query('SELECT 1 FROM plan_version WHERE case_id = $1', [caseId])).rows.length,
      jobs: (await app.db.query('SELECT kind FROM outbox_job WHERE case_id = $1 ORDER BY kind', [caseId])).rows,
      events: (await app.db.query('SELECT type FROM case_event WHERE case_id = $1 ORDER BY seq', [caseId])).rows,
    });
    const before = await state();
    const requestId = randomUUID();
    failure.failing = true;
    // Anna names herself lead and agrees: she is appointed, the case moves to plan active, then the version fails.
    const r = await fetch(`${app.url}/api/tab/cases/${caseId}/plan`, {
      method: 'PUT',
      headers: { 'x-samsyn-dev-persona': anna.objectId, 'content-type': 'application/json', 'x-request-id': requestId },
      body: JSON.stringify({ version: 0, agree: true, plan: { ...input, leadObjectId: anna.objectId } }),
    });
    failure.failing = false;
    assert.equal(r.status, 409);
    assert.deepEqual(await state(), before, 'no lead appointed, no stage moved, no plan, job or history');
    const audit = await app.db.query<{ action: string; outcome: string }>(
      'SELECT action, outcome FROM audit_log WHERE request_id = $1 ORDER BY seq',
      [requestId],
    );
    const outcomes = audit.rows.map((a) => `${a.action}:${a.outcome}`);
    assert.ok(
      outcomes.includes('party.add:error') && outcomes.includes('case.stage:error'),
      `the undone steps are audited as undone: ${outcomes.join(', ')}`,
    );
    assert.ok(outcomes.includes('plan.write:conflict'));

    // Without the fault the same request agrees the plan: lead, stage, job, history — all of it.
    const ok = await tab(anna, 'PUT', `/api/tab/cases/${caseId}/plan`, {
      version: 0,
      agree: true,
      plan: { ...input, leadObjectId: anna.objectId },
    });
    assert.deepEqual(await ok.json(), { version: 1, agreed: true, awaitsLead: false });
    const after = await state();
    assert.deepEqual([after.stage?.stage, after.leads, after.plans], ['plan-active', 1, 1]);
    assert.ok(after.jobs.some((j) => (j as { kind: string }).kind === 'plan.publish'));
    assert.ok(after.events.some((e) => (e as { type: string }).type === 'plan.agreed'));
  });
});

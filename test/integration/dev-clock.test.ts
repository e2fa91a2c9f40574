/**
 * Local development's movable clock: with DEV_AUTH, POST /api/dev/clock moves the app's clock
 * forward, so a follow-up reminder can be seen to arrive (the real app, its own outbox loop, a Bot
 * Connector stand-in). Without DEV_AUTH the route does not exist.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { freePort } from '../support/net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import { loadOrgConfig } from '../../src/config/org-config';
import { developmentMembers } from '../../tools/graph-standin/in-process';
import { startApp, type RunningApp } from '../../src/http/app';
import { startConnectorStandIn } from '../support/connector-standin';

const anna = developmentMembers(loadOrgConfig().orgUnits).find((m) => m.displayName === 'Anna Lind');
if (!anna) throw new Error('Anna Lind');

describe('the development clock (DEV_AUTH): a reminder seen to arrive', function () {
  this.timeout(120_000);
  let app: RunningApp;
  let connector: Awaited<ReturnType<typeof startConnectorStandIn>>;
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-devclock-'));
    connector = await startConnectorStandIn();
    app = await startApp(
      loadConfig({ PORT: String(await freePort()), DATA_DIR: dir, DEV_AUTH: 'true' }),
      pino({ level: 'silent' }),
      { outboxIntervalMs: 50 },
    );
  });
  after(async () => {
    await app?.close();
    await connector?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const tab = (method: string, route: string, body?: unknown) =>
    fetch(`${app.url}${route}`, {
      method,
      headers: { 'x-samsyn-dev-persona': anna.objectId, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it("moves forward on request, and the lead's follow-up reminder arrives", async () => {
    // Anna writes to the bot once (her personal chat is remembered), then raises a case and agrees a plan in the tab.
    const said = await fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: randomUUID(),
        type: 'message',
        text: 'hjälp',
        channelId: 'msteams',
        serviceUrl: connector.url,
        locale: 'sv-SE',
        from: { id: `29:${anna.objectId}`, name: anna.displayName, aadObjectId: anna.objectId },
        recipient: { id: '28:samsyn', name: 'Samsyn' },
        conversation: { id: `a:personal-${anna.objectId}`, conversationType: 'personal', tenantId: anna.tenantId },
        channelData: { tenant: { id: anna.tenantId } },
      }),
    });
    assert.ok(said.ok);
    const invoke = (verb: string, data: Record<string, string>) =>
      fetch(`${app.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          id: randomUUID(),
          type: 'invoke',
          name: 'adaptiveCard/action',
          channelId: 'msteams',
          serviceUrl: connector.url,
          locale: 'sv-SE',
          from: { id: `29:${anna.objectId}`, name: anna.displayName, aadObjectId: anna.objectId },
          recipient: { id: '28:samsyn', name: 'Samsyn' },
          conversation: { id: `a:personal-${anna.objectId}`, conversationType: 'personal', tenantId: anna.tenantId },
          channelData: { tenant: { id: anna.tenantId } },
          value: { action: { type: 'Action.Execute', verb, data } },
        }),
      });
    await invoke('consultation.submit', {
      mode: 'consented',
      ageBand: '10-12',
      worryAreas: 'trygghet',
      observations: 'Oro',
      tried: '',
      childName: 'Kim Testsson',
      childBirth: '20150412-2381',
      guardians: 'Vera',
    });
    await invoke('consent.submit', {
      caseId: '',
      guardians: 'Vera',
      orgUnits: 'lunda-norrskolan',
      categories: 'home-family',
      purpose: 'Samverkan',
      validUntil: '2099-06-30',
      obtainedHow: 'written',
    });
    const cases = (await (await tab('GET', '/api/tab/cases')).json()) as { cases: { id: string }[] };
    const caseId = cases.cases[0]?.id;
    assert.ok(caseId);
    const followUp = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const agreed = await tab('PUT', `/api/tab/cases/${caseId}/plan`, {
      version: 0,
      agree: true,
      plan: {
        reason: 'Frånvaro',
        needs: [],
        goals: [],
        actions: [
          {
            what: 'Morgonmöte',
            who: 'Mentor',
            orgUnitId: 'lunda-norrskolan',
            byWhen: followUp,
            howWeWillKnow: 'Närvaron',
          },
        ],
        childsWishForLead: 'Anna',
        leadObjectId: anna.objectId,
        followUpDate: followUp,
        disagreements: '',
      },
    });
    assert.deepEqual(((await agreed.json()) as { agreed: boolean }).agreed, true);

    const reminders = () =>
      connector.calls.filter((c) => c.method === 'POST' && JSON.stringify(c.body).includes('följas upp'));
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(reminders().length, 0, 'nothing is due yet');

    const before = Date.parse(((await (await fetch(`${app.url}/api/dev/clock`)).json()) as { now: string }).now);
    const moved = await fetch(`${app.url}/api/dev/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceDays: 4 }),
    });
    const after = Date.parse(((await moved.json()) as { now: string }).now);
    assert.ok(after - before >= 4 * 86_400_000, 'the clock moved four days');
    const until = Date.now() + 30_000;
    while (reminders().length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    assert.equal(reminders().length, 1, 'the reminder (7 days before) arrived once');
    assert.match(JSON.stringify(reminders()[0]?.body), new RegExp(`ska följas upp ${followUp}`));

    const bad = await fetch(`${app.url}/api/dev/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceDays: -1 }),
    });
    assert.equal(bad.status, 400, 'the clock never goes back');
  });

  it('does not exist without DEV_AUTH', async () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-devclock-off-'));
    const plain = await startApp(
      loadConfig({ PORT: String(await freePort()), DATA_DIR: other }),
      pino({ level: 'silent' }),
    );
    try {
      const r = await fetch(`${plain.url}/api/dev/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ advanceDays: 1 }),
      });
      assert.equal(r.status, 404);
    } finally {
      await plain.close();
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});

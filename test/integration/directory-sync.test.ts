/**
 * The running app follows Entra ID: started against the Graph stand-in's directory (through the real
 * Graph client), it knows the personas from their groups alone; a professional removed from their group
 * is refused by the tab after the next sync (the bound DIRECTORY_SYNC_SECONDS), with the removal audited;
 * one added to a unit's group works after it without any configuration change.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { Agent } from 'undici';
import { loadConfig } from '../../src/config/config';
import { loadOrgConfig } from '../../src/config/org-config';
import { createGraphClient, developmentCredential } from '../../src/graph/graph-client';
import { graphDirectory } from '../../src/graph/directory';
import { DEVELOPMENT_DIRECTORY } from '../../tools/graph-standin/directory';
import { startGraphStandIn, type GraphStandIn } from '../../tools/graph-standin/server';
import { startApp, type RunningApp } from '../../src/http/app';
import { freePort } from '../support/net';

const bo = '6f1c2d3e-0002-4a5b-8c9d-000000000002';
const karin = '6f1c2d3e-0100-4a5b-8c9d-000000000100';
const group = (unitId: string) => loadOrgConfig().orgUnits.find((u) => u.id === unitId)?.groups.professional?.[0] ?? '';

describe('the app follows the directory (Graph stand-in)', function () {
  this.timeout(120_000);
  let standIn: GraphStandIn;
  let dispatcher: Agent;
  let app: RunningApp;
  let dir: string;

  before(async () => {
    standIn = await startGraphStandIn({ directoryPath: DEVELOPMENT_DIRECTORY });
    dispatcher = new Agent({ connect: { ca: standIn.caPem } });
    const graph = createGraphClient({
      baseUrl: standIn.url,
      credential: developmentCredential,
      retry: { delaySeconds: 0.01, maxRetries: 1 },
      fetchOptions: { dispatcher },
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-directory-'));
    app = await startApp(
      loadConfig({ PORT: String(await freePort()), DATA_DIR: dir, DEV_AUTH: 'true' }),
      pino({ level: 'silent' }),
      { outboxIntervalMs: 60_000, directory: graphDirectory(graph) },
    );
  });
  after(async () => {
    await app.close();
    await standIn.close();
    await dispatcher.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const me = (objectId: string) => fetch(`${app.url}/api/tab/me`, { headers: { 'x-samsyn-dev-persona': objectId } });

  it('knows the personas from their groups at start, with no people in the configuration', async () => {
    const res = await me(bo);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), {
      displayName: 'Bo Ek',
      orgUnitId: 'lunda-socialtjansten',
      orgUnitName: 'Socialtjänsten, Lunda kommun',
      roles: ['professional'],
    });
    assert.ok(
      standIn.requests().some((r) => r.url.includes('/transitiveMembers/microsoft.graph.user')),
      'read from the directory through Graph',
    );
  });

  it('a professional removed from their group is refused after the next sync, and the removal is audited', async () => {
    standIn.directory.removeMember(group('lunda-socialtjansten'), bo);
    assert.equal((await me(bo)).status, 200, 'until the next sync (the stated bound)');
    await app.directorySync?.runOnce();
    assert.equal((await me(bo)).status, 403);
    const audit = await app.db.query<{ action: string; org_unit_id: string }>(
      "SELECT action, org_unit_id FROM audit_log WHERE actor_object_id = $1 AND action LIKE 'directory.%'",
      [bo],
    );
    assert.deepEqual(audit.rows, [{ action: 'directory.removed', org_unit_id: 'lunda-socialtjansten' }]);
  });

  it('a professional added to a unit group works without any configuration change', async () => {
    standIn.directory.addUser({ id: karin, displayName: 'Karin Ek', mail: 'karin.ek@lunda.example' });
    assert.equal((await me(karin)).status, 403);
    standIn.directory.addMember(group('lunda-elevhalsan'), karin);
    await app.directorySync?.runOnce();
    const res = await me(karin);
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { orgUnitId: string }).orgUnitId, 'lunda-elevhalsan');
  });
});

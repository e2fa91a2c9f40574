/**
 * The tab shows the case's wheel to everyone; areas a contributor recorded earlier with another wheel
 * come apart (as recorded, with that wheel's name), never mixed into the case's wheel.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import { startApp, type RunningApp } from '../../src/http/app';
import { repositoriesFor } from '../../src/storage/repositories';
import { systemClock } from '../../src/domain/ports';
import { freePort } from '../support/net';
import { persona } from '../support/personas';
import { anyAreas } from '../support/rules';

const anna = persona('Anna Lind');
const cecilia = persona('Cecilia Berg');

describe('tab: the case’s wheel, and areas recorded with another wheel apart', function () {
  this.timeout(60_000);
  let app: RunningApp;
  let dir: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-tab-wheel-'));
    app = await startApp(
      loadConfig({ PORT: String(await freePort()), DATA_DIR: dir, DEV_AUTH: 'true' }),
      pino({ level: 'silent' }),
      { outboxIntervalMs: 3_600_000 },
    );
  });
  after(async () => {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a BVC nurse’s earlier SHANARRI areas on a school case are shown apart; her tab save fills the school’s wheel and keeps them', async () => {
    const repos = repositoriesFor(app.db, anna, 'seed', systemClock);
    const now = Date.now();
    const kase = await repos.cases.createCase({
      kind: 'consented',
      details: { worryAreas: [], observations: '', tried: '' },
      child: { name: 'Kim Testsson', birthDate: '2015-04-12', guardians: [{ name: 'Vera' }] },
      consent: {
        givenBy: [{ kind: 'guardian', name: 'Vera' }],
        orgUnitIds: ['region-bvc-lunda'],
        informationCategories: ['home-family'],
        purpose: 'Samverkan',
        validFrom: new Date(now - 1000),
        validTo: new Date(now + 86_400_000),
      },
    });
    await repos.parties.addParty(kase.id, { ...cecilia, role: 'participant' });
    const legacy = {
      answers: {},
      areas: { safe: { level: 'some' as const, strengths: '', worries: 'Oro', childView: '' } },
    };
    await repositoriesFor(app.db, cecilia, 'seed', systemClock).assessments.saveAssessment(
      kase.id,
      legacy,
      0,
      anyAreas(legacy),
    );

    const get = async () =>
      (await (
        await fetch(`${app.url}/api/tab/cases/${kase.id}`, { headers: { 'x-samsyn-dev-persona': cecilia.objectId } })
      ).json()) as {
        wheel: { name: string; areas: { id: string }[] };
        assessments: {
          mine: boolean;
          version: number;
          areas: Record<string, unknown>;
          earlierWheel: { name: string; areas: { id: string; label: string; worries: string }[] } | null;
        }[];
      };
    const seen = await get();
    assert.match(seen.wheel.name, /^Behovskompassen/);
    const mine = seen.assessments.find((a) => a.mine);
    assert.deepEqual(mine?.areas, {});
    assert.match(mine?.earlierWheel?.name ?? '', /^SHANARRI/);
    assert.deepEqual(
      mine?.earlierWheel?.areas.map((a) => [a.id, a.label, a.worries]),
      [['safe', 'Trygg', 'Oro']],
    );

    const put = await fetch(`${app.url}/api/tab/cases/${kase.id}/assessment`, {
      method: 'PUT',
      headers: { 'x-samsyn-dev-persona': cecilia.objectId, 'content-type': 'application/json' },
      body: JSON.stringify({
        version: mine?.version,
        answers: {},
        areas: { trygghet: { level: 'none', strengths: 'Trygg', worries: '', childView: '' } },
      }),
    });
    assert.equal(put.status, 200);
    const after = (await get()).assessments.find((a) => a.mine);
    assert.deepEqual(Object.keys(after?.areas ?? {}), ['trygghet']);
    assert.equal(after?.earlierWheel?.areas.length, 1);
    const refused = await fetch(`${app.url}/api/tab/cases/${kase.id}/assessment`, {
      method: 'PUT',
      headers: { 'x-samsyn-dev-persona': cecilia.objectId, 'content-type': 'application/json' },
      body: JSON.stringify({
        version: 2,
        answers: {},
        areas: { healthy: { level: 'none', strengths: '', worries: '', childView: '' } },
      }),
    });
    assert.deepEqual([refused.status, await refused.json()], [400, { error: 'Invalid', field: 'areas.healthy' }]);
  });
});

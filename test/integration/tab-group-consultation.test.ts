/**
 * The tab for a group consultation (issue 17, items 2 and 3) over real HTTP: the personal tab lists
 * it as a group consultation; the case view a consultee of another unit opens holds the group as
 * described from the lists (in the reader's language), the agenda with the advice, the group's view
 * per wheel area and the actions for the group — no plan, and nothing that identifies a child.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import type { CaseSummary, CaseView } from '../../src/contracts/tab-api';
import type { Actor } from '../../src/domain/actor';
import { consulteeAddRule } from '../../src/domain/case';
import { systemClock } from '../../src/domain/ports';
import { startApp, type RunningApp } from '../../src/http/app';
import { repositoriesFor } from '../../src/storage/repositories';
import { persona } from '../support/personas';
import { freePort } from '../support/net';

const anna = persona('Anna Lind');
const bo = persona('Bo Ek');
const cecilia = persona('Cecilia Berg');

describe('tab: a group consultation', function () {
  this.timeout(60_000);
  let app: RunningApp;
  let dir: string;
  let groupId: string;
  let individualId: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-tabgroup-'));
    app = await startApp(
      loadConfig({ PORT: String(await freePort()), DATA_DIR: dir, DEV_AUTH: 'true' }),
      pino({ level: 'silent' }),
    );
    const repos = repositoriesFor(app.db, anna, 'seed', systemClock);
    const group = await repos.cases.createCase({
      kind: 'anonymous',
      details: {
        worryAreas: ['trygghet'],
        observations: 'Oroligt i gruppen efter rasterna',
        tried: 'Fasta platser',
        group: { setting: 'preschool-group', sizeBand: '10-19', ageBand: '3-5' },
        groupActions: ['Lugn vila efter lunch', 'Bildstöd vid övergångar'],
      },
    });
    groupId = group.id;
    await repos.parties.addParty(groupId, { ...bo, role: 'consultee' }, consulteeAddRule(bo, new Date()));
    const advice = { q1: 'Se över övergångarna', 'next-steps': 'Handledning för arbetslaget' };
    const area = {
      level: 'some' as const,
      strengths: 'Leker gärna tillsammans',
      worries: 'Bråk i hallen',
      childView: '',
    };
    await repositoriesFor(app.db, bo, 'seed', systemClock).assessments.saveAssessment(
      groupId,
      { answers: advice, areas: { trygghet: area } },
      0,
      () => undefined,
    );
    // An individual consultation opened from the group: only the group's reference links them.
    individualId = (
      await repos.cases.createCase({
        kind: 'anonymous',
        details: {
          worryAreas: [],
          observations: 'Ett barn i gruppen verkar ledset',
          tried: '',
          fromGroup: { caseId: groupId, reference: group.reference },
        },
      })
    ).id;
  });
  after(async () => {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const get = (who: Actor, route: string, language = 'sv') =>
    fetch(`${app.url}${route}`, { headers: { 'x-samsyn-dev-persona': who.objectId, 'accept-language': language } });

  it('the personal tab lists the group consultation, for the one who raised it and the consultee', async () => {
    for (const who of [anna, bo]) {
      const r = await get(who, '/api/tab/cases');
      assert.equal(r.status, 200);
      const { cases } = (await r.json()) as { cases: CaseSummary[] };
      const listed = cases.find((c) => c.id === groupId);
      assert.deepEqual([listed?.kind, listed?.group], ['anonymous', true]);
      assert.ok(listed?.myRoles.includes(who === bo ? 'consultee' : 'discoverer'));
    }
  });

  it('the consultee sees the group from the lists, the advice, the group per area and its actions — no plan', async () => {
    const r = await get(bo, `/api/tab/cases/${groupId}`);
    assert.equal(r.status, 200);
    const body = (await r.json()) as CaseView;
    assert.deepEqual(body.group, {
      description: 'Förskolegrupp, 10-19 barn, 3-5 år',
      actions: ['Lugn vila efter lunch', 'Bildstöd vid övergångar'],
    });
    assert.equal(body.fromGroup, null);
    assert.deepEqual([body.kind, body.plan, body.canPlan], ['anonymous', null, false]);
    assert.ok(
      body.questions.some((q) => q.id === 'next-steps'),
      'the agenda asks the consultees for advice',
    );
    const mine = body.assessments.find((a) => a.mine);
    assert.equal(mine?.answers['next-steps'], 'Handledning för arbetslaget');
    assert.equal(mine?.areas.trygghet?.worries, 'Bråk i hallen');
    assert.ok(body.participants.some((p) => p.name === bo.displayName && p.role === 'consultee'));
    // Nothing in the view could hold an identity: no child, no name, no personal number fields.
    assert.ok(!/"child"|personnummer|birthDate|guardian/i.test(JSON.stringify(body)));

    const english = (await (await get(bo, `/api/tab/cases/${groupId}`, 'en')).json()) as CaseView;
    assert.equal(english.group?.description, 'Preschool group, 10-19 children, 3-5 years');
    assert.equal((await get(cecilia, `/api/tab/cases/${groupId}`)).status, 404, 'not consulted: nothing');
  });

  it('an individual consultation opened from the group shows the group reference only; a case about one child has no group', async () => {
    const body = (await (await get(anna, `/api/tab/cases/${individualId}`)).json()) as CaseView;
    const group = (await (await get(anna, `/api/tab/cases/${groupId}`)).json()) as CaseView;
    assert.deepEqual([body.group, body.fromGroup], [null, { reference: group.reference }]);
  });
});

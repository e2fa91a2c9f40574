/**
 * The family's PDF after a plan saved and agreed in the tab (over real HTTP, development personas):
 * every wheel area the plan rated shows its level in words (not "not talked about"), the named
 * person and the next booked meeting are there with the lead professional — and every production,
 * from the tab or through a one-time link, is an audited `plan.familyPdf` of the person it was for.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import type { Actor } from '../../src/domain/actor';
import { startApp, type RunningApp } from '../../src/http/app';
import { familyPlansFor } from '../../src/storage/family-plan-repository';
import { repositoriesFor } from '../../src/storage/repositories';
import { freePort } from '../support/net';
import { pdfText } from '../support/pdf-text';
import { persona } from '../support/personas';
import { everyCategory } from '../support/world';

const anna = persona('Anna Lind');
const bo = persona('Bo Ek');
const cecilia = persona('Cecilia Berg');

class TestClock {
  constructor(public t = Date.parse('2026-11-02T08:00:00Z')) {}
  now(): Date {
    return new Date(this.t);
  }
}

const flat = (s: string) => s.replace(/\s+/g, ' ');

describe('family PDF after a tab save: levels, contacts, next meeting, every production audited', function () {
  this.timeout(90_000);
  let app: RunningApp;
  let dir: string;
  let caseId: string;
  const clock = new TestClock();

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-family-pdf-'));
    app = await startApp(
      loadConfig({ PORT: String(await freePort()), DATA_DIR: dir, DEV_AUTH: 'true' }),
      pino({ level: 'silent' }),
      { clock, outboxIntervalMs: 3_600_000 },
    );
    const repos = repositoriesFor(app.db, bo, 'seed', clock);
    const kase = await repos.cases.createCase({
      kind: 'consented',
      details: { worryAreas: ['trygghet'], observations: 'Oro', tried: '' },
      child: { name: 'Kim Testsson', personnummer: '20150412-2381', guardians: [{ name: 'Vera' }] },
      consent: {
        givenBy: [{ kind: 'guardian', name: 'Vera' }],
        orgUnitIds: ['lunda-norrskolan', 'region-bvc-lunda'],
        informationCategories: everyCategory,
        purpose: 'Samverkan',
        validFrom: new Date(clock.t - 1000),
        validTo: new Date(clock.t + 365 * 86_400_000),
      },
    });
    caseId = kase.id;
    await repos.parties.addParty(caseId, { ...anna, role: 'named-person' });
    await repos.meetings.recordMeeting(caseId, {
      startsAt: new Date('2026-12-01T08:00:00Z'),
      endsAt: new Date('2026-12-01T09:00:00Z'),
      invitees: [
        {
          tenantId: cecilia.tenantId,
          objectId: cecilia.objectId,
          displayName: cecilia.displayName,
          orgUnitId: cecilia.orgUnitId,
        },
      ],
    });
  });
  after(async () => {
    await app?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const call = (who: Actor | null, method: string, route: string, body?: unknown) =>
    fetch(`${app.url}${route}`, {
      method,
      headers: {
        ...(who ? { 'x-samsyn-dev-persona': who.objectId } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const productions = async () =>
    (
      await app.db.query<{ actor_object_id: string; outcome: string }>(
        "SELECT actor_object_id, outcome FROM audit_log WHERE case_id = $1 AND action = 'plan.familyPdf' ORDER BY seq",
        [caseId],
      )
    ).rows.map((r) => `${r.actor_object_id}:${r.outcome}`);

  it('after the plan is agreed in the tab, the wheel areas show their levels, with the contacts and the next meeting', async () => {
    const saved = await call(bo, 'PUT', `/api/tab/cases/${caseId}/plan`, {
      version: 0,
      agree: true,
      plan: {
        reason: 'Kim kommer ofta för sent',
        needs: [
          {
            areaId: 'trygghet',
            need: 'Lugna morgnar',
            childView: 'Det är stökigt',
            guardianView: '',
            level: 'significant',
          },
          { areaId: 'halsa', need: '', childView: '', guardianView: '', level: 'some' },
          { areaId: 'fritid', need: '', childView: '', guardianView: '', level: 'none' },
        ],
        goals: [],
        actions: [
          {
            what: 'Morgonschema',
            who: 'Bo Ek',
            orgUnitId: 'lunda-socialtjansten',
            byWhen: '2026-12-15',
            howWeWillKnow: '',
          },
        ],
        childsWishForLead: 'Bo',
        leadObjectId: bo.objectId,
        followUpDate: '2027-01-20',
        disagreements: 'Vi ser olika på morgnarna.',
      },
    });
    assert.equal(saved.status, 200, await saved.clone().text());
    const r = await call(cecilia, 'GET', `/api/tab/cases/${caseId}/plan.pdf?lang=sv`);
    assert.equal(r.status, 200);
    const text = flat(await pdfText(new Uint8Array(await r.arrayBuffer())));
    for (const e of [
      'Trygghet Stor oro',
      'Hälsa Lite oro',
      'Fritid Det går bra',
      'Tillhörighet Inte pratat om',
      'Barnet säger: ”Det är stökigt”',
      'Vi ser olika på morgnarna.',
      'Samordningsperson – håller ihop planen Bo Ek, Socialtjänsten, Lunda kommun',
      `E-post: ${bo.email}`,
      'Barnets bästa-ansvarig – finns i barnets vardag Anna Lind',
      `E-post: ${anna.email}`,
      'Nästa möte: 2026-12-01 09:00.',
      'senast 2027-01-20',
    ])
      assert.ok(text.includes(e), `expected "${e}" in:\n${text}`);
    assert.ok(!/Trygghet Inte pratat om|Hälsa Inte pratat om|Fritid Inte pratat om/.test(text), text);
    assert.deepEqual(await productions(), [`${cecilia.objectId}:success`]);
  });

  it('each production — tab or one-time link, allowed or not — is audited as the person it was for', async () => {
    const link = await familyPlansFor(app.db, anna, 'link', clock).issueDownloadLink(caseId, 'en');
    const byLink = await call(null, 'GET', `/api/family-plan/${link.token}`);
    assert.equal(byLink.status, 200);
    assert.ok(flat(await pdfText(new Uint8Array(await byLink.arrayBuffer()))).includes('Big worry'));
    assert.equal((await call(null, 'GET', `/api/family-plan/${link.token}`)).status, 404, 'used once');
    const outsider = persona('Eva Strand');
    assert.equal((await call(outsider, 'GET', `/api/tab/cases/${caseId}/plan.pdf`)).status, 404);
    assert.deepEqual(await productions(), [
      `${cecilia.objectId}:success`,
      `${anna.objectId}:success`,
      `${outsider.objectId}:denied`,
    ]);
    const links = await app.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE case_id = $1 AND action = 'plan.familyLink' AND outcome = 'success'",
      [caseId],
    );
    assert.equal(links.rows[0]?.n, 1, 'issuing the link is audited too');
  });
});

/**
 * Every HTTP door of a case — the tab API (list, case, saves, changes), its event stream, the
 * family PDF from the tab and through a download link, the audit export — tried over real HTTP by
 * everyone who must see nothing of a consented case: a stranger of another unit, a colleague of the
 * own unit who is not a party, a party whose unit's consent was withdrawn, and a party whose unit's
 * consent expired. Each gets exactly what a stranger gets (404, or nothing listed), and an event
 * stream opened while access was in force ends when it stops.
 */
import assert from 'node:assert/strict';
import { planWriteRule } from '../../src/domain/plan';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import type { Actor } from '../../src/domain/actor';
import { startApp, type RunningApp } from '../../src/http/app';
import { familyPlansFor } from '../../src/storage/family-plan-repository';
import { repositoriesFor } from '../../src/storage/repositories';
import { persona } from '../support/personas';
import { FakeClock } from '../support/world';
import { freePort } from '../support/net';

const anna = persona('Anna Lind');
const bo = persona('Bo Ek');
const cecilia = persona('Cecilia Berg');
const david = persona('David Holm');
const alex = persona('Alex Berg');
const day = 86_400_000;
const mark = 'MARKÖR-HTTP-INNEHÅLL';

interface Stream {
  text: () => string;
  ended: Promise<void>;
  abort: () => void;
}

describe('authorisation at every HTTP door (tab API, event stream, PDFs, links, exports)', function () {
  this.timeout(120_000);
  let app: RunningApp;
  let dir: string;
  let caseId: string;
  let reference: string;
  const clock = new FakeClock(new Date(Date.now() - day));
  const links = new Map<string, string>();
  const streams = new Map<string, Stream>();

  const call = (who: Actor, method: string, route: string, body?: unknown) =>
    fetch(`${app.url}${route}`, {
      method,
      headers: { 'x-samsyn-dev-persona': who.objectId, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  async function openStream(who: Actor): Promise<Stream> {
    const controller = new AbortController();
    const r = await fetch(`${app.url}/api/tab/cases/${caseId}/events`, {
      headers: { 'x-samsyn-dev-persona': who.objectId },
      signal: controller.signal,
    });
    assert.equal(r.status, 200);
    const reader = (r.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    const ended = (async () => {
      for (;;) {
        const chunk = await reader.read().catch(() => ({ done: true, value: undefined }));
        if (chunk.done) return;
        text += new TextDecoder().decode(chunk.value);
      }
    })();
    return { text: () => text, ended, abort: () => controller.abort() };
  }

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-doors-'));
    app = await startApp(
      loadConfig({ PORT: String(await freePort()), DATA_DIR: dir, DEV_AUTH: 'true' }),
      pino({ level: 'silent' }),
      { clock, accessRecheckMs: 200, outboxIntervalMs: 60_000 },
    );
    const repos = repositoriesFor(app.db, anna, 'seed', clock);
    const now = clock.now().getTime();
    const consent = (unit: string, days: number) => ({
      givenBy: [{ kind: 'guardian' as const, name: 'Vera' }],
      orgUnitIds: [unit],
      informationCategories: ['home-family' as const],
      purpose: 'Samverkan',
      validFrom: new Date(now - 1000),
      validTo: new Date(now + days * day),
    });
    const kase = await repos.cases.createCase({
      kind: 'consented',
      details: { worryAreas: ['trygghet'], observations: mark, tried: mark },
      child: { name: 'Kim Testsson', birthDate: '2015-04-12', guardians: [{ name: 'Vera' }] },
      consent: consent('lunda-socialtjansten', 180),
    });
    caseId = kase.id;
    reference = kase.reference;
    await repos.consents.recordConsent(caseId, consent('region-bvc-lunda', 10));
    await repos.parties.addParty(caseId, { ...bo, role: 'participant' });
    await repos.parties.addParty(caseId, { ...cecilia, role: 'participant' });
    const plan = {
      reason: mark,
      needs: [],
      goals: [],
      childsWishForLead: 'Anna',
      followUpDate: '2099-02-01',
      disagreements: '',
      consentId: null,
      recipients: [],
      actions: [
        {
          what: 'Morgonsamtal',
          who: 'Mentor',
          orgUnitId: 'lunda-norrskolan',
          byWhen: '2099-01-15',
          howWeWillKnow: 'Närvaro',
        },
      ],
      leadProfessional: {
        tenantId: anna.tenantId,
        objectId: anna.objectId,
        displayName: anna.displayName,
        orgUnitId: anna.orgUnitId,
      },
    };
    await repos.plans.savePlan(caseId, plan, true, 0, planWriteRule(plan, true));
    // While they may: Bo and Cecilia open event streams and are given one-time PDF links.
    for (const who of [bo, cecilia]) {
      streams.set(who.objectId, await openStream(who));
      links.set(who.objectId, (await familyPlansFor(app.db, who, 'link', clock).issueDownloadLink(caseId, 'sv')).token);
    }
    assert.equal(
      (await call(bo, 'GET', `/api/tab/cases/${caseId}/plan.pdf`)).status,
      200,
      'before: Bo may have the PDF',
    );
    // Bo's unit: consent withdrawn. Cecilia's unit: the clock passes its end.
    const social = (await repos.consents.listConsents(caseId)).find((c) =>
      c.orgUnitIds.includes('lunda-socialtjansten'),
    );
    await repos.consents.withdrawConsent(caseId, social?.id ?? '');
    clock.advance(11 * day);
  });
  after(async () => {
    for (const s of streams.values()) s.abort();
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const viewers: readonly [string, Actor][] = [
    ['a stranger of another unit', david],
    ['a colleague of the own unit who is not a party', alex],
    ['a party whose consent was withdrawn', bo],
    ['a party whose consent expired', cecilia],
  ];

  const doors = () =>
    [
      ['GET', `/api/tab/cases/${caseId}`, undefined],
      ['GET', `/api/tab/cases/${caseId}/changes`, undefined],
      ['GET', `/api/tab/cases/${caseId}/events`, undefined],
      ['GET', `/api/tab/cases/${caseId}/plan.pdf`, undefined],
      ['GET', `/api/tab/cases/${caseId}/plan-export.json`, undefined],
      ['GET', `/api/tab/cases/${caseId}/plan-export.pdf`, undefined],
      ['PUT', `/api/tab/cases/${caseId}/assessment`, { version: 0, answers: { q1: 'x' }, areas: {} }],
      ['PUT', `/api/tab/cases/${caseId}/lenses`, { version: 0, lenses: ['my-world-triangle'] }],
      [
        'PUT',
        `/api/tab/cases/${caseId}/lenses/resilience-matrix`,
        { version: 0, content: { kind: 'matrix', placement: { x: 1, y: 1 }, notes: {} } },
      ],
      [
        'PUT',
        `/api/tab/cases/${caseId}/plan`,
        {
          version: 1,
          agree: false,
          plan: {
            reason: 'x',
            needs: [],
            goals: [],
            actions: [],
            childsWishForLead: '',
            leadObjectId: '',
            followUpDate: '',
            disagreements: '',
          },
        },
      ],
    ] as const;

  for (const [who, actor] of viewers) {
    it(`${who}: 404 NotFound at every case route, exactly as a stranger, and the case is not listed`, async () => {
      for (const [method, route, body] of doors()) {
        const r = await call(actor, method, route, body);
        const text = await r.text();
        assert.equal(r.status, 404, `${method} ${route}`);
        assert.deepEqual(
          JSON.parse(text),
          { error: 'NotFound' },
          `${method} ${route}: the same answer as for a stranger`,
        );
      }
      const list = await (await call(actor, 'GET', '/api/tab/cases')).text();
      assert.ok(!list.includes(caseId) && !list.includes(reference), 'not in the list of my cases');
    });

    it(`${who}: the audit export of the case gives nothing of it`, async () => {
      const r = await call(actor, 'GET', `/api/tab/audit-export?caseId=${caseId}&from=2000-01-01&to=2100-01-01`);
      const text = await r.text();
      assert.ok(
        r.status === 403 || r.status === 404 || (r.status === 200 && JSON.parse(text).rows.length === 0),
        `status ${r.status}`,
      );
    });
  }

  it('a download link issued while consent was in force gives nothing after withdrawal or expiry', async () => {
    for (const who of [bo, cecilia]) {
      const r = await fetch(`${app.url}/api/family-plan/${links.get(who.objectId) ?? ''}`);
      assert.equal(r.status, 404, who.displayName);
      assert.doesNotMatch(r.headers.get('content-type') ?? '', /pdf/);
    }
  });

  it('an event stream opened while consent was in force sends no change after access ended, and closes', async () => {
    const mine = (await (await call(anna, 'GET', `/api/tab/cases/${caseId}`)).json()) as {
      assessments: { mine: boolean; version: number }[];
    };
    const version = mine.assessments.find((a) => a.mine)?.version ?? 0;
    assert.equal(
      (
        await call(anna, 'PUT', `/api/tab/cases/${caseId}/assessment`, {
          version,
          answers: { q1: 'Ändrat' },
          areas: {},
        })
      ).status,
      200,
    );
    for (const who of [bo, cecilia]) {
      const s = streams.get(who.objectId);
      assert.ok(s);
      await Promise.race([
        s.ended,
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error(`${who.displayName}'s stream did not end`)), 10_000),
        ),
      ]);
      assert.doesNotMatch(s.text(), /event: changed/, `${who.displayName}: no change reached them`);
      assert.match(s.text(), /event: gone/);
    }
    const denied = await app.db.query(
      "SELECT 1 FROM audit_log WHERE action = 'case.watch' AND outcome = 'denied' AND case_id = $1",
      [caseId],
    );
    assert.equal(denied.rows.length, 2, 'each ended stream is audited as a refusal');
  });

  it('the case is unchanged by all of it, and its own unit still sees it', async () => {
    const r = await call(anna, 'GET', `/api/tab/cases/${caseId}`);
    assert.equal(r.status, 200);
    const plans = await app.db.query('SELECT 1 FROM plan_version WHERE case_id = $1', [caseId]);
    assert.equal(plans.rows.length, 1);
    const others = await app.db.query('SELECT 1 FROM assessment WHERE case_id = $1 AND author_object_id <> $2', [
      caseId,
      anna.objectId,
    ]);
    assert.equal(others.rows.length, 0);
  });
});

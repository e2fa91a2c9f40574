/**
 * The consent information sheet and a withdrawal's confirmation through their one-time links, over
 * HTTP (issue 18, item 1): a PDF naming the units, categories, purpose and end as they will be
 * recorded and nothing identifying the child; once only; a sheet link is no plan link.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import { startApp, type RunningApp } from '../../src/http/app';
import { familyPlansFor } from '../../src/storage/family-plan-repository';
import { repositoriesFor } from '../../src/storage/repositories';
import { pdfText } from '../support/pdf-text';
import { persona } from '../support/personas';
import { everyCategory } from '../support/world';
import { freePort } from '../support/net';

const bo = persona('Bo Ek');

describe('consent sheet links (HTTP)', function () {
  this.timeout(90_000);
  let app: RunningApp;
  let dir: string;
  let caseId: string;
  let consentId: string;
  const now = Date.now();
  const clock = { now: () => new Date(now) };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-consent-sheet-'));
    app = await startApp(
      loadConfig({ PORT: String(await freePort()), DATA_DIR: dir, DEV_AUTH: 'true' }),
      pino({ level: 'silent' }),
      { clock },
    );
    const kase = await repositoriesFor(app.db, bo, 'seed', clock).cases.createCase({
      kind: 'consented',
      details: { worryAreas: [], observations: '', tried: '' },
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
    consentId = (await repositoriesFor(app.db, bo, 'list', clock).consents.listConsents(caseId))[0]!.id;
  });
  after(async () => {
    await app?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const get = (route: string) => fetch(`${app.url}${route}`);

  it('the sheet: the guardians’ version in Swedish, the child’s in English, each link once', async () => {
    const [guardians = '', child = ''] = await familyPlansFor(app.db, bo, 'link', clock).issueConsentLinks(caseId, [
      {
        kind: 'consent-sheet',
        locale: 'sv',
        detail: {
          audience: 'guardians',
          orgUnits: ['lunda-norrskolan', 'lunda-socialtjansten'],
          categories: ['home-family'],
          purpose: 'Stöd i skolan och hemma',
          validUntil: '2027-06-30',
        },
      },
      {
        kind: 'consent-sheet',
        locale: 'en',
        detail: { audience: 'child', orgUnits: [], categories: ['home-family'], purpose: '', validUntil: null },
      },
    ]);
    const r = await get(`/api/consent-sheet/${guardians}`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/pdf');
    const text = await pdfText(new Uint8Array(await r.arrayBuffer()));
    for (const expected of [
      'Norrskolan',
      'Socialtjänsten',
      'Hem- och familjesituation',
      'Stöd i skolan och hemma',
      '2027-06-30',
      'frivilligt',
      'Bo Ek',
    ])
      assert.ok(text.includes(expected), `${expected} in: ${text}`);
    assert.ok(!text.includes('Kim') && !text.includes('20150412'), 'nothing identifying the child');
    assert.equal((await get(`/api/consent-sheet/${guardians}`)).status, 404, 'once');
    assert.equal((await get(`/api/family-plan/${child}`)).status, 404, 'a sheet link is no plan link');
    const childText = await pdfText(new Uint8Array(await (await get(`/api/consent-sheet/${child}`)).arrayBuffer()));
    assert.ok(childText.includes('How things are at home'), childText);
  });

  it('the confirmation of a withdrawal', async () => {
    await repositoriesFor(app.db, bo, 'withdraw', clock).consents.withdrawConsent(caseId, consentId);
    const [token = ''] = await familyPlansFor(app.db, bo, 'link', clock).issueConsentLinks(caseId, [
      { kind: 'consent-withdrawal', locale: 'sv', detail: { consentId } },
    ]);
    const r = await get(`/api/consent-withdrawal/${token}`);
    assert.equal(r.status, 200);
    const text = await pdfText(new Uint8Array(await r.arrayBuffer()));
    for (const expected of ['Bekräftelse', new Date(now).toISOString().slice(0, 10), 'Norrskolan'])
      assert.ok(text.includes(expected), `${expected} in: ${text}`);
  });
});

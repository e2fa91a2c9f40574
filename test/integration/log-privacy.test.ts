/**
 * No personal data in the logs: the real app at LOG_LEVEL debug, every line captured, and a known
 * valid personnummer, a child's name, an e-mail address and a phone number fed over real HTTP through
 * every flow that takes free text (bot messages and card actions on /api/messages, the tab API's
 * assessment and plan saves, a query string, an x-request-id header). None of them may appear in
 * any log line, in any format.
 * Positive control: the capture holds a line for every request, by its request id, and the bot's
 * debug turn lines carry the same id.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { freePort } from '../support/net';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/config';
import { createLogger } from '../../src/config/logger';
import { startApp, type RunningApp } from '../../src/http/app';
import { startConnectorStandIn } from '../support/connector-standin';
import { persona } from '../support/personas';

const personnummer = '20150412-2381';
const childName = 'Kim Testsson';
const email = 'vera.vardnadshavare@example.se';
const phone = '070-123 45 67';
/** Every way they could be written into a log line. */
const needles = [
  personnummer,
  '201504122381',
  '150412-2381',
  '1504122381',
  '150412+2381',
  childName,
  'Testsson',
  email,
  'vardnadshavare@',
  phone,
  '0701234567',
  '070-1234567',
  '+46701234567',
];
/** Compared with the digits of a line only, so any separators are caught too. */
const digitNeedles = ['1504122381', '701234567'];
const secretText = `${childName} (${personnummer}, ${personnummer.replace('-', '')}, 150412-2381) – mamma ${email}, ${phone}`;

const anna = persona('Anna Lind');

interface LogLine {
  readonly level: number;
  readonly msg?: string;
  readonly requestId?: string;
  readonly route?: string;
  readonly what?: string;
}

describe('logs hold no personal data (debug level, every flow with free text, over HTTP)', function () {
  this.timeout(120_000);
  const lines: string[] = [];
  let app: RunningApp;
  let connector: Awaited<ReturnType<typeof startConnectorStandIn>>;
  let dir: string;
  /** Request ids of every request this test sent (from the x-request-id response header). */
  const requestIds: string[] = [];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-logprivacy-'));
    connector = await startConnectorStandIn();
    const config = loadConfig({ PORT: String(await freePort()), DATA_DIR: dir, DEV_AUTH: 'true', LOG_LEVEL: 'debug' });
    const logger = createLogger(config.logLevel, { write: (line: string) => void lines.push(line) });
    app = await startApp(config, logger, { outboxIntervalMs: 60_000 });
  });
  after(async () => {
    await app?.close();
    await connector?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const remember = (res: Response): Response => {
    const id = res.headers.get('x-request-id');
    assert.ok(id, 'every response carries x-request-id');
    requestIds.push(id);
    return res;
  };

  const activity = (body: Record<string, unknown>) => ({
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl: connector.url,
    locale: 'sv-SE',
    from: { id: `29:${anna.objectId}`, name: anna.displayName, aadObjectId: anna.objectId },
    recipient: { id: '28:samsyn', name: 'Samsyn' },
    conversation: { id: `personal-${anna.objectId}`, tenantId: anna.tenantId, conversationType: 'personal' },
    channelData: { tenant: { id: anna.tenantId } },
    ...body,
  });

  async function post(body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Response> {
    return remember(
      await fetch(`${app.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(activity(body)),
      }),
    );
  }

  /** A card action; returns the visible card's JSON text. */
  async function invoke(verb: string, data: Record<string, unknown>): Promise<string> {
    const res = await post({
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb, data } },
    });
    assert.equal(res.status, 200, verb);
    const body = (await res.json()) as { statusCode: number; value?: unknown };
    assert.equal(body.statusCode, 200, verb);
    return JSON.stringify(body.value);
  }

  async function say(text: string): Promise<void> {
    const before = connector.calls.length;
    const res = await post({ type: 'message', text });
    assert.ok(res.status >= 200 && res.status < 300, `message answered ${res.status}`);
    assert.ok(connector.calls.length > before, 'the bot replied through the connector');
  }

  const tab = async (method: string, route: string, body?: unknown, headers: Record<string, string> = {}) =>
    remember(
      await fetch(`${app.url}${route}`, {
        method,
        headers: { 'x-samsyn-dev-persona': anna.objectId, 'content-type': 'application/json', ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );

  it('feeds the identifiers through every flow', async () => {
    // Chat messages with free text.
    await say(`ny konsultation om ${secretText}`);
    await say(`öppna ärende ${personnummer}`);

    // An anonymous consultation with the personnummer: refused, not stored.
    const refused = await invoke('consultation.submit', {
      mode: 'anonymous',
      ageBand: '10-12',
      worryAreas: 'trygghet',
      observations: `Barnet ${personnummer} är ofta ledset`,
      tried: '',
    });
    assert.match(refused, /personnummer/);
    assert.ok(!refused.includes('2381'), 'the refused value is not echoed');

    // A consented consultation: identity, consultation text, consent with free text.
    const consentForm = await invoke('consultation.submit', {
      mode: 'consented',
      ageBand: '10-12',
      worryAreas: 'trygghet',
      observations: `Oro: ${secretText}`,
      tried: `Samtal, ring ${phone}`,
      childName,
      childBirth: personnummer,
      guardians: `Vera Vårdnadshavare ${email}`,
    });
    assert.match(consentForm, /Samtycke/);
    const created = await invoke('consent.submit', {
      caseId: '',
      guardians: `Vera Vårdnadshavare ${email}`,
      childConsents: 'true',
      orgUnits: 'lunda-norrskolan,lunda-socialtjansten',
      categories: 'home-family',
      purpose: `Samverkan kring ${childName}, ${phone}`,
      validUntil: `${new Date().getUTCFullYear() + 1}-06-30`,
      obtainedHow: 'written',
    });
    assert.match(created, /Konsultationen är skapad/);
    const caseId = (
      await app.db.query<{ id: string; child_personnummer: string }>('SELECT id, child_personnummer FROM child_case')
    ).rows[0];
    assert.equal(caseId?.child_personnummer, personnummer, 'the identity was stored (so it did pass through)');
    const id = caseId.id;

    // Five questions, wheel notes, the plan.
    assert.match(
      await invoke('questions.submit', {
        caseId: id,
        version: 0,
        q1: secretText,
        q2: `Mejla ${email}`,
        q3: phone,
        q4: personnummer,
        q5: childName,
      }),
      /sparade/,
    );
    assert.match(
      await invoke('wheel.submit', {
        caseId: id,
        version: 1,
        'trygghet.level': 'some',
        'trygghet.worries': secretText,
        'trygghet.strengths': email,
        'halsa.childView': phone,
      }),
      /sparat/,
    );
    const plan = await invoke('plan.save', {
      caseId: id,
      version: 0,
      reason: secretText,
      'need.trygghet': `Trygg vuxen för ${childName}`,
      'goal.0': `Närvaro (${personnummer})`,
      'goalWords.0': `Ring ${phone}`,
      'action.0.what': `Mejla ${email}`,
      'action.0.who': childName,
      'action.0.unit': 'lunda-norrskolan',
      'action.0.byWhen': '2030-01-01',
      'action.0.how': personnummer,
      childsWish: childName,
      lead: anna.objectId,
      disagreements: secretText,
    });
    assert.ok(!/Invalid|fel/i.test(plan) || /sparad/i.test(plan), plan.slice(0, 300));
    assert.equal((await app.db.query('SELECT 1 FROM plan_version')).rows.length, 1, 'the plan was stored');

    // The tab API: an assessment save, and a read with the personnummer in the query string and a header.
    const area = { level: 'some', strengths: email, worries: secretText, childView: phone };
    const saved = await tab('PUT', `/api/tab/cases/${id}/assessment`, {
      version: 2,
      answers: { q1: secretText },
      areas: { trygghet: area },
    });
    assert.equal(saved.status, 200, await saved.clone().text());
    const planSaved = await tab('PUT', `/api/tab/cases/${id}/plan`, {
      version: 1,
      agree: false,
      plan: {
        reason: secretText,
        needs: [{ areaId: 'trygghet', need: secretText, childView: phone, guardianView: email }],
        goals: [{ goal: personnummer, inChildsWords: childName }],
        actions: [
          {
            what: `Mejla ${email}`,
            who: childName,
            orgUnitId: 'lunda-norrskolan',
            byWhen: '2030-01-01',
            howWeWillKnow: personnummer,
          },
        ],
        childsWishForLead: childName,
        leadObjectId: anna.objectId,
        followUpDate: '',
        disagreements: secretText,
      },
    });
    assert.equal(planSaved.status, 200, await planSaved.clone().text());
    const read = await tab(
      'GET',
      `/api/tab/cases/${id}?q=${encodeURIComponent(personnummer)}&name=${encodeURIComponent(childName)}`,
      undefined,
      { 'x-request-id': personnummer },
    );
    assert.equal(read.status, 200);
    assert.notEqual(read.headers.get('x-request-id'), personnummer, 'a request id that is not a GUID is replaced');

    // A caller's GUID request id is honoured.
    const own = randomUUID();
    const health = await tab('GET', '/healthz', undefined, { 'x-request-id': own });
    assert.equal(health.headers.get('x-request-id'), own);
  });

  it('no log line holds any of them, in any format', () => {
    for (const line of lines) {
      for (const needle of needles)
        assert.ok(!line.toLowerCase().includes(needle.toLowerCase()), `a log line holds "${needle}": ${line}`);
      const digits = line.replace(/\D/g, '');
      for (const needle of digitNeedles)
        assert.ok(!digits.includes(needle), `a log line holds the digits ${needle}: ${line}`);
    }
  });

  it('positive control: a line for every request, by request id; debug turn lines carry the same id', () => {
    const parsed = lines.map((l) => JSON.parse(l) as LogLine);
    assert.equal(requestIds.length, 12, 'two messages, six card actions, four tab and health requests');
    for (const requestId of requestIds) {
      const own = parsed.filter((l) => l.requestId === requestId);
      assert.ok(
        own.some((l) => l.msg === 'request' && typeof l.route === 'string'),
        `a request line for ${requestId}`,
      );
    }
    assert.ok(
      parsed.some((l) => l.level === 20),
      'debug lines were captured',
    );
    const turns = parsed.filter((l) => l.msg === 'handled' && l.level === 20);
    for (const what of [
      'verb:consultation.submit',
      'verb:consent.submit',
      'verb:questions.submit',
      'verb:wheel.submit',
      'verb:plan.save',
    ]) {
      assert.ok(
        turns.some((l) => l.what === what && l.requestId !== undefined && requestIds.includes(l.requestId)),
        `a turn line for ${what} with the HTTP request id`,
      );
    }
    for (const route of [
      '/api/tab/cases/:caseId',
      '/api/tab/cases/:caseId/assessment',
      '/api/tab/cases/:caseId/plan',
      '/api/messages',
    ]) {
      assert.ok(
        parsed.some((l) => l.msg === 'request' && l.route === route),
        `requests to ${route} are logged by the route template`,
      );
    }
  });
});

/**
 * Fuzz: generated `adaptiveCard/action` invokes through HTTP POST /api/messages (wrong types, missing
 * fields, huge strings, unicode, prototype-pollution keys, unknown verbs). Zero unhandled errors or
 * 5xx; every answer is a card (200) or a proper invoke error.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import { loadOrgConfig } from '../../src/config/org-config';
import { startApp, type RunningApp } from '../../src/http/app';
import { routedVerbs } from '../../src/teams/routes';

const runs = Number(process.env.FUZZ_RUNS ?? 10_000);
const members = loadOrgConfig().members;
const tenant = members[0]?.tenantId ?? '';

const dangerousKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom('', ' ', '\u0000', '😀'.repeat(20), 'x'.repeat(20_000), '20150412-2381', '070-123 45 67', '2026-13-45', '99:99', 'lunda-norrskolan'),
  fc.uuid(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);
const key = fc.oneof(fc.constantFrom(...dangerousKeys, 'caseId', 'version', 'mode', 'observations', 'q1', 'trygghet.level', 'invitees', 'consentId', 'meetingId', 'lead', 'reason', 'validUntil'), fc.string({ maxLength: 12 }));
const data = fc.oneof(fc.dictionary(key, anyValue, { maxKeys: 8 }), anyValue);
const verb = fc.oneof(
  { arbitrary: fc.constantFrom(...routedVerbs), weight: 8 },
  { arbitrary: fc.constantFrom(...dangerousKeys), weight: 1 },
  { arbitrary: fc.string({ maxLength: 30 }), weight: 1 },
  { arbitrary: fc.constant(undefined), weight: 1 },
  { arbitrary: fc.integer(), weight: 1 },
);
const from = fc.oneof(fc.constantFrom(...members.map((m) => m.objectId)), fc.uuid(), fc.constant(undefined));
const actionType = fc.oneof({ arbitrary: fc.constant('Action.Execute'), weight: 8 }, { arbitrary: fc.constant('Action.Submit'), weight: 1 }, { arbitrary: fc.string({ maxLength: 10 }), weight: 1 });

describe('fuzz: card actions through HTTP /api/messages', function () {
  this.timeout(600_000);
  let app: RunningApp;
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-fuzz-'));
    app = await startApp(loadConfig({ PORT: String(42_000 + (process.pid % 1000)), DATA_DIR: dir, LOG_LEVEL: 'silent' }), pino({ level: 'silent' }), { outboxIntervalMs: 60_000 });
  });
  after(async () => {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`${runs} generated invokes: never a 5xx, always a card or a proper invoke error`, async () => {
    let cards = 0;
    let errors = 0;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(verb, data, from, actionType, fc.oneof({ arbitrary: fc.constant(true), weight: 9 }, { arbitrary: fc.constant(false), weight: 1 }), async (v, d, aad, type, withValue) => {
        const activity = {
          type: 'invoke',
          name: 'adaptiveCard/action',
          id: 'fuzz',
          channelId: 'msteams',
          serviceUrl: 'http://127.0.0.1:9/',
          locale: 'sv-SE',
          from: { id: '29:fuzz', ...(aad === undefined ? {} : { aadObjectId: aad }) },
          recipient: { id: '28:bot' },
          conversation: { id: 'fuzz-conversation', tenantId: tenant },
          ...(withValue ? { value: { action: { type, verb: v, data: d } } } : {}),
        };
        const res = await fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
        assert.ok(res.status < 500, `status ${res.status} for verb ${String(v)}`);
        const text = await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status !== 200) {
          // The adapter answers an invoke error with its status and the error as the body.
          const err = JSON.parse(text) as { statusCode?: number; type?: string };
          assert.equal(err.type, 'application/vnd.microsoft.error', `${res.status}: ${text.slice(0, 200)}`);
          assert.equal(err.statusCode, res.status);
          errors++;
          return;
        }
        const body = JSON.parse(text) as { statusCode?: number; type?: string; value?: { type?: string } };
        if (body.type === 'application/vnd.microsoft.card.adaptive') {
          assert.equal(body.statusCode, 200);
          assert.equal(body.value?.type, 'AdaptiveCard');
          cards++;
        } else {
          assert.equal(body.type, 'application/vnd.microsoft.error', text.slice(0, 200));
          assert.ok(body.statusCode !== undefined && body.statusCode >= 400 && body.statusCode < 500, text.slice(0, 200));
          errors++;
        }
      }),
      { numRuns: runs },
    );
    console.log(`      ${runs} invokes: ${cards} cards, ${errors} invoke errors; HTTP statuses ${JSON.stringify([...statuses])}`);
    assert.ok(cards > 0 && errors > 0, 'both kinds of answer occurred');
  });
});

/**
 * Fuzz: generated `adaptiveCard/action` invokes through HTTP POST /api/messages (wrong types, missing
 * fields, huge strings, unicode, NUL and lone surrogates, numbers beyond a column's range,
 * prototype-pollution keys, unknown verbs, invoke values that are not objects). Zero unhandled
 * errors or 5xx; every answer is a card (200) or a proper invoke error. And generated bodies that
 * are not plain JSON (compressed, multipart, other media types): never a 5xx, nothing written to disk.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import fc from 'fast-check';
import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import { loadOrgConfig } from '../../src/config/org-config';
import { developmentMembers } from '../../tools/graph-standin/in-process';
import { startApp, type RunningApp } from '../../src/http/app';
import { routedVerbs } from '../../src/teams/routes';
import { freePort } from '../support/net';

const runs = Number(process.env.FUZZ_RUNS ?? 10_000);
const members = developmentMembers(loadOrgConfig().orgUnits);
const tenant = members[0]?.tenantId ?? '';

const dangerousKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'Trött\u0000 på morgonen',
    'ok \ud800',
    '\udc00 x',
    '😀'.repeat(20),
    'x'.repeat(20_000),
    '20150412-2381',
    '070-123 45 67',
    '2026-13-45',
    '99:99',
    'lunda-norrskolan',
  ),
  fc.uuid(),
  fc.integer(),
  fc.constantFrom(2_147_483_648, -2_147_483_649, Number.MAX_SAFE_INTEGER, 1e308),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);
const key = fc.oneof(
  fc.constantFrom(
    ...dangerousKeys,
    'caseId',
    'version',
    'mode',
    'observations',
    'q1',
    'trygghet.level',
    'invitees',
    'consentId',
    'meetingId',
    'lead',
    'reason',
    'validUntil',
    'obtainedHow',
  ),
  fc.string({ maxLength: 12 }),
);
const data = fc.oneof(fc.dictionary(key, anyValue, { maxKeys: 8 }), anyValue);
const verb = fc.oneof(
  { arbitrary: fc.constantFrom(...routedVerbs), weight: 8 },
  { arbitrary: fc.constantFrom(...dangerousKeys), weight: 1 },
  { arbitrary: fc.string({ maxLength: 30 }), weight: 1 },
  { arbitrary: fc.constant(undefined), weight: 1 },
  { arbitrary: fc.integer(), weight: 1 },
);
const valueShape = fc.oneof(
  { arbitrary: fc.constant('object' as const), weight: 12 },
  { arbitrary: fc.constantFrom('string' as const, 'array' as const, 'action-string' as const), weight: 1 },
);
const from = fc.oneof(fc.constantFrom(...members.map((m) => m.objectId)), fc.uuid(), fc.constant(undefined));
const actionType = fc.oneof(
  { arbitrary: fc.constant('Action.Execute'), weight: 8 },
  { arbitrary: fc.constant('Action.Submit'), weight: 1 },
  { arbitrary: fc.string({ maxLength: 10 }), weight: 1 },
);

describe('fuzz: card actions through HTTP /api/messages', function () {
  this.timeout(600_000);
  let app: RunningApp;
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-fuzz-'));
    app = await startApp(
      loadConfig({ PORT: String(await freePort()), DATA_DIR: dir, LOG_LEVEL: 'silent' }),
      pino({ level: 'silent' }),
      { outboxIntervalMs: 60_000 },
    );
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
      fc.asyncProperty(
        verb,
        data,
        from,
        actionType,
        fc.oneof({ arbitrary: fc.constant(true), weight: 9 }, { arbitrary: fc.constant(false), weight: 1 }),
        valueShape,
        async (v, d, aad, type, withValue, shape) => {
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
            ...(withValue
              ? {
                  value:
                    shape === 'object'
                      ? { action: { type, verb: v, data: d } }
                      : shape === 'string'
                        ? String(v)
                        : shape === 'array'
                          ? [v]
                          : { action: String(v) },
                }
              : {}),
          };
          const res = await fetch(`${app.url}/api/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(activity),
          });
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
            assert.ok(
              body.statusCode !== undefined && body.statusCode >= 400 && body.statusCode < 500,
              text.slice(0, 200),
            );
            errors++;
          }
        },
      ),
      { numRuns: runs },
    );
    console.log(
      `      ${runs} invokes: ${cards} cards, ${errors} invoke errors; HTTP statuses ${JSON.stringify([...statuses])}`,
    );
    assert.ok(cards > 0 && errors > 0, 'both kinds of answer occurred');
  });
});

describe('fuzz: bodies that are not plain JSON on every POST/PUT route', function () {
  this.timeout(300_000);
  let app: RunningApp;
  let dir: string;
  let tmp: string;
  let previousTmp: string | undefined;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-fuzz-bodies-'));
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-fuzz-uploads-'));
    previousTmp = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    app = await startApp(
      loadConfig({ PORT: String(await freePort()), DATA_DIR: dir, LOG_LEVEL: 'silent', DEV_AUTH: 'true' }),
      pino({ level: 'silent' }),
      { outboxIntervalMs: 60_000 },
    );
  });
  after(async () => {
    await app.close();
    if (previousTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previousTmp;
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const encodings = { gzip: zlib.gzipSync, deflate: zlib.deflateSync, br: zlib.brotliCompressSync } as const;
  const route = fc.constantFrom(
    ['POST', '/api/messages'],
    ['PUT', '/api/tab/cases/00000000-0000-4000-8000-000000000001/assessment'],
    ['PUT', '/api/tab/cases/00000000-0000-4000-8000-000000000001/plan'],
    ['POST', '/api/dev/clock'],
  );
  const body = fc.oneof(
    fc.record({
      kind: fc.constant('compressed' as const),
      encoding: fc.constantFrom(...(Object.keys(encodings) as (keyof typeof encodings)[])),
      size: fc.integer({ min: 1, max: 200_000 }),
    }),
    fc.record({ kind: fc.constant('multipart' as const), size: fc.integer({ min: 1, max: 300_000 }) }),
    fc.record({
      kind: fc.constant('media' as const),
      type: fc.constantFrom(
        'text/plain',
        'application/xml',
        'application/x-www-form-urlencoded',
        'application/octet-stream',
        'application/jsonx',
        '',
      ),
      text: fc.string({ minLength: 1, maxLength: 200 }),
    }),
  );

  it('500 generated requests: 4xx, never 5xx, and no upload left in the temporary folder', async () => {
    const persona = developmentMembers(loadOrgConfig().orgUnits)[0]?.objectId ?? '';
    await fc.assert(
      fc.asyncProperty(route, body, async ([method, path_], b) => {
        const headers: Record<string, string> = { 'x-samsyn-dev-persona': persona };
        let payload: Buffer;
        if (b.kind === 'compressed') {
          payload = encodings[b.encoding](Buffer.from(JSON.stringify({ type: 'message', text: ' '.repeat(b.size) })));
          headers['content-type'] = 'application/json';
          headers['content-encoding'] = b.encoding;
        } else if (b.kind === 'multipart') {
          payload = Buffer.concat([
            Buffer.from('--b\r\nContent-Disposition: form-data; name="f"; filename="x.bin"\r\n\r\n'),
            Buffer.alloc(b.size, 7),
            Buffer.from('\r\n--b--\r\n'),
          ]);
          headers['content-type'] = 'multipart/form-data; boundary=b';
        } else {
          payload = Buffer.from(b.text);
          if (b.type !== '') headers['content-type'] = b.type;
        }
        const res = await fetch(`${app.url}${path_}`, { method, headers, body: payload }).catch(() => null);
        if (res === null) return; // the server closed a refused upload early: not an answer we can read
        await res.arrayBuffer();
        assert.ok(res.status >= 400 && res.status < 500, `${method} ${path_} ${b.kind}: ${res.status}`);
      }),
      { numRuns: 500 },
    );
    assert.deepEqual(fs.readdirSync(tmp), [], 'nothing was written to disk');
  });
});

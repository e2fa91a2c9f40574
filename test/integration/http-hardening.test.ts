/**
 * What an unauthenticated or careless request cannot do to the service: compressed bodies are not
 * inflated, multipart uploads are not written to disk, the local-mode bot endpoint wants a local
 * Host name, input the database cannot store is named (never a database message, never a 500), the
 * first failing request of a fresh process is answered, and malformed bot traffic is a 400.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import { startApp, type RunningApp } from '../../src/http/app';
import { repositoriesFor } from '../../src/storage/repositories';
import { systemClock } from '../../src/domain/ports';
import { freePort } from '../support/net';
import { persona } from '../support/personas';

const anna = persona('Anna Lind');

/** A request with full control of the headers (fetch will not send a foreign Host or a raw body). */
function raw(
  url: string,
  options: { method?: string; headers?: Record<string, string | number>; body?: Buffer | string; timeoutMs?: number },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'POST', headers: options.headers ?? {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.setTimeout(options.timeoutMs ?? 10_000, () => req.destroy(new Error('no answer in time')));
    req.on('error', (err) =>
      (err as NodeJS.ErrnoException).code === 'EPIPE' || (err as NodeJS.ErrnoException).code === 'ECONNRESET'
        ? resolve({ status: -1, body: '' })
        : reject(err),
    );
    req.end(options.body);
  });
}

describe('HTTP hardening (bodies, local mode, unstorable input, errors)', function () {
  this.timeout(120_000);
  let app: RunningApp;
  let dir: string;
  let caseId: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-hardening-'));
    app = await startApp(
      loadConfig({ PORT: String(await freePort()), DATA_DIR: dir, DEV_AUTH: 'true' }),
      pino({ level: 'silent' }),
      { outboxIntervalMs: 60_000 },
    );
  });
  after(async () => {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers the first failing request of a fresh process (no start-up listener swallows it), with no error text', async () => {
    // restify emits an event named after the error ('error' for pg's errors) before answering.
    app.server.get('/test-only/fails', async () => {
      const err = new Error('invalid byte sequence for encoding "UTF8": 0x00');
      err.name = 'error';
      throw err;
    });
    const r = await raw(`${app.url}/test-only/fails`, { method: 'GET', timeoutMs: 5_000 });
    assert.equal(r.status, 500);
    assert.deepEqual(JSON.parse(r.body), { error: 'Internal' });
    assert.equal(app.server.listenerCount('error'), 0, 'no error listener is left from start-up');
  });

  it('refuses a gzip-encoded body with 415 without inflating it', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20));
    for (const route of ['/api/messages', `/api/tab/cases/${'00000000-0000-4000-8000-000000000000'}/assessment`]) {
      const r = await raw(`${app.url}${route}`, {
        method: route === '/api/messages' ? 'POST' : 'PUT',
        headers: {
          'content-type': 'application/json',
          'content-encoding': 'gzip',
          'content-length': bomb.length,
          'x-samsyn-dev-persona': anna.objectId,
        },
        body: bomb,
      });
      assert.ok(r.status === 415 || r.status === -1, `${route}: ${r.status}`);
      if (r.status === 415) assert.deepEqual(JSON.parse(r.body), { error: 'UnsupportedContentEncoding' });
    }
  });

  it('refuses a multipart upload with 415 and writes nothing to the temporary folder', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-upload-'));
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      const boundary = 'samsynboundary';
      const body = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ),
        Buffer.alloc(2 * 1024 * 1024, 1),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const r = await raw(`${app.url}/api/messages`, {
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': body.length },
        body,
      });
      assert.ok(r.status === 415 || r.status === -1, `status ${r.status}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.deepEqual(fs.readdirSync(tmp), [], 'no upload was kept');
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('accepts JSON with a charset, refuses other media types (415) and too large bodies (413)', async () => {
    const xml = await raw(`${app.url}/api/messages`, {
      headers: { 'content-type': 'application/xml' },
      body: '<activity/>',
    });
    assert.deepEqual([xml.status, JSON.parse(xml.body)], [415, { error: 'UnsupportedMediaType' }]);
    const big = await raw(`${app.url}/api/messages`, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'x'.repeat(600 * 1024) }),
    });
    assert.ok(big.status === 413 || big.status === -1, `status ${big.status}`);
    const ok = await raw(`${app.url}/api/tab/cases`, {
      method: 'GET',
      headers: { 'x-samsyn-dev-persona': anna.objectId, 'content-type': 'application/json; charset=utf-8' },
    });
    assert.equal(ok.status, 200);
  });

  it('local mode: the bot endpoint refuses a loopback caller that uses a foreign Host name (DNS rebinding)', async () => {
    const r = await raw(`${app.url}/api/messages`, {
      headers: { host: 'evil.example:3978', 'content-type': 'application/json' },
      body: '{"type":"message","text":"hjälp"}',
    });
    assert.equal(r.status, 403);
  });

  it('answers malformed bot traffic with 400, never 500: {}, an array, XML, broken JSON, an invoke whose value is a string', async () => {
    const activity = {
      channelId: 'msteams',
      serviceUrl: 'http://127.0.0.1:9/',
      from: { id: '29:x', aadObjectId: anna.objectId },
      recipient: { id: '28:bot' },
      conversation: { id: 'c', tenantId: anna.tenantId, conversationType: 'personal' },
      channelData: { tenant: { id: anna.tenantId } },
    };
    const cases: [string, string][] = [
      ['application/json', '{}'],
      ['application/json', '[]'],
      ['application/json', '{"type":'],
      [
        'application/json',
        JSON.stringify({ ...activity, type: 'invoke', name: 'adaptiveCard/action', value: 'not an object' }),
      ],
      [
        'application/json',
        JSON.stringify({ ...activity, type: 'invoke', name: 'adaptiveCard/action', value: { action: [1] } }),
      ],
    ];
    for (const [contentType, body] of cases) {
      const r = await raw(`${app.url}/api/messages`, { headers: { 'content-type': contentType }, body });
      assert.equal(r.status, 400, `${body.slice(0, 60)} → ${r.status} ${r.body.slice(0, 80)}`);
    }
  });

  it('names a field holding characters the database cannot store (NUL, a lone surrogate) and a number out of range — no database message', async () => {
    const repos = repositoriesFor(app.db, anna, 'seed', systemClock);
    caseId = (
      await repos.cases.createCase({ kind: 'anonymous', details: { worryAreas: [], observations: '', tried: '' } })
    ).id;
    const put = (body: unknown) =>
      raw(`${app.url}/api/tab/cases/${caseId}/assessment`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-samsyn-dev-persona': anna.objectId },
        body: JSON.stringify(body),
      });
    const nul = await put({ version: 0, answers: { q1: 'Trött\u0000 på morgonen' }, areas: {} });
    assert.deepEqual(
      [nul.status, JSON.parse(nul.body)],
      [400, { error: 'Invalid', field: 'answers.q1', reason: 'unstorable' }],
    );
    const surrogate = await put({
      version: 0,
      answers: {},
      areas: { trygghet: { strengths: 'ok \ud800', worries: '', childView: '' } },
    });
    assert.deepEqual(
      [surrogate.status, JSON.parse(surrogate.body)],
      [400, { error: 'Invalid', field: 'areas.trygghet.strengths', reason: 'unstorable' }],
    );
    const huge = await put({ version: 2147483648, answers: {}, areas: {} });
    assert.deepEqual([huge.status, JSON.parse(huge.body)], [400, { error: 'Invalid', field: 'version' }]);
    const rows = await app.db.query('SELECT 1 FROM assessment WHERE case_id = $1', [caseId]);
    assert.equal(rows.rows.length, 0, 'nothing was stored');
  });
});

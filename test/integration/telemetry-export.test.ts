/**
 * Telemetry for real: the app process (src/main.ts) with APPLICATIONINSIGHTS_CONNECTION_STRING pointing
 * at a local ingestion stand-in (the outer edge: Application Insights' track endpoint). After requests
 * with a personnummer in the query string and a card action, SIGTERM flushes: the stand-in has
 * received request telemetry (so HTTP was instrumented: telemetry started before the server was
 * loaded), the card-action metric and the log lines, and no envelope holds the personnummer or a
 * query string.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import { freePort } from '../support/net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { loadOrgConfig } from '../../src/config/org-config';
import { developmentMembers } from '../../tools/graph-standin/in-process';
import { generateDevelopmentCertificate } from '../../tools/graph-standin/certificate';

const root = path.resolve(__dirname, '..', '..');
const personnummer = '20150412-2381';

/** Application Insights' ingestion endpoint, as far as the exporter sees it: POST /v2.1/track over HTTPS. */
async function startIngestionStandIn(): Promise<{
  url: string;
  caPem: string;
  envelopes: string[];
  close(): Promise<void>;
}> {
  const envelopes: string[] = [];
  const cert = generateDevelopmentCertificate();
  const server = https.createServer({ cert: cert.certChainPem, key: cert.keyPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body =
        req.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(raw).toString('utf8') : raw.toString('utf8');
      if (req.url?.endsWith('/track')) envelopes.push(body);
      const count = body.trim().startsWith('[') ? (JSON.parse(body) as unknown[]).length : 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ itemsReceived: count, itemsAccepted: count, errors: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const a = server.address();
  return {
    url: `https://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/`,
    caPem: cert.caPem,
    envelopes,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('telemetry export (real distro, local ingestion stand-in)', function () {
  this.timeout(120_000);

  it('exports requests and custom metrics, without query strings or personal data, and flushes on SIGTERM', async () => {
    const ingestion = await startIngestionStandIn();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-telemetry-'));
    const caFile = path.join(dir, 'ingestion-ca.pem');
    fs.writeFileSync(caFile, ingestion.caPem);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const app = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src', 'main.ts')], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        PORT: String(port),
        DATA_DIR: dir,
        LOG_LEVEL: 'info',
        APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=00000000-0000-4000-8000-00000000abcd;IngestionEndpoint=${ingestion.url}`,
        // The SDK's own usage statistics go to a Microsoft endpoint: not from a test.
        APPLICATIONINSIGHTS_STATSBEAT_DISABLED_ALL: 'true',
        NODE_EXTRA_CA_CERTS: caFile,
        TMPDIR: dir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    app.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => app.once('exit', (code) => resolve(code)));
    try {
      const until = Date.now() + 90_000;
      for (;;) {
        const ok = await fetch(`${url}/readyz`).then(
          (r) => r.status === 200,
          () => false,
        );
        if (ok) break;
        if (app.exitCode !== null || Date.now() > until) throw new Error(`not ready: ${stderr.slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.equal((await fetch(`${url}/healthz?pnr=${personnummer}`)).status, 200);
      const anna = developmentMembers(loadOrgConfig().orgUnits).find((m) => m.displayName === 'Anna Lind');
      assert.ok(anna);
      const invoke = await fetch(`${url}/api/messages?pnr=${personnummer}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'invoke',
          name: 'adaptiveCard/action',
          id: 'telemetry-1',
          channelId: 'msteams',
          serviceUrl: 'http://127.0.0.1:9/',
          locale: 'sv-SE',
          from: { id: '29:anna', aadObjectId: anna.objectId },
          recipient: { id: '28:bot' },
          conversation: { id: 'c', tenantId: anna.tenantId },
          value: { action: { type: 'Action.Execute', verb: 'help.show', data: {} } },
        }),
      });
      assert.equal(invoke.status, 200);
    } finally {
      app.kill('SIGTERM');
    }
    assert.equal(await exited, 0, stderr.slice(-2000));
    await ingestion.close();
    fs.rmSync(dir, { recursive: true, force: true });

    const all = ingestion.envelopes.join('\n');
    assert.ok(ingestion.envelopes.length > 0, 'telemetry was exported');
    assert.match(all, /RequestData/, 'incoming requests were traced');
    assert.match(all, /\/healthz/);
    assert.match(all, /samsyn\.card_actions/, 'the custom metric was exported');
    assert.match(all, /MessageData/, 'log lines were exported');
    assert.match(all, /Samsyn is listening/);
    assert.match(
      all,
      /"route":"\/api\/messages"/,
      'with their fields as properties (the request line of the card action)',
    );
    assert.ok(!all.includes('2381'), 'no envelope holds the personnummer');
    assert.ok(!all.includes('pnr='), 'no envelope holds a query string');
  });
});

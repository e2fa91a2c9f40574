/**
 * The tab over real HTTP for a partner tenant's professional (decision 0008): Cecilia of BVC Lunda signs
 * in with a token her own tenant (Region Exempel, tenant B) issued, and works on a case of the
 * municipality (tenant A). Her personal view lists exactly the cases her unit's consent lets her see;
 * the case shows the consented category (school attendance and learning) and nothing beyond it; a case
 * whose consent for her unit was withdrawn, or that she is no party of, is 404; a token of a tenant on
 * no allow-list gets 401 at every route, whoever it names.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createRemoteJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { loadConfig } from '../../src/config/config';
import { developmentDirectory } from '../../src/config/development-directory';
import type { Actor } from '../../src/domain/actor';
import { planWriteRule } from '../../src/domain/plan';
import { startApp, type RunningApp } from '../../src/http/app';
import { hiddenFromSchool, spanningAssessment, spanningDetails, spanningPlan } from '../support/categories';
import { freePort } from '../support/net';
import { hostTenant, regionTenant, writePartnerOrgConfig } from '../support/partner-org';
import { anyAreas } from '../support/rules';
import { childIdentity, consentFor, FakeClock, reposAs } from '../support/world';

const appId = '0f8b5a8e-6f3c-4a2e-9a55-2d9d1c1b7e11';
const anna = '6f1c2d3e-0001-4a5b-8c9d-000000000001'; // Norrskolan, the host's
const cecilia = '6f1c2d3e-0003-4a5b-8c9d-000000000003'; // BVC Lunda, in Region Exempel's tenant
const unlisted = '00000000-0000-4000-8000-00000000c003';
const school = 'lunda-norrskolan';
const bvc = 'region-bvc-lunda';

describe('the tab for a partner tenant’s professional (tokens with the partner’s tid)', function () {
  this.timeout(60_000);
  let keys: { privateKey: CryptoKey; publicKey: CryptoKey };
  let jwksServer: http.Server;
  let app: RunningApp;
  let dir: string;
  let orgDir: string;
  const cases: Record<'covered' | 'withdrawn' | 'notMine', { id: string; reference: string }> = {} as never;

  const token = (tid: string, oid: string, name = '') =>
    new SignJWT({ tid, oid, name, scp: 'access_as_user' })
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
      .setIssuer(`https://login.microsoftonline.com/${tid}/v2.0`)
      .setAudience(appId)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(keys.privateKey);
  const get = async (route: string, tid: string, oid: string) => {
    const r = await fetch(`${app.url}${route}`, { headers: { authorization: `Bearer ${await token(tid, oid)}` } });
    return { status: r.status, text: await r.text() };
  };
  const actorOf = async (tenantId: string, objectId: string): Promise<Actor> => {
    const r = await app.db.query<{ display_name: string; org_unit_id: string; roles: Actor['roles'] }>(
      'SELECT display_name, org_unit_id, roles FROM membership WHERE tenant_id = $1 AND object_id = $2',
      [tenantId, objectId],
    );
    const m = r.rows[0];
    if (!m) throw new Error(`${objectId} is not in the membership cache`);
    return { tenantId, objectId, displayName: m.display_name, orgUnitId: m.org_unit_id, roles: m.roles };
  };

  before(async () => {
    keys = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'test-key', use: 'sig' };
    jwksServer = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const a = jwksServer.address();
    const jwksUrl = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/discovery/v2.0/keys`;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-partner-tab-'));
    const orgFile = writePartnerOrgConfig();
    orgDir = path.dirname(orgFile);
    const config = loadConfig({
      PORT: String(await freePort()),
      DATA_DIR: dir,
      MicrosoftAppId: appId,
      MicrosoftAppPassword: 'x',
      MicrosoftAppTenantId: hostTenant,
      BASE_URL: 'https://samsyn.example.se',
      ORG_CONFIG_FILE: orgFile,
    });
    app = await startApp(config, pino({ level: 'silent' }), {
      host: '127.0.0.1',
      jwks: createRemoteJWKSet(new URL(jwksUrl)),
      directory: developmentDirectory(),
    });
    // Both sign in once (as the tab does first), so the membership cache knows them.
    assert.equal((await get('/api/tab/me', hostTenant, anna)).status, 200);
    assert.equal((await get('/api/tab/me', regionTenant, cecilia)).status, 200);

    const clock = new FakeClock(new Date());
    const host = reposAs(app.db, await actorOf(hostTenant, anna), clock);
    const partner = await actorOf(regionTenant, cecilia);
    const plan = spanningPlan(await actorOf(hostTenant, anna));
    const open = async (units: string[], categories?: Parameters<typeof consentFor>[3]) => {
      const kase = await host.cases.createCase({
        kind: 'consented',
        details: spanningDetails,
        child: childIdentity,
        consent: consentFor(units, clock, 180, categories),
      });
      await host.assessments.saveAssessment(kase.id, spanningAssessment, 0, anyAreas(spanningAssessment));
      await host.plans.savePlan(kase.id, plan, true, 0, planWriteRule(plan, true));
      return kase;
    };
    // The consent covers BVC for school attendance and learning only.
    cases.covered = await open([school, bvc], ['school-attendance-learning']);
    await host.parties.addParty(cases.covered.id, { ...partner, role: 'participant' });
    // BVC's consent withdrawn after Cecilia joined.
    cases.withdrawn = await open([school]);
    const forBvc = await host.consents.recordConsent(cases.withdrawn.id, consentFor([bvc], clock));
    await host.parties.addParty(cases.withdrawn.id, { ...partner, role: 'participant' });
    await host.consents.withdrawConsent(cases.withdrawn.id, forBvc.id);
    // Covered, but Cecilia is no party.
    cases.notMine = await open([school, bvc]);
  });
  after(async () => {
    await app.close();
    await new Promise((resolve) => jwksServer.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(orgDir, { recursive: true, force: true });
  });

  it('her personal view lists exactly the case her unit’s consent covers', async () => {
    const r = await get('/api/tab/cases', regionTenant, cecilia);
    assert.equal(r.status, 200);
    const listed = (JSON.parse(r.text) as { cases: { id: string; reference: string; myRoles: string[] }[] }).cases;
    assert.deepEqual(
      listed.map((c) => [c.id, c.reference, c.myRoles]),
      [[cases.covered.id, cases.covered.reference, ['participant']]],
    );
    for (const hidden of [...hiddenFromSchool, childIdentity.personnummer])
      assert.ok(!r.text.includes(hidden), `"${hidden}" in the list`);
  });

  it('the case shows the consented category and nothing beyond it; her reads are audited in her own tenant', async () => {
    const r = await get(`/api/tab/cases/${cases.covered.id}`, regionTenant, cecilia);
    assert.equal(r.status, 200);
    assert.ok(r.text.includes('Stöd i matematik'), 'the school part of the plan');
    assert.ok(r.text.includes('Matte'), 'the school area of the assessment');
    for (const hidden of hiddenFromSchool) assert.ok(!r.text.includes(hidden), `"${hidden}" reached her tab`);
    // The host's own professional sees all of it (the rule is per unit, not per tenant).
    const own = await get(`/api/tab/cases/${cases.covered.id}`, hostTenant, anna);
    assert.ok(own.text.includes('Sömnproblem'));
    const audit = await app.db.query<{ actor_tenant_id: string }>(
      "SELECT DISTINCT actor_tenant_id FROM audit_log WHERE case_id = $1 AND actor_object_id = $2 AND action = 'case.read' AND outcome = 'success'",
      [cases.covered.id, cecilia],
    );
    assert.deepEqual(audit.rows, [{ actor_tenant_id: regionTenant }]);
  });

  it('a case beyond her unit’s consent, or not hers, is 404 at every tab route', async () => {
    for (const kase of [cases.withdrawn, cases.notMine])
      for (const route of ['', '/changes', '/plan.pdf', '/plan-export.json']) {
        const r = await get(`/api/tab/cases/${kase.id}${route}`, regionTenant, cecilia);
        assert.equal(r.status, 404, `${route || 'case'}: ${r.status}`);
        assert.ok(!r.text.includes(kase.reference) && !r.text.includes('Matte'), `${route}: something leaked`);
      }
  });

  it('a tenant on no allow-list gets 401 at every route, whoever the token names; her oid from the host tenant is no one', async () => {
    for (const oid of [cecilia, anna])
      for (const route of ['/api/tab/me', '/api/tab/cases', `/api/tab/cases/${cases.covered.id}`]) {
        const r = await get(route, unlisted, oid);
        assert.deepEqual([r.status, JSON.parse(r.text)], [401, { error: 'tenant' }], route);
      }
    const r = await get('/api/tab/cases', hostTenant, cecilia);
    assert.equal(r.status, 403);
  });
});

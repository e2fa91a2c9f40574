/**
 * Partner tenants (decision 0008) against the Graph stand-in through the real Graph client: each
 * tenant's groups are read with that tenant's token (the stand-in serves Region Exempel's own directory
 * to the region's token), the cache keeps each member's own tenant, an unknown person is looked up in
 * their own tenant only, and a partner's outage keeps that tenant's cache while the host still syncs.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Agent } from 'undici';
import type { TenantDirectories } from '../../src/app/directory-port';
import { DirectorySyncFailed, lookUpMember, syncDirectory } from '../../src/app/sync-directory';
import { loadOrgConfig, type OrgConfig } from '../../src/config/org-config';
import { graphDirectories } from '../../src/graph/directory';
import { createGraphClient, developmentCredential, developmentCredentialFor } from '../../src/graph/graph-client';
import type { Database } from '../../src/storage/database';
import { listAllMembers, membershipStore, syncOrgConfig } from '../../src/storage/organisations';
import { PARTNER_DIRECTORY } from '../../tools/graph-standin/partner-tenant';
import { dbKinds, openTestDatabase } from '../support/databases';
import { hostTenant, regionTenant, writePartnerOrgConfig } from '../support/partner-org';
import { standInWithClient } from './support';

const anna = '6f1c2d3e-0001-4a5b-8c9d-000000000001';
const bo = '6f1c2d3e-0002-4a5b-8c9d-000000000002';
const cecilia = '6f1c2d3e-0003-4a5b-8c9d-000000000003';
const fredrik = '6f1c2d3e-0b01-4a5b-8c9d-000000000b01';
const bupGroup = '0b0b0000-0005-4000-8000-000000000001';

for (const kind of dbKinds) {
  describe(`directory sync per tenant: a partner's groups in its own tenant (stand-in, ${kind})`, function () {
    this.timeout(60_000);
    let env: Awaited<ReturnType<typeof standInWithClient>>;
    let dispatcher: Agent;
    let db: Database;
    let org: OrgConfig;
    let directories: TenantDirectories;
    let orgFile: string;

    beforeEach(async () => {
      orgFile = writePartnerOrgConfig();
      org = loadOrgConfig(orgFile);
      env = await standInWithClient({
        partnerDirectories: [{ tenantId: regionTenant, directoryPath: PARTNER_DIRECTORY }],
      });
      dispatcher = new Agent({ connect: { ca: env.standIn.caPem } });
      // As the app builds them: one client per tenant, the partner's with a token its tenant issued.
      directories = graphDirectories(hostTenant, [regionTenant], (partner) =>
        createGraphClient({
          baseUrl: env.standIn.url,
          credential: partner === undefined ? developmentCredential : developmentCredentialFor(partner),
          retry: { delaySeconds: 0.01, maxRetries: 1 },
          fetchOptions: { dispatcher },
        }),
      );
      db = await openTestDatabase(kind);
      await syncOrgConfig(db, org);
    });
    afterEach(async () => {
      await env.close();
      await dispatcher.close();
      await db.close();
      fs.rmSync(path.dirname(orgFile), { recursive: true, force: true });
    });

    const members = async () =>
      (await listAllMembers(db))
        .map((m) => [m.tenantId, m.objectId, m.orgUnitId] as const)
        .sort((a, b) => a[1].localeCompare(b[1]));
    const groupRequests = (groupId: string) =>
      env.standIn
        .requests()
        .filter((r) => r.url.includes(`/groups/${groupId}/`))
        .map((r) => r.tenantId);

    it('reads each tenant’s groups with that tenant’s token; each member is cached in their own tenant', async () => {
      const results = await syncDirectory(directories, org.orgUnits, membershipStore(db));
      assert.deepEqual(
        results.map((r) => [r.tenantId, r.members]),
        [
          [hostTenant, 7],
          [regionTenant, 2],
        ],
      );
      const cached = await members();
      assert.deepEqual(
        cached.filter(([, id]) => id === cecilia || id === fredrik),
        [
          [regionTenant, cecilia, 'region-bvc-lunda'],
          [regionTenant, fredrik, 'region-bup'],
        ],
      );
      assert.ok(cached.filter(([t]) => t === hostTenant).every(([, , unit]) => !unit.startsWith('region-')));
      assert.deepEqual(cached.find(([, id]) => id === anna)?.[0], hostTenant);

      // The Graph requests sent: the region's groups only with the region's token, the host's with the host's.
      assert.deepEqual([...new Set(groupRequests(bupGroup))], [regionTenant]);
      const hostGroup = org.orgUnits.find((u) => u.id === 'lunda-norrskolan')?.groups.professional?.[0] ?? '';
      assert.deepEqual([...new Set(groupRequests(hostGroup))], [hostTenant]);
    });

    it('looks an unknown person up in their own tenant only', async () => {
      const store = membershipStore(db);
      assert.deepEqual(await lookUpMember(directories, org.orgUnits, store, regionTenant, fredrik), {
        tenantId: regionTenant,
        objectId: fredrik,
        displayName: 'Fredrik Ås',
        orgUnitId: 'region-bup',
        roles: ['professional'],
      });
      assert.ok(
        env.standIn
          .requests()
          .filter((r) => r.url.includes(`/users/${fredrik}`))
          .every((r) => r.tenantId === regionTenant),
      );
      // The same object id from the host tenant is nobody there.
      assert.equal(await lookUpMember(directories, org.orgUnits, store, hostTenant, fredrik), null);
      // A tenant on no list has no directory and no groups: nobody.
      assert.equal(
        await lookUpMember(directories, org.orgUnits, store, '00000000-0000-4000-8000-00000000c003', fredrik),
        null,
      );
      assert.throws(
        () => directories('00000000-0000-4000-8000-00000000c003'),
        /neither the host tenant nor a listed partner/,
      );
    });

    it('a partner tenant that cannot be read keeps its cache; the host tenant still syncs', async () => {
      const store = membershipStore(db);
      await syncDirectory(directories, org.orgUnits, store);
      // Bo leaves his host group; the region's directory is down (or its consent withdrawn).
      const boGroup = org.orgUnits.find((u) => u.id === 'lunda-socialtjansten')?.groups.professional?.[0] ?? '';
      env.standIn.directory.removeMember(boGroup, bo);
      env.standIn.faults.unavailable({ path: `/groups/${bupGroup}/**` }, { times: 10 });

      const failure = await syncDirectory(directories, org.orgUnits, store).then(
        () => assert.fail('the sync must report the tenant it could not read'),
        (err: unknown) => err,
      );
      assert.ok(failure instanceof DirectorySyncFailed);
      assert.deepEqual(
        failure.failed.map((f) => f.tenantId),
        [regionTenant],
      );
      assert.deepEqual(
        failure.synced.map((r) => [r.tenantId, r.removed]),
        [[hostTenant, [bo]]],
      );
      const cached = await members();
      assert.equal(
        cached.find(([, id]) => id === bo),
        undefined,
        'the host tenant was applied',
      );
      assert.deepEqual(
        cached.filter(([t]) => t === regionTenant).map(([, id]) => id),
        [cecilia, fredrik],
        'the region keeps its cache',
      );
    });
  });
}

/**
 * The directory from Entra ID, against the Graph stand-in through the real Graph client: group
 * membership grants a unit, a removal revokes it at the next sync (audited), nobody is in Samsyn
 * without a configured group, someone added is looked up at once, and a group of over 1,000 members is
 * read across pages with $select. On both databases.
 */
import assert from 'node:assert/strict';
import { Agent } from 'undici';
import { loadOrgConfig } from '../../src/config/org-config';
import { lookUpMember, syncDirectory } from '../../src/app/sync-directory';
import type { DirectoryUnit } from '../../src/domain/directory';
import { graphDirectory } from '../../src/graph/directory';
import type { Database } from '../../src/storage/database';
import { findActor, listAllMembers, membershipStore, syncOrgConfig } from '../../src/storage/organisations';
import { dbKinds, openTestDatabase } from '../support/databases';
import { standInWithClient } from './support';

const org = loadOrgConfig();
const tenant = '00000000-0000-4000-8000-00000000a001';
const anna = '6f1c2d3e-0001-4a5b-8c9d-000000000001';
const bo = '6f1c2d3e-0002-4a5b-8c9d-000000000002';
const groupOf = (unitId: string, role: 'professional' | 'named-person') =>
  org.orgUnits.find((u) => u.id === unitId)?.groups[role]?.[0] ?? '';
const karin = {
  id: '6f1c2d3e-0100-4a5b-8c9d-000000000100',
  displayName: 'Karin Ek',
  mail: 'karin.ek@lunda.example',
  jobTitle: 'Kurator',
};

async function auditRows(db: Database, objectId: string) {
  const r = await db.query<{ action: string; org_unit_id: string; outcome: string }>(
    'SELECT action, org_unit_id, outcome FROM audit_log WHERE actor_object_id = $1 ORDER BY at, seq',
    [objectId],
  );
  return r.rows;
}

for (const kind of dbKinds) {
  describe(`directory from Entra ID through Graph (stand-in, ${kind})`, function () {
    this.timeout(60_000);
    let env: Awaited<ReturnType<typeof standInWithClient>>;
    let db: Database;

    beforeEach(async () => {
      env = await standInWithClient();
      db = await openTestDatabase(kind);
      await syncOrgConfig(db, org);
    });
    afterEach(async () => {
      await env.close();
      await db.close();
    });

    // The stand-in's admin API over HTTP, as a developer or a test edits the directory at run time.
    const standInAdmin = async (method: string, path: string, body?: unknown) => {
      const dispatcher = new Agent({ connect: { ca: env.standIn.caPem } });
      try {
        const init = {
          method,
          dispatcher,
          ...(body ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
        };
        const res = await fetch(`${env.standIn.url}${path}`, init as unknown as RequestInit);
        assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${await res.text()}`);
      } finally {
        await dispatcher.close();
      }
    };

    it('group membership grants the unit and the roles of its groups; nobody is in Samsyn without a configured group', async () => {
      await standInAdmin('POST', '/_standin/users', {
        ...karin,
        id: 'aaaaaaaa-0000-4000-8000-00000000ffff',
        displayName: 'Utan Grupp',
      });
      const [result] = await syncDirectory(() => graphDirectory(env.graph), org.orgUnits, membershipStore(db));
      assert.equal(result?.members, 8);
      assert.deepEqual(await findActor(db, tenant, anna), {
        tenantId: tenant,
        objectId: anna,
        displayName: 'Anna Lind',
        orgUnitId: 'lunda-norrskolan',
        roles: ['professional', 'named-person'],
      });
      assert.equal((await findActor(db, tenant, bo))?.orgUnitId, 'lunda-socialtjansten');
      assert.equal(
        await findActor(db, tenant, 'aaaaaaaa-0000-4000-8000-00000000ffff'),
        null,
        'a user in no configured group is not in Samsyn',
      );
      const requests = env.standIn.requests().filter((r) => r.url.includes('/transitiveMembers/microsoft.graph.user'));
      assert.ok(requests.length >= 9, 'every configured group is read');
      assert.ok(
        requests.every((r) =>
          decodeURIComponent(r.url).includes('$select=id,displayName,mail,userPrincipalName,jobTitle'),
        ),
        'only the properties Samsyn keeps',
      );
    });

    it('a person removed from their group loses access at the next sync, audited as directory.removed', async () => {
      const store = membershipStore(db);
      await syncDirectory(() => graphDirectory(env.graph), org.orgUnits, store);
      await standInAdmin('DELETE', `/_standin/groups/${groupOf('lunda-socialtjansten', 'professional')}/members/${bo}`);
      assert.ok(await findActor(db, tenant, bo), 'the cache keeps Bo until the next sync (the stated bound)');
      const [result] = await syncDirectory(() => graphDirectory(env.graph), org.orgUnits, store);
      assert.deepEqual(result?.removed, [bo]);
      assert.equal(await findActor(db, tenant, bo), null);
      assert.deepEqual(await auditRows(db, bo), [
        { action: 'directory.removed', org_unit_id: 'lunda-socialtjansten', outcome: 'success' },
      ]);
      assert.equal(
        (await listAllMembers(db)).some((m) => m.objectId === bo),
        false,
      );
      // A second sync (another instance) changes nothing and audits nothing more.
      await syncDirectory(() => graphDirectory(env.graph), org.orgUnits, store);
      assert.equal((await auditRows(db, bo)).length, 1);
    });

    it('someone added to a group works at once (looked up through transitiveMemberOf) and is kept by the next sync', async () => {
      const store = membershipStore(db);
      await syncDirectory(() => graphDirectory(env.graph), org.orgUnits, store);
      await standInAdmin('POST', '/_standin/users', karin);
      assert.equal(
        await lookUpMember(() => graphDirectory(env.graph), org.orgUnits, store, tenant, karin.id),
        null,
        'not yet in any group',
      );
      await standInAdmin('POST', `/_standin/groups/${groupOf('lunda-elevhalsan', 'professional')}/members`, {
        id: karin.id,
      });
      const actor = await lookUpMember(() => graphDirectory(env.graph), org.orgUnits, store, tenant, karin.id);
      assert.deepEqual(actor, {
        tenantId: tenant,
        objectId: karin.id,
        displayName: 'Karin Ek',
        orgUnitId: 'lunda-elevhalsan',
        roles: ['professional'],
      });
      assert.deepEqual(await findActor(db, tenant, karin.id), actor);
      assert.deepEqual(
        (await auditRows(db, karin.id)).map((r) => r.action),
        ['directory.added'],
      );
      assert.ok(env.standIn.requests().some((r) => r.url.startsWith(`/v1.0/users/${karin.id}/transitiveMemberOf`)));
      await syncDirectory(() => graphDirectory(env.graph), org.orgUnits, store);
      assert.ok(await findActor(db, tenant, karin.id));
    });

    it('a group that cannot be read leaves the cache as it was (an outage locks nobody out)', async () => {
      const store = membershipStore(db);
      await syncDirectory(() => graphDirectory(env.graph), org.orgUnits, store);
      const broken: DirectoryUnit[] = [
        ...org.orgUnits,
        {
          id: 'lunda-norrskolan',
          tenantId: tenant,
          groups: { professional: ['0b0b0000-ffff-4000-8000-000000000001'] },
        },
      ];
      await assert.rejects(syncDirectory(() => graphDirectory(env.graph), broken, store));
      assert.equal((await listAllMembers(db)).length, 8);
    });
  });
}

describe('directory paging (stand-in)', function () {
  this.timeout(120_000);

  it('reads a group of 1,001 members across pages of @odata.nextLink', async () => {
    const group = '0b0b0000-0009-4000-8000-000000000001';
    const users = Array.from({ length: 1001 }, (_, i) => ({
      id: `aaaaaaaa-0000-4000-8000-${String(i).padStart(12, '0')}`,
      displayName: `Person ${i}`,
      tenantId: tenant,
    }));
    const env = await standInWithClient({
      directoryPath: undefined,
      users,
      groups: [{ id: group, displayName: 'Stora skolan', members: users.map((u) => u.id) }],
    });
    const db = await openTestDatabase('pglite');
    try {
      const units: DirectoryUnit[] = [{ id: 'lunda-norrskolan', tenantId: tenant, groups: { professional: [group] } }];
      await syncOrgConfig(db, org);
      const [result] = await syncDirectory(() => graphDirectory(env.graph), units, membershipStore(db));
      assert.equal(result?.members, 1001);
      assert.equal((await listAllMembers(db)).length, 1001);
      const pages = env.standIn.requests().filter((r) => r.url.includes(`/groups/${group}/transitiveMembers`));
      assert.ok(pages.length >= 11, `followed @odata.nextLink over ${pages.length} pages`);
      assert.ok(pages.slice(1).every((r) => r.url.includes('$skiptoken=')));
    } finally {
      await env.close();
      await db.close();
    }
  });
});

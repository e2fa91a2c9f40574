/**
 * A person whose Entra groups give several units chooses the one they act for: the choice is kept
 * across directory syncs and look-ups, audited, refused for a unit their groups do not give, and
 * falls back to the first unit when their groups stop giving the chosen one. Both engines.
 */
import assert from 'node:assert/strict';
import type { DirectoryMember } from '../../src/domain/directory';
import type { Database } from '../../src/storage/database';
import { findActor, replaceMembership, upsertMember } from '../../src/storage/organisations';
import { chooseUnit, unitsOfMember } from '../../src/storage/unit-choice';
import { dbKinds, openTestDatabase } from '../support/databases';
import { people, seedWorld, tenant, units } from '../support/world';

const dora = {
  tenantId: tenant,
  objectId: 'aaaaaaaa-0000-4000-8000-0000000000d0',
  displayName: 'Dora Dubbel',
  email: 'dora@test.example',
};
const inBoth: DirectoryMember = {
  ...dora,
  orgUnitId: units.school,
  roles: ['professional'],
  units: [
    { orgUnitId: units.school, roles: ['professional'] },
    { orgUnitId: units.social, roles: ['professional', 'manager'] },
  ],
};
const schoolOnly: DirectoryMember = { ...dora, orgUnitId: units.school, roles: ['professional'] };
const at = new Date('2026-12-02T10:00:00Z');

for (const kind of dbKinds) {
  describe(`unit choice for a person in two units' groups [${kind}]`, function () {
    this.timeout(30_000);
    let db: Database;
    beforeEach(async () => {
      db = await openTestDatabase(kind);
      await seedWorld(db);
    });
    afterEach(async () => db?.close());

    const everyoneWith = (m: DirectoryMember) =>
      replaceMembership(db, tenant, [...Object.values(people).map((p) => ({ ...p, email: null })), m]);

    it('acts for the first unit until they choose; the choice holds across syncs and look-ups and is audited', async () => {
      await everyoneWith(inBoth);
      assert.equal((await findActor(db, tenant, dora.objectId))?.orgUnitId, units.school);
      assert.deepEqual((await unitsOfMember(db, tenant, dora.objectId))?.units, inBoth.units);

      assert.deepEqual(await chooseUnit(db, tenant, dora.objectId, units.social, at), {
        ok: true,
        orgUnitId: units.social,
      });
      const actor = await findActor(db, tenant, dora.objectId);
      assert.equal(actor?.orgUnitId, units.social);
      assert.deepEqual(actor?.roles, ['professional', 'manager']);

      await everyoneWith(inBoth);
      assert.equal((await findActor(db, tenant, dora.objectId))?.orgUnitId, units.social, 'kept across a sync');
      assert.equal((await upsertMember(db, inBoth, at)).orgUnitId, units.social, 'kept by a look-up');

      const audit = await db.query<{ action: string; org_unit_id: string; actor_object_id: string }>(
        "SELECT action, org_unit_id, actor_object_id FROM audit_log WHERE action = 'directory.unitChosen'",
      );
      assert.deepEqual(audit.rows, [
        { action: 'directory.unitChosen', org_unit_id: units.social, actor_object_id: dora.objectId },
      ]);
    });

    it('refuses a unit their groups do not give, and someone not in Samsyn', async () => {
      await everyoneWith(inBoth);
      assert.deepEqual(await chooseUnit(db, tenant, dora.objectId, units.police, at), {
        ok: false,
        reason: 'not-your-unit',
      });
      assert.equal((await findActor(db, tenant, dora.objectId))?.orgUnitId, units.school);
      assert.deepEqual(await chooseUnit(db, tenant, 'aaaaaaaa-0000-4000-8000-0000000000ff', units.school, at), {
        ok: false,
        reason: 'not-a-member',
      });
    });

    it('falls back to the unit the groups still give when the chosen one is taken away', async () => {
      await everyoneWith(inBoth);
      await chooseUnit(db, tenant, dora.objectId, units.social, at);
      await everyoneWith(schoolOnly);
      const actor = await findActor(db, tenant, dora.objectId);
      assert.equal(actor?.orgUnitId, units.school);
      assert.deepEqual(actor?.roles, ['professional']);
      assert.deepEqual(await chooseUnit(db, tenant, dora.objectId, units.social, at), {
        ok: false,
        reason: 'not-your-unit',
      });
    });
  });
}

/**
 * Someone added to a unit's Entra group since the last directory sync writes to the bot: they are
 * looked up in the directory at once (transitiveMemberOf), cached, audited as directory.added, and
 * served as a member; someone in no configured group stays a stranger and is not cached.
 */
import assert from 'node:assert/strict';
import { lookUpMember } from '../../src/app/sync-directory';
import type { DirectoryUnit } from '../../src/domain/directory';
import { Directory } from '../../tools/graph-standin/directory';
import { inProcessDirectory } from '../../tools/graph-standin/in-process';
import { findActor, membershipStore } from '../../src/storage/organisations';
import { tenant, units } from '../support/world';
import { cardOf, startBot, visibleText, type BotHarness } from './harness';

const group = '0b0b0000-00aa-4000-8000-000000000001';
const karin = {
  tenantId: tenant,
  objectId: 'aaaaaaaa-0000-4000-8000-0000000000aa',
  displayName: 'Karin Ek',
  orgUnitId: units.school,
  roles: ['professional'] as const,
};
const outsider = { ...karin, objectId: 'aaaaaaaa-0000-4000-8000-0000000000bb', displayName: 'Olle Utanför' };

describe('chat: a person the membership cache does not know yet', function () {
  this.timeout(30_000);
  let bot: BotHarness;
  beforeEach(async () => {
    const directory = new Directory(
      [karin, outsider].map((p) => ({
        id: p.objectId,
        displayName: p.displayName,
        mail: `${p.objectId}@test.example`,
        userPrincipalName: `${p.objectId}@test.example`,
        tenantId: tenant,
      })),
      tenant,
      'test.example',
      [{ id: group, displayName: 'Testskolan personal', members: [karin.objectId] }],
    );
    const unitsWithGroups: DirectoryUnit[] = [
      { id: units.school, tenantId: tenant, groups: { professional: [group] } },
    ];
    bot = await startBot('pglite', {
      lookUpMember: (db) => (t, o) =>
        lookUpMember(() => inProcessDirectory(directory), unitsWithGroups, membershipStore(db), t, o),
    });
  });
  afterEach(async () => bot.close());

  it('is looked up at once and served as a member of the unit whose group they are in', async () => {
    const [reply] = await bot.say(karin, 'hjälp');
    assert.doesNotMatch(visibleText(cardOf(reply)), /inte med i någon av Samsyns grupper/);
    assert.deepEqual(await findActor(bot.db, tenant, karin.objectId), { ...karin, roles: ['professional'] });
    const audit = await bot.db.query<{ action: string; org_unit_id: string }>(
      'SELECT action, org_unit_id FROM audit_log WHERE actor_object_id = $1',
      [karin.objectId],
    );
    assert.deepEqual(audit.rows, [{ action: 'directory.added', org_unit_id: units.school }]);
  });

  it('someone in no configured group stays outside Samsyn', async () => {
    const [reply] = await bot.say(outsider, 'hjälp');
    assert.match(visibleText(cardOf(reply)), /inte med i någon av Samsyns grupper/);
    assert.equal(await findActor(bot.db, tenant, outsider.objectId), null);
  });
});

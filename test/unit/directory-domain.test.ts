import assert from 'node:assert/strict';
import {
  actingFor,
  groupIdsOf,
  resolveMembership,
  type DirectoryUnit,
  type DirectoryUser,
} from '../../src/domain/directory';

const tenant = '00000000-0000-4000-8000-00000000a001';
const other = '00000000-0000-4000-8000-00000000b002';
const user = (n: number, mail: string | null = `p${n}@x.example`): DirectoryUser => ({
  id: `aaaaaaaa-0000-4000-8000-00000000000${n}`,
  displayName: `Person ${n}`,
  mail,
  userPrincipalName: `upn${n}@x.example`,
  jobTitle: null,
});
const G = (n: number) => `0b0b0000-0000-4000-8000-00000000000${n}`;

const units: DirectoryUnit[] = [
  { id: 'skola', tenantId: tenant, groups: { professional: [G(1)], 'named-person': [G(2)] } },
  { id: 'social', tenantId: tenant, groups: { professional: [G(3)], manager: [G(4)] } },
  { id: 'annan', tenantId: other, groups: { professional: [G(5)] } },
];

describe('directory: who acts for which unit from Entra groups', () => {
  it('gives a member the unit of their group and every role of that unit they hold through its groups', () => {
    const members = resolveMembership(
      units,
      tenant,
      new Map([
        [G(1), [user(1)]],
        [G(2), [user(1)]],
        [G(4), [user(2, null)]],
      ]),
    );
    assert.deepEqual(members, [
      {
        tenantId: tenant,
        objectId: user(1).id,
        displayName: 'Person 1',
        email: 'p1@x.example',
        orgUnitId: 'skola',
        roles: ['professional', 'named-person'],
        units: [{ orgUnitId: 'skola', roles: ['professional', 'named-person'] }],
      },
      {
        tenantId: tenant,
        objectId: user(2).id,
        displayName: 'Person 2',
        email: 'upn2@x.example',
        orgUnitId: 'social',
        roles: ['manager'],
        units: [{ orgUnitId: 'social', roles: ['manager'] }],
      },
    ]);
  });

  it('a person in two units’ groups acts for the first unit in configuration order until they choose, with that unit’s roles only', () => {
    const members = resolveMembership(
      units,
      tenant,
      new Map([
        [G(3), [user(1)]],
        [G(4), [user(1)]],
        [G(1), [user(1)]],
      ]),
    );
    assert.equal(members.length, 1);
    assert.equal(members[0]?.orgUnitId, 'skola');
    assert.deepEqual(members[0]?.roles, ['professional']);
    assert.deepEqual(members[0]?.units, [
      { orgUnitId: 'skola', roles: ['professional'] },
      { orgUnitId: 'social', roles: ['professional', 'manager'] },
    ]);
    const member = members[0];
    assert.ok(member);
    const chosen = actingFor(member, 'social');
    assert.equal(chosen.orgUnitId, 'social');
    assert.deepEqual(chosen.roles, ['professional', 'manager']);
    // A choice of a unit the groups do not give (or no longer give) changes nothing.
    assert.equal(actingFor(member, 'annan').orgUnitId, 'skola');
    assert.equal(actingFor(member, null).orgUnitId, 'skola');
  });

  it('nobody without a configured group; group ids match case-insensitively; tenants stay apart', () => {
    assert.deepEqual(resolveMembership(units, tenant, new Map([['unconfigured', [user(1)]]])), []);
    assert.equal(resolveMembership(units, tenant, new Map([[G(1).toLowerCase(), [user(3)]]])).length, 1);
    assert.deepEqual(groupIdsOf(units, other), [G(5)]);
    assert.deepEqual(resolveMembership(units, other, new Map([[G(1), [user(1)]]])), []);
  });
});

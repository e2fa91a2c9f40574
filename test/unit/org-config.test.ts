import assert from 'node:assert/strict';
import { loadOrgConfig, parseOrgConfig } from '../../src/config/org-config';
import { developmentMembers } from '../../tools/graph-standin/in-process';

const tenant = '00000000-0000-4000-8000-00000000a001';
const group = '0b0b0000-0001-4000-8000-000000000001';
const unit = {
  id: 'skola',
  name: 'Skolan',
  authorityType: 'forskola-skola',
  tenantId: tenant,
  wheelId: 'shanarri',
  groups: { professional: [group] },
};

describe('organisation configuration', () => {
  it('the shipped development configuration is valid, lists no people, and its groups give personas for every role', () => {
    const cfg = loadOrgConfig();
    assert.ok(cfg.orgUnits.length >= 5);
    assert.equal('members' in cfg, false);
    const roles = new Set(developmentMembers(cfg.orgUnits).flatMap((m) => m.roles));
    for (const r of ['professional', 'named-person', 'log-reviewer', 'manager', 'admin'])
      assert.ok(roles.has(r as never), r);
    const authorities = new Set(cfg.orgUnits.map((u) => u.authorityType));
    assert.ok(
      authorities.has('forskola-skola') && authorities.has('socialtjanst'),
      'school and social services are separate units',
    );
  });

  it('rejects an unknown authority type, a list of people, duplicate units, bad group GUIDs and unknown roles', () => {
    assert.throws(
      () => parseOrgConfig({ orgUnits: [{ ...unit, authorityType: 'skola' }] }, 'f.json'),
      /f\.json: invalid.*authorityType/s,
    );
    assert.throws(
      () => parseOrgConfig({ orgUnits: [unit], members: [{ objectId: group }] }, 'f.json'),
      /members are no longer configured/,
    );
    assert.throws(() => parseOrgConfig({ orgUnits: [unit, unit] }, 'f.json'), /unique/);
    assert.throws(
      () => parseOrgConfig({ orgUnits: [{ ...unit, groups: { professional: ['teachers'] } }] }, 'f.json'),
      /GUID/,
    );
    assert.throws(
      () => parseOrgConfig({ orgUnits: [{ ...unit, groups: { superuser: [group] } }] }, 'f.json'),
      /superuser|groups/,
    );
  });

  it('partner tenants: listed once each; the units outside them are one host tenant; tenant ids in lower case', () => {
    const region = '00000000-0000-4000-8000-00000000B002';
    const bvc = { ...unit, id: 'bvc', authorityType: 'bvc', tenantId: region };
    const cfg = parseOrgConfig(
      { partnerTenants: [{ tenantId: region, name: 'Region Exempel' }], orgUnits: [unit, bvc] },
      'f.json',
    );
    assert.equal(cfg.hostTenantId, tenant);
    assert.deepEqual(cfg.partnerTenants, [{ tenantId: region.toLowerCase(), name: 'Region Exempel' }]);
    assert.deepEqual(
      cfg.orgUnits.map((u) => [u.id, u.tenantId]),
      [
        ['skola', tenant],
        ['bvc', region.toLowerCase()],
      ],
    );
    assert.deepEqual(parseOrgConfig({ orgUnits: [unit] }, 'f.json').partnerTenants, [], 'no partners by default');

    // A second tenant that is not listed as a partner: which one is the host?
    assert.throws(() => parseOrgConfig({ orgUnits: [unit, bvc] }, 'f.json'), /2 tenants not listed in partnerTenants/);
    // Every unit in a partner tenant: no host.
    assert.throws(
      () => parseOrgConfig({ partnerTenants: [{ tenantId: region, name: 'R' }], orgUnits: [bvc] }, 'f.json'),
      /no unit belongs to the host tenant/,
    );
    assert.throws(
      () =>
        parseOrgConfig(
          {
            partnerTenants: [
              { tenantId: region, name: 'R' },
              { tenantId: region.toLowerCase(), name: 'R again' },
            ],
            orgUnits: [unit, bvc],
          },
          'f.json',
        ),
      /partner tenant ids must be unique/,
    );
    assert.throws(
      () => parseOrgConfig({ partnerTenants: [{ tenantId: 'region', name: 'R' }], orgUnits: [unit] }, 'f.json'),
      /GUID/,
    );
  });
});

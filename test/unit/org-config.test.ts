import assert from 'node:assert/strict';
import { loadOrgConfig, parseOrgConfig } from '../../src/config/org-config';

const tenant = '00000000-0000-4000-8000-00000000a001';
const unit = { id: 'skola', name: 'Skolan', authorityType: 'forskola-skola', tenantId: tenant, wheelId: 'shanarri' };
const member = { tenantId: tenant, objectId: '6f1c2d3e-0001-4a5b-8c9d-000000000001', displayName: 'A', orgUnitId: 'skola', roles: ['professional'] };

describe('organisation configuration', () => {
  it('the shipped development configuration is valid and has personas for every case role', () => {
    const cfg = loadOrgConfig();
    assert.ok(cfg.orgUnits.length >= 5);
    const roles = new Set(cfg.members.flatMap((m) => m.roles));
    for (const r of ['professional', 'named-person', 'log-reviewer', 'manager', 'admin']) assert.ok(roles.has(r as never), r);
    const authorities = new Set(cfg.orgUnits.map((u) => u.authorityType));
    assert.ok(authorities.has('forskola-skola') && authorities.has('socialtjanst'), 'school and social services are separate units');
  });

  it('rejects an unknown authority type, a member of an unknown unit, duplicate units and bad GUIDs', () => {
    assert.throws(() => parseOrgConfig({ orgUnits: [{ ...unit, authorityType: 'skola' }], members: [] }, 'f.json'), /f\.json: invalid.*authorityType/s);
    assert.throws(() => parseOrgConfig({ orgUnits: [unit], members: [{ ...member, orgUnitId: 'bup' }] }, 'f.json'), /unknown unit bup/);
    assert.throws(() => parseOrgConfig({ orgUnits: [unit, unit], members: [] }, 'f.json'), /unique/);
    assert.throws(() => parseOrgConfig({ orgUnits: [unit], members: [{ ...member, objectId: 'alice' }] }, 'f.json'), /GUID/);
    assert.throws(() => parseOrgConfig({ orgUnits: [unit], members: [{ ...member, roles: ['superuser'] }] }, 'f.json'), /roles/);
  });
});

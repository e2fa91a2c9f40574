import assert from 'node:assert/strict';
import type { OrgUnit } from '../../src/domain/actor';
import { childUnitsFor, suggestChildUnit } from '../../src/domain/child-unit';

const tenant = 't1';
const unit = (id: string, authorityType: OrgUnit['authorityType'], tenantId = tenant): OrgUnit => ({
  id,
  name: id,
  authorityType,
  tenantId,
  wheelId: 'w',
});
const units = [
  unit('social', 'socialtjanst'),
  unit('school', 'forskola-skola'),
  unit('bvc', 'bvc'),
  unit('pupil-health', 'elevhalsa'),
  unit('other-school', 'forskola-skola', 't2'),
];

describe('the child’s unit suggested from the discoverer’s unit and the age band', () => {
  it('offers the tenant’s preschools, schools and BVCs and the discoverer’s own unit, never another tenant’s', () => {
    assert.deepEqual(
      childUnitsFor(units, { tenantId: tenant, orgUnitId: 'social' }).map((u) => u.id),
      ['social', 'school', 'bvc'],
    );
  });

  it('a teacher’s or a BVC nurse’s worry goes to their own unit when it fits the age', () => {
    assert.equal(suggestChildUnit(units, { tenantId: tenant, orgUnitId: 'school' }, '10-12'), 'school');
    assert.equal(suggestChildUnit(units, { tenantId: tenant, orgUnitId: 'school' }, undefined), 'school');
    assert.equal(suggestChildUnit(units, { tenantId: tenant, orgUnitId: 'bvc' }, '0-2'), 'bvc');
  });

  it('otherwise the unit type the age band fits best: BVC for 0–2, preschool for 3–5, school from 6', () => {
    const social = { tenantId: tenant, orgUnitId: 'social' };
    assert.equal(suggestChildUnit(units, social, '0-2'), 'bvc');
    assert.equal(suggestChildUnit(units, social, '3-5'), 'school');
    assert.equal(suggestChildUnit(units, social, '13-15'), 'school');
    // A BVC nurse worried about a 10-year-old: the school, not the BVC.
    assert.equal(suggestChildUnit(units, { tenantId: tenant, orgUnitId: 'bvc' }, '10-12'), 'school');
  });

  it('with no fitting unit, the discoverer’s own unit (they stay responsible)', () => {
    const lone = [unit('social', 'socialtjanst')];
    assert.equal(suggestChildUnit(lone, { tenantId: tenant, orgUnitId: 'social' }, '6-9'), 'social');
    assert.equal(suggestChildUnit(units, { tenantId: tenant, orgUnitId: 'pupil-health' }, undefined), 'school');
  });
});

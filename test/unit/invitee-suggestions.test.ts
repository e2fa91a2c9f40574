import assert from 'node:assert/strict';
import { loadOrgConfig, parseOrgConfig } from '../../src/config/org-config';
import { ageGroupOf, defaultBarnteamTemplates, suggestedAuthorities } from '../../src/domain/invitee-suggestions';

const unit = {
  id: 'skola',
  name: 'Skolan',
  authorityType: 'forskola-skola',
  tenantId: '00000000-0000-4000-8000-00000000a001',
  wheelId: 'behovskompassen',
};

describe('Barnteam templates: who is usually invited, as data', () => {
  it('maps every age band to its Barnteam age group, 13–18 included', () => {
    assert.deepEqual((['0-2', '3-5', '6-9', '10-12', '13-15', '16-18'] as const).map(ageGroupOf), [
      '0-6',
      '0-6',
      '7-12',
      '7-12',
      '13-18',
      '13-18',
    ]);
    assert.equal(ageGroupOf(undefined), null);
  });

  it('suggests by age first, then by the flagged areas, each type once, never the police', () => {
    assert.deepEqual(suggestedAuthorities('6-9', ['safe', 'healthy']), [
      'forskola-skola',
      'elevhalsa',
      'socialtjanst',
      'bvc',
      'bup-region',
    ]);
    assert.deepEqual(suggestedAuthorities('16-18', []), ['forskola-skola', 'elevhalsa', 'socialtjanst', 'bup-region']);
    assert.deepEqual(suggestedAuthorities(undefined, ['active']), ['forskola-skola']);
  });

  it('a municipality’s own lists replace the defaults one by one; police cannot be configured as a suggestion', () => {
    const config = parseOrgConfig(
      { orgUnits: [unit], barnteam: { byAge: { '13-18': ['socialtjanst', 'bup-region'] }, byArea: { safe: [] } } },
      'test',
    );
    assert.ok(config.barnteam);
    assert.deepEqual(suggestedAuthorities('13-15', ['safe'], config.barnteam), ['socialtjanst', 'bup-region']);
    assert.deepEqual(config.barnteam.byAge['0-6'], defaultBarnteamTemplates.byAge['0-6']);
    assert.throws(
      () => parseOrgConfig({ orgUnits: [unit], barnteam: { byAge: { '7-12': ['polis'] } } }, 'test'),
      /barnteam/,
    );
  });

  it('the shipped configuration gives every age group a template', () => {
    const shipped = loadOrgConfig().barnteam;
    assert.ok(shipped);
    for (const group of ['0-6', '7-12', '13-18'] as const) assert.ok(shipped.byAge[group].length > 0, group);
  });
});

import assert from 'node:assert/strict';
import { loadOrgConfig, parseOrgConfig } from '../../src/config/org-config';
import {
  ageGroupOf,
  ageGroupOfSchoolYear,
  defaultBarnteamTemplates,
  suggestedAuthorities,
} from '../../src/domain/invitee-suggestions';

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
    assert.deepEqual(suggestedAuthorities('7-12', ['safe', 'healthy']), [
      'forskola-skola',
      'elevhalsa',
      'socialtjanst',
      'bup-region',
    ]);
    assert.deepEqual(suggestedAuthorities('13-18', []), ['forskola-skola', 'elevhalsa', 'socialtjanst', 'bup-region']);
    assert.deepEqual(suggestedAuthorities(null, ['active']), ['forskola-skola']);
  });

  it('never suggests child health care (BVC) for a school child, nor pupil health before school', () => {
    assert.ok(!suggestedAuthorities('7-12', ['healthy']).includes('bvc'));
    assert.ok(!suggestedAuthorities('13-18', ['healthy']).includes('bvc'));
    assert.deepEqual(suggestedAuthorities('0-6', ['healthy', 'achieving']), [
      'forskola-skola',
      'bvc',
      'socialtjanst',
      'bup-region',
    ]);
    // Age not known: every type the areas point to.
    assert.deepEqual(suggestedAuthorities(null, ['healthy']), ['bvc', 'elevhalsa', 'bup-region']);
  });

  it('reads the age group from the school year as typed on the card', () => {
    const cases: [string, string | null][] = [
      ['åk 4', '7-12'],
      ['Årskurs 1', '7-12'],
      ['åk6', '7-12'],
      ['4', '7-12'],
      ['åk 7', '13-18'],
      ['årskurs 9', '13-18'],
      ['Gymnasiet år 2', '13-18'],
      ['gy 1', '13-18'],
      ['F-klass', '0-6'],
      ['förskoleklass', '0-6'],
      ['förskolan', '0-6'],
      ['', null],
      ['okänt', null],
      ['åk 12', null],
    ];
    assert.deepEqual(
      cases.map(([text]) => [text, ageGroupOfSchoolYear(text)]),
      cases,
    );
  });

  it('a municipality’s own lists replace the defaults one by one; police cannot be configured as a suggestion', () => {
    const config = parseOrgConfig(
      { orgUnits: [unit], barnteam: { byAge: { '13-18': ['socialtjanst', 'bup-region'] }, byArea: { safe: [] } } },
      'test',
    );
    assert.ok(config.barnteam);
    assert.deepEqual(suggestedAuthorities('13-18', ['safe'], config.barnteam), ['socialtjanst', 'bup-region']);
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

import assert from 'node:assert/strict';
import {
  consentCovers,
  consentInForce,
  consentProblems,
  firstUncoveredUnit,
  type Consent,
} from '../../src/domain/consent';

const d = (iso: string): Date => new Date(iso);
const ms = (date: Date, delta: number): Date => new Date(date.getTime() + delta);

const FROM = d('2026-01-01T00:00:00.000Z');
const TO = d('2026-07-01T00:00:00.000Z');
const MID = d('2026-03-15T12:00:00.000Z');

function consent(overrides: Partial<Consent> = {}): Consent {
  return {
    sheetVersion: null,
    obtainedHow: null,
    id: 'consent-1',
    caseId: 'case-1',
    givenBy: [{ kind: 'guardian', name: 'Guardian A' }],
    orgUnitIds: ['school-1', 'social-1'],
    informationCategories: ['school-attendance-learning', 'home-family'],
    purpose: 'Joint support around the child',
    validFrom: FROM,
    validTo: TO,
    withdrawnAt: null,
    recordedAt: FROM,
    ...overrides,
  };
}

describe('consentInForce', () => {
  it('validFrom is inclusive', () => {
    assert.equal(consentInForce(consent(), FROM), true);
    assert.equal(consentInForce(consent(), ms(FROM, -1)), false);
    assert.equal(consentInForce(consent(), ms(FROM, 1)), true);
  });

  it('validTo is exclusive', () => {
    assert.equal(consentInForce(consent(), ms(TO, -1)), true);
    assert.equal(consentInForce(consent(), TO), false);
    assert.equal(consentInForce(consent(), ms(TO, 1)), false);
  });

  it('in force in the middle of its period when not withdrawn', () => {
    assert.equal(consentInForce(consent(), MID), true);
  });

  it('withdrawal takes effect at once: withdrawn at `at` is not in force', () => {
    assert.equal(consentInForce(consent({ withdrawnAt: MID }), MID), false);
  });

  it('withdrawn before `at` is not in force', () => {
    assert.equal(consentInForce(consent({ withdrawnAt: ms(MID, -1) }), MID), false);
    assert.equal(consentInForce(consent({ withdrawnAt: FROM }), MID), false);
  });

  it('withdrawn after `at` is still in force at `at`', () => {
    assert.equal(consentInForce(consent({ withdrawnAt: ms(MID, 1) }), MID), true);
    assert.equal(consentInForce(consent({ withdrawnAt: ms(MID, 1) }), ms(MID, 1)), false);
  });

  it('a withdrawal does not make a not-yet-valid or expired consent valid', () => {
    assert.equal(consentInForce(consent({ withdrawnAt: ms(TO, 1000) }), ms(FROM, -1)), false);
    assert.equal(consentInForce(consent({ withdrawnAt: ms(TO, 1000) }), TO), false);
  });

  it('an empty period (validFrom === validTo) is never in force', () => {
    assert.equal(consentInForce(consent({ validTo: FROM }), FROM), false);
  });
});

describe('consentCovers', () => {
  it('covers a listed unit without a category', () => {
    assert.equal(consentCovers([consent()], 'school-1', MID), true);
    assert.equal(consentCovers([consent()], 'social-1', MID), true);
  });

  it('does not cover an unlisted unit', () => {
    assert.equal(consentCovers([consent()], 'bvc-1', MID), false);
  });

  it('with a category: covers only listed categories', () => {
    assert.equal(consentCovers([consent()], 'school-1', MID, 'home-family'), true);
    assert.equal(consentCovers([consent()], 'school-1', MID, 'school-attendance-learning'), true);
    assert.equal(consentCovers([consent()], 'school-1', MID, 'physical-mental-health'), false);
  });

  it('nothing is covered with no consents', () => {
    assert.equal(consentCovers([], 'school-1', MID), false);
    assert.equal(consentCovers([], 'school-1', MID, 'home-family'), false);
  });

  it('a consent out of force covers nothing', () => {
    assert.equal(consentCovers([consent()], 'school-1', TO), false);
    assert.equal(consentCovers([consent({ withdrawnAt: MID })], 'school-1', MID), false);
  });

  it('with several consents: unit, category and time must all be satisfied by the same consent', () => {
    const health = consent({
      id: 'c-health',
      orgUnitIds: ['bup-1'],
      informationCategories: ['physical-mental-health'],
    });
    const expired = consent({
      id: 'c-expired',
      orgUnitIds: ['police-1'],
      informationCategories: ['contact-details'],
      validFrom: d('2025-01-01T00:00:00Z'),
      validTo: d('2025-06-01T00:00:00Z'),
    });
    const all = [consent(), health, expired];
    assert.equal(consentCovers(all, 'bup-1', MID), true);
    assert.equal(consentCovers(all, 'bup-1', MID, 'physical-mental-health'), true);
    // bup-1 is covered only for health, school-1 only for school/home: no cross-over between consents.
    assert.equal(consentCovers(all, 'bup-1', MID, 'home-family'), false);
    assert.equal(consentCovers(all, 'school-1', MID, 'physical-mental-health'), false);
    assert.equal(consentCovers(all, 'police-1', MID), false);
    assert.equal(consentCovers(all, 'police-1', d('2025-03-01T00:00:00Z')), true);
  });

  it('a withdrawn consent does not hide another consent in force for the same unit', () => {
    const withdrawn = consent({ id: 'c-old', withdrawnAt: d('2026-02-01T00:00:00Z') });
    const renewed = consent({ id: 'c-new', orgUnitIds: ['social-1'], validFrom: d('2026-02-02T00:00:00Z') });
    assert.equal(consentCovers([withdrawn, renewed], 'social-1', MID), true);
    assert.equal(consentCovers([withdrawn, renewed], 'school-1', MID), false);
  });
});

describe('firstUncoveredUnit', () => {
  it('is undefined when every unit is covered', () => {
    assert.equal(firstUncoveredUnit([consent()], ['school-1', 'social-1'], MID), undefined);
  });

  it('is undefined for no units', () => {
    assert.equal(firstUncoveredUnit([], [], MID), undefined);
  });

  it('names the first uncovered unit in the given order', () => {
    assert.equal(firstUncoveredUnit([consent()], ['school-1', 'bvc-1', 'police-1'], MID), 'bvc-1');
    assert.equal(firstUncoveredUnit([consent()], ['police-1', 'bvc-1', 'school-1'], MID), 'police-1');
    assert.equal(firstUncoveredUnit([consent()], ['school-1', 'social-1', 'bup-1'], MID), 'bup-1');
  });

  it('with no consents the first unit is uncovered', () => {
    assert.equal(firstUncoveredUnit([], ['school-1', 'social-1'], MID), 'school-1');
  });

  it('respects time: after expiry the first unit is uncovered', () => {
    assert.equal(firstUncoveredUnit([consent()], ['social-1', 'school-1'], TO), 'social-1');
  });

  it('combines several consents', () => {
    const other = consent({ id: 'c2', orgUnitIds: ['bvc-1'] });
    assert.equal(firstUncoveredUnit([consent(), other], ['school-1', 'bvc-1', 'social-1'], MID), undefined);
    assert.equal(firstUncoveredUnit([consent(), other], ['school-1', 'bvc-1', 'bup-1'], MID), 'bup-1');
  });
});

describe('consentProblems', () => {
  type Input = Parameters<typeof consentProblems>[0];
  const complete: Input = {
    givenBy: [{ kind: 'guardian', name: 'Guardian A' }],
    orgUnitIds: ['school-1'],
    informationCategories: ['home-family'],
    purpose: 'Joint support',
    validFrom: FROM,
    validTo: TO,
  };

  it('a complete consent has no problems', () => {
    assert.deepEqual(consentProblems(complete), []);
  });

  it('the child alone may give consent', () => {
    assert.deepEqual(consentProblems({ ...complete, givenBy: [{ kind: 'child' }] }), []);
  });

  it('missing consent giver', () => {
    assert.deepEqual(consentProblems({ ...complete, givenBy: [] }), ['givenBy']);
  });

  it('missing organisation units', () => {
    assert.deepEqual(consentProblems({ ...complete, orgUnitIds: [] }), ['orgUnitIds']);
  });

  it('missing information categories', () => {
    assert.deepEqual(consentProblems({ ...complete, informationCategories: [] }), ['informationCategories']);
  });

  for (const purpose of ['', '  ', '\t\n']) {
    it(`missing purpose (${JSON.stringify(purpose)})`, () => {
      assert.deepEqual(consentProblems({ ...complete, purpose }), ['purpose']);
    });
  }

  it('validTo must be after validFrom', () => {
    assert.deepEqual(consentProblems({ ...complete, validTo: FROM }), ['validTo']);
    assert.deepEqual(consentProblems({ ...complete, validTo: ms(FROM, -1) }), ['validTo']);
    assert.deepEqual(consentProblems({ ...complete, validTo: ms(FROM, 1) }), []);
  });

  it('an invalid end date is a problem', () => {
    assert.deepEqual(consentProblems({ ...complete, validTo: new Date(Number.NaN) }), ['validTo']);
  });

  it('lists every problem, in a fixed order', () => {
    assert.deepEqual(
      consentProblems({
        givenBy: [],
        orgUnitIds: [],
        informationCategories: [],
        purpose: ' ',
        validFrom: TO,
        validTo: FROM,
      }),
      ['givenBy', 'orgUnitIds', 'informationCategories', 'purpose', 'validTo'],
    );
  });
});

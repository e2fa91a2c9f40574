import assert from 'node:assert/strict';
import { areasNeedingReportNotice, type AssessmentContent, type AreaView } from '../../src/domain/assessment';
import type { Consent } from '../../src/domain/consent';
import { meetingSubject } from '../../src/domain/meeting';
import { planAgreementProblems, type PlanAction, type PlanContent } from '../../src/domain/plan';
import { viewFor, type CaseView } from '../../src/domain/visibility';

const FROM = new Date('2026-01-01T00:00:00.000Z');
const TO = new Date('2026-07-01T00:00:00.000Z');
const MID = new Date('2026-03-15T12:00:00.000Z');

function consent(overrides: Partial<Consent> = {}): Consent {
  return {
    sheetVersion: null,
    obtainedHow: null,
    id: 'consent-1',
    caseId: 'case-1',
    givenBy: [{ kind: 'guardian', name: 'Guardian A' }],
    orgUnitIds: ['social-1'],
    informationCategories: ['home-family'],
    purpose: 'Joint support',
    validFrom: FROM,
    validTo: TO,
    withdrawnAt: null,
    recordedAt: FROM,
    ...overrides,
  };
}

const FULL: CaseView = {
  reference: true,
  participants: true,
  identity: true,
  consultation: true,
  assessments: true,
  plan: true,
  categories: 'all',
};
const CONTENT_NO_IDENTITY: CaseView = {
  reference: true,
  participants: true,
  identity: false,
  consultation: true,
  assessments: true,
  plan: true,
  categories: 'all',
};
/** Another unit under consent(): identity and, beyond it, the home and family category only. */
const HOME_FAMILY: CaseView = { ...FULL, categories: ['home-family'] };
/** Nothing at all: the case does not exist for this party (NotFound at every door). */
const NOTHING = null;

describe('viewFor (the golden rule)', () => {
  const anonymousCase = { kind: 'anonymous' as const, orgUnitId: 'school-1' };
  const consentedCase = { kind: 'consented' as const, orgUnitId: 'school-1' };
  const own = { orgUnitId: 'school-1' };
  const social = { orgUnitId: 'social-1' };

  it('own unit, anonymous case: everything but identity (there is none)', () => {
    assert.deepEqual(viewFor(anonymousCase, own, [], MID), CONTENT_NO_IDENTITY);
  });

  it('own unit, consented case: everything, even without any consent rows', () => {
    assert.deepEqual(viewFor(consentedCase, own, [], MID), FULL);
    assert.deepEqual(viewFor(consentedCase, own, [consent({ withdrawnAt: FROM })], MID), FULL);
  });

  it('another unit, anonymous case: content without identity, no consent needed', () => {
    assert.deepEqual(viewFor(anonymousCase, social, [], MID), CONTENT_NO_IDENTITY);
  });

  it('another unit, consented case, consent in force: identity and the consented categories', () => {
    assert.deepEqual(viewFor(consentedCase, social, [consent()], MID), HOME_FAMILY);
  });

  it('another unit, consented case, consent in force at its first instant', () => {
    assert.deepEqual(viewFor(consentedCase, social, [consent()], FROM), HOME_FAMILY);
  });

  it('another unit: the categories of every consent in force are joined; all six are the whole view', () => {
    const school = consent({ id: 'c2', informationCategories: ['school-attendance-learning'] });
    const ended = consent({ id: 'c3', informationCategories: ['physical-mental-health'], withdrawnAt: FROM });
    assert.deepEqual(viewFor(consentedCase, social, [consent(), school, ended], MID), {
      ...FULL,
      categories: ['school-attendance-learning', 'home-family'],
    });
    const everyCategory = consent({
      id: 'c4',
      informationCategories: [
        'contact-details',
        'school-attendance-learning',
        'physical-mental-health',
        'home-family',
        'support-given',
        'child-account-wishes',
      ],
    });
    assert.deepEqual(viewFor(consentedCase, social, [everyCategory], MID), FULL);
  });

  it('another unit, consented case, consent expired: nothing at all', () => {
    assert.deepEqual(viewFor(consentedCase, social, [consent()], TO), NOTHING);
    assert.deepEqual(viewFor(consentedCase, social, [consent()], new Date('2027-01-01T00:00:00Z')), NOTHING);
  });

  it('another unit, consented case, consent not yet valid: nothing at all', () => {
    assert.deepEqual(viewFor(consentedCase, social, [consent()], new Date(FROM.getTime() - 1)), NOTHING);
  });

  it('another unit, consented case, consent withdrawn: nothing at all', () => {
    assert.deepEqual(viewFor(consentedCase, social, [consent({ withdrawnAt: MID })], MID), NOTHING);
    assert.deepEqual(viewFor(consentedCase, social, [consent({ withdrawnAt: FROM })], MID), NOTHING);
  });

  it('another unit, consent withdrawn later than `at`: still in force at `at`', () => {
    assert.deepEqual(
      viewFor(consentedCase, social, [consent({ withdrawnAt: new Date(MID.getTime() + 1) })], MID),
      HOME_FAMILY,
    );
  });

  it('another unit, consented case, consent covering a different unit: nothing at all', () => {
    assert.deepEqual(viewFor(consentedCase, { orgUnitId: 'bvc-1' }, [consent()], MID), NOTHING);
  });

  it('another unit, consented case, no consents: nothing at all', () => {
    assert.deepEqual(viewFor(consentedCase, social, [], MID), NOTHING);
  });
});

// ---- Plan -------------------------------------------------------------------------------------

const action: PlanAction = {
  what: 'Weekly check-in with the mentor',
  who: 'Mentor',
  orgUnitId: 'school-1',
  byWhen: '2026-04-01',
  howWeWillKnow: 'The child says school feels better',
};

const completePlan: PlanContent = {
  reason: 'Absence from school and worries at home',
  needs: [],
  goals: [],
  actions: [action],
  childsWishForLead: 'The school nurse',
  leadProfessional: { tenantId: 't-1', objectId: 'o-1', displayName: 'Nurse N', orgUnitId: 'school-1' },
  followUpDate: '2026-05-01',
  disagreements: '',
  consentId: null,
  recipients: [],
};

describe('planAgreementProblems', () => {
  it('a complete plan has no problems', () => {
    assert.deepEqual(planAgreementProblems(completePlan), []);
  });

  for (const reason of ['', '   ', '\n']) {
    it(`missing reason (${JSON.stringify(reason)})`, () => {
      assert.deepEqual(planAgreementProblems({ ...completePlan, reason }), ['reason']);
    });
  }

  it('no actions', () => {
    assert.deepEqual(planAgreementProblems({ ...completePlan, actions: [] }), ['actions']);
  });

  it('an action without what / who / organisation unit is named by index', () => {
    assert.deepEqual(planAgreementProblems({ ...completePlan, actions: [{ ...action, what: ' ' }] }), ['actions.0']);
    assert.deepEqual(planAgreementProblems({ ...completePlan, actions: [{ ...action, who: '' }] }), ['actions.0']);
    assert.deepEqual(planAgreementProblems({ ...completePlan, actions: [{ ...action, orgUnitId: '' }] }), [
      'actions.0',
    ]);
    assert.deepEqual(
      planAgreementProblems({
        ...completePlan,
        actions: [action, { ...action, who: '\t' }, action, { ...action, what: '' }],
      }),
      ['actions.1', 'actions.3'],
    );
  });

  it('an action with several missing parts is named once', () => {
    assert.deepEqual(
      planAgreementProblems({ ...completePlan, actions: [{ ...action, what: '', who: '', orgUnitId: '' }] }),
      ['actions.0'],
    );
  });

  it("missing child's wish for lead professional", () => {
    assert.deepEqual(planAgreementProblems({ ...completePlan, childsWishForLead: '  ' }), ['childsWishForLead']);
  });

  it('missing lead professional', () => {
    assert.deepEqual(planAgreementProblems({ ...completePlan, leadProfessional: null }), ['leadProfessional']);
  });

  it('missing follow-up date', () => {
    assert.deepEqual(planAgreementProblems({ ...completePlan, followUpDate: null }), ['followUpDate']);
  });

  it('lists every problem in a fixed order', () => {
    assert.deepEqual(
      planAgreementProblems({
        ...completePlan,
        reason: '',
        actions: [],
        childsWishForLead: '',
        leadProfessional: null,
        followUpDate: null,
      }),
      ['reason', 'actions', 'childsWishForLead', 'leadProfessional', 'followUpDate'],
    );
  });
});

// ---- Assessment -------------------------------------------------------------------------------

const area = (level?: AreaView['level']): AreaView =>
  level === undefined
    ? { strengths: '', worries: '', childView: '' }
    : { level, strengths: '', worries: '', childView: '' };

describe('areasNeedingReportNotice', () => {
  const safety = ['safe', 'protected'];

  it('nothing for an empty assessment', () => {
    assert.deepEqual(areasNeedingReportNotice({ answers: {}, areas: {} }, safety), []);
  });

  it('significant worry in any area, safety or not', () => {
    const content: AssessmentContent = {
      answers: {},
      areas: { healthy: area('significant'), safe: area('significant'), achieving: area('none') },
    };
    assert.deepEqual(areasNeedingReportNotice(content, safety), ['healthy', 'safe']);
    assert.deepEqual(areasNeedingReportNotice(content, []), ['healthy', 'safe']);
  });

  it("'some' worry only in a safety area", () => {
    const content: AssessmentContent = {
      answers: {},
      areas: { healthy: area('some'), safe: area('some'), protected: area('some'), achieving: area('some') },
    };
    assert.deepEqual(areasNeedingReportNotice(content, safety), ['safe', 'protected']);
    assert.deepEqual(areasNeedingReportNotice(content, []), []);
  });

  it("'none' or no level never needs the notice, even in a safety area", () => {
    const content: AssessmentContent = {
      answers: {},
      areas: { safe: area('none'), protected: area(), healthy: area() },
    };
    assert.deepEqual(areasNeedingReportNotice(content, safety), []);
  });

  it('mixed: keeps the order of the areas', () => {
    const content: AssessmentContent = {
      answers: { q1: 'text' },
      areas: { achieving: area('significant'), healthy: area('some'), protected: area('some'), safe: area('none') },
    };
    assert.deepEqual(areasNeedingReportNotice(content, safety), ['achieving', 'protected']);
  });
});

// ---- Meeting subject --------------------------------------------------------------------------

describe('meetingSubject', () => {
  it('sv and en subjects carry the reference', () => {
    assert.equal(meetingSubject('2026-0042', 'sv'), 'Samverkansmöte – ärende 2026-0042');
    assert.equal(meetingSubject('2026-0042', 'en'), 'Collaboration meeting – case 2026-0042');
    assert.equal(meetingSubject('2026-0007', 'sv', 'anonymous'), 'Konsultation – ärende 2026-0007');
    assert.equal(meetingSubject('2026-0007', 'en', 'anonymous'), 'Consultation – case 2026-0007');
  });

  it('nothing but the reference varies', () => {
    for (const locale of ['sv', 'en'] as const) {
      const templates = ['2026-0001', '2026-0042', '2031-9999', 'X'].map((ref) => {
        const subject = meetingSubject(ref, locale);
        assert.ok(subject.includes(ref));
        assert.equal(subject.split(ref).length, 2, 'the reference appears exactly once');
        return subject.replace(ref, '<REF>');
      });
      assert.equal(new Set(templates).size, 1, `one template for ${locale}: ${templates.join(' | ')}`);
    }
  });

  it('contains no digits besides the reference', () => {
    for (const locale of ['sv', 'en'] as const) {
      assert.equal(/\d/.test(meetingSubject('REF', locale)), false);
    }
  });
});

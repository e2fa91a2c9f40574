/**
 * The SIP minimum (domain/sip.ts): a complete coordinated plan meets it; taking away any one part
 * makes exactly that criterion missing; a criterion judged on a withheld field says so.
 */
import assert from 'node:assert/strict';
import type { Consent } from '../../src/domain/consent';
import type { PlanContent } from '../../src/domain/plan';
import { assessSip, sipCriteria } from '../../src/domain/sip';

const at = new Date('2026-03-01T10:00:00Z');
const consent: Consent = {
  id: 'k1',
  caseId: 'c1',
  givenBy: [{ kind: 'guardian' }],
  orgUnitIds: ['school'],
  informationCategories: ['support-given'],
  purpose: 'Samverkan',
  validFrom: new Date('2026-01-01T00:00:00Z'),
  validTo: new Date('2026-12-31T00:00:00Z'),
  withdrawnAt: null,
  recordedAt: new Date('2026-01-01T00:00:00Z'),
  sheetVersion: '2026-1',
  obtainedHow: 'written',
};
const action = (orgUnitId: string) => ({ what: 'Stöd', who: 'Anna', orgUnitId, byWhen: '', howWeWillKnow: '' });
const sip: PlanContent = {
  reason: 'Frånvaro',
  needs: [{ areaId: 'utveckling', need: 'Läsning', childView: '', guardianView: '' }],
  goals: [{ goal: 'Läsa', inChildsWords: '' }],
  actions: [action('school'), action('social')],
  childsWishForLead: 'Anna',
  leadProfessional: { tenantId: 't', objectId: 'o', displayName: 'Anna', orgUnitId: 'school' },
  followUpDate: '2026-04-01',
  disagreements: '',
  consentId: 'k1',
  recipients: [],
};
const missing = (plan: PlanContent, consents: readonly Consent[] = [consent], withheld: string[] = []) =>
  assessSip(plan, consents, at, withheld).missing.map((m) => `${m.criterion}${m.withheld ? ' (withheld)' : ''}`);

describe('the SIP minimum', () => {
  it('a coordinated plan with every part meets it', () => {
    assert.deepEqual(assessSip(sip, [consent], at, []), { met: true, missing: [] });
  });

  it('each criterion fails on its own', () => {
    assert.deepEqual(missing({ ...sip, actions: [] }), ['interventions', 'responsibleAgency', 'severalAgencies']);
    assert.deepEqual(missing({ ...sip, actions: [action('school'), { ...action('social'), who: ' ' }] }), [
      'responsibleAgency',
    ]);
    assert.deepEqual(missing({ ...sip, actions: [action('school'), action('school')] }), ['severalAgencies']);
    assert.deepEqual(missing({ ...sip, leadProfessional: null }), ['overallResponsibility']);
    assert.deepEqual(missing({ ...sip, followUpDate: null }), ['followUp']);
    assert.deepEqual(missing({ ...sip, childsWishForLead: '' }), ['participation']);
    assert.deepEqual(missing(sip, [{ ...consent, withdrawnAt: new Date('2026-02-01T00:00:00Z') }]), ['consent']);
  });

  it("the child's or guardians' views anywhere in the plan count as participation", () => {
    const silent = { ...sip, childsWishForLead: '' };
    assert.deepEqual(missing({ ...silent, goals: [{ goal: 'Läsa', inChildsWords: 'Jag vill läsa' }] }), []);
    assert.deepEqual(
      missing({ ...silent, needs: [{ areaId: 'utveckling', need: '', childView: '', guardianView: 'Oroliga' }] }),
      [],
    );
  });

  it('a criterion whose fields are withheld from the copy is marked withheld', () => {
    assert.deepEqual(missing({ ...sip, actions: [] }, [consent], ['plan.actions']), [
      'interventions (withheld)',
      'responsibleAgency (withheld)',
      'severalAgencies (withheld)',
    ]);
    assert.ok(
      sipCriteria.every((c) => c.source.trim() !== ''),
      'every criterion names its source',
    );
  });
});

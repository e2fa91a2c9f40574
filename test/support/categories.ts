/**
 * A case whose content spans three information categories (Behovskompassen): the school area
 * (utveckling), health (halsa) and home (omsorg) — for the tests of what a unit whose consent covers
 * only "school attendance and learning" sees, at the storage door and at every door above it.
 */
import type { AssessmentContent } from '../../src/domain/assessment';
import type { ConsultationDetails } from '../../src/domain/case';
import type { PlanContent } from '../../src/domain/plan';

export const schoolArea = 'utveckling';
export const healthArea = 'halsa';
export const homeArea = 'omsorg';

export const spanningDetails: ConsultationDetails = {
  ageBand: '10-12',
  schoolYear: 'åk 5',
  worryAreas: [schoolArea, healthArea, homeArea],
  observations: 'Sover dåligt, bråk hemma',
  tried: 'Samtal med kurator',
};

export const spanningAssessment: AssessmentContent = {
  answers: { q1: 'Sömnen och hemmet', q3: 'Kuratorssamtal' },
  areas: {
    [schoolArea]: { level: 'some', strengths: 'Gillar svenska', worries: 'Matte', childView: '' },
    [healthArea]: { level: 'some', strengths: '', worries: 'Sömnproblem', childView: 'Trött' },
    [homeArea]: { level: 'significant', strengths: '', worries: 'Bråk hemma', childView: '' },
  },
};

/** Texts of the health and home parts (and of categories beyond school): none may reach the school. */
export const hiddenFromSchool = [
  'Sömnproblem',
  'Bråk hemma',
  'Utredning av sömnen',
  'Stöd till föräldrarna',
  'Morgonsamtal',
  'Sömnen och hemmet',
  'Sover dåligt',
  'Samtal med kurator',
];

export function spanningPlan(lead: {
  tenantId: string;
  objectId: string;
  displayName: string;
  orgUnitId: string;
}): PlanContent {
  return {
    reason: 'Hög frånvaro och oro för hälsan',
    needs: [
      { areaId: schoolArea, need: 'Stöd i matematik', childView: 'Svårt med matte', guardianView: '', level: 'some' },
      { areaId: healthArea, need: 'Utredning av sömnen', childView: 'Sover dåligt', guardianView: '', level: 'some' },
      { areaId: homeArea, need: 'Stöd till föräldrarna', childView: '', guardianView: 'Trött', level: 'significant' },
    ],
    goals: [{ goal: 'Närvaro över 90 %', inChildsWords: 'Jag vill gå till skolan' }],
    actions: [
      {
        what: 'Morgonsamtal',
        who: lead.displayName,
        orgUnitId: lead.orgUnitId,
        byWhen: '2026-04-01',
        howWeWillKnow: 'Närvaro',
      },
    ],
    childsWishForLead: lead.displayName,
    leadProfessional: lead,
    followUpDate: '2026-04-15',
    disagreements: 'Pappa vill vänta',
    consentId: null,
    recipients: [],
  };
}

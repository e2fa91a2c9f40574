/** The tab API's shapes (src/http/tab-api.ts), as the browser receives them (dates as strings). */
export type Level = 'none' | 'some' | 'significant';
export const levels: readonly Level[] = ['none', 'some', 'significant'];

export interface AreaView {
  level?: Level;
  strengths: string;
  worries: string;
  childView: string;
}

export interface Assessment {
  mine: boolean;
  author: string;
  orgUnit: string;
  version: number;
  updatedAt: string;
  answers: Record<string, string>;
  areas: Record<string, AreaView>;
  /** Areas this contributor recorded earlier with another wheel (shown apart, as recorded). */
  earlierWheel: { name: string; areas: (AreaView & { id: string; label: string })[] } | null;
}

export interface PlanNeed {
  areaId: string;
  need: string;
  childView: string;
  guardianView: string;
  level?: Level;
}

export interface PlanAction {
  what: string;
  who: string;
  orgUnitId: string;
  byWhen: string;
  howWeWillKnow: string;
}

export interface PlanContent {
  reason: string;
  needs: PlanNeed[];
  goals: { goal: string; inChildsWords: string }[];
  actions: PlanAction[];
  childsWishForLead: string;
  leadProfessional: { objectId: string; displayName: string; orgUnitId: string } | null;
  followUpDate: string | null;
  disagreements: string;
}

export interface PlanView {
  version: number;
  agreed: boolean;
  authorName: string;
  createdAt: string;
  content: PlanContent;
}

export interface CaseView {
  id: string;
  reference: string;
  kind: 'anonymous' | 'consented';
  stage: string;
  me: { objectId: string; displayName: string; orgUnit: string };
  participants: { objectId: string; name: string; orgUnit: string; role: string }[];
  people: { objectId: string; name: string; orgUnit: string }[];
  units: { id: string; name: string }[];
  questions: { id: string; text: string }[];
  wheel: { name: string; areas: { id: string; label: string; description: string; safety: boolean }[] };
  assessments: Assessment[];
  plan: PlanView | null;
  canPlan: boolean;
}

export interface CaseSummary {
  id: string;
  reference: string;
  kind: 'anonymous' | 'consented';
  stage: string;
  myRoles: string[];
  updatedAt: string;
}

/** What the plan form edits: the plan content with the lead as an id. */
export interface PlanDraft {
  reason: string;
  needs: PlanNeed[];
  goals: { goal: string; inChildsWords: string }[];
  actions: PlanAction[];
  childsWishForLead: string;
  leadObjectId: string;
  followUpDate: string;
  disagreements: string;
}

/**
 * Consent (samtycke, OSL 12 kap. 2 §): who consented, which organisation units may exchange which
 * information, for what collaboration and for how long. Withdrawal and expiry take effect at once.
 */
import { invalid } from './errors';
import { requireResponsible, type WriteRule } from './standing';
export const informationCategories = [
  'contact-details',
  'school-attendance-learning',
  'physical-mental-health',
  'home-family',
  'support-given',
  'child-account-wishes',
] as const;
export type InformationCategory = (typeof informationCategories)[number];

/** How consent was obtained: a signed form, orally and documented by the professional, or digitally. */
export const consentMethods = ['written', 'oral-documented', 'digital'] as const;
export type ConsentMethod = (typeof consentMethods)[number];

export interface ConsentGiver {
  readonly kind: 'guardian' | 'child';
  /** Name of the guardian; for the child, the child is named in the case itself. */
  readonly name?: string;
}

export interface Consent {
  readonly id: string;
  readonly caseId: string;
  readonly givenBy: readonly ConsentGiver[];
  readonly orgUnitIds: readonly string[];
  readonly informationCategories: readonly InformationCategory[];
  readonly purpose: string;
  readonly validFrom: Date;
  readonly validTo: Date;
  readonly withdrawnAt: Date | null;
  readonly recordedAt: Date;
  /** The version of the family's information sheet given (null: recorded before there was one). */
  readonly sheetVersion: string | null;
  /** How consent was obtained (null: recorded before this was asked). */
  readonly obtainedHow: ConsentMethod | null;
}

/** What a new consent is made of (the sheet version and the method: optional for doors that do not ask yet). */
export type ConsentInput = Omit<
  Consent,
  'id' | 'caseId' | 'withdrawnAt' | 'recordedAt' | 'sheetVersion' | 'obtainedHow'
> &
  Partial<Pick<Consent, 'sheetVersion' | 'obtainedHow'>>;

/** A consent is in force at `at` when it has started, not expired and not been withdrawn. */
export function consentInForce(consent: Consent, at: Date): boolean {
  if (consent.withdrawnAt !== null && consent.withdrawnAt <= at) return false;
  return consent.validFrom <= at && at < consent.validTo;
}

/** Is information exchange with this organisation unit covered at time `at`? */
export function consentCovers(
  consents: readonly Consent[],
  orgUnitId: string,
  at: Date,
  category?: InformationCategory,
): boolean {
  return consents.some(
    (c) =>
      consentInForce(c, at) &&
      c.orgUnitIds.includes(orgUnitId) &&
      (category === undefined || c.informationCategories.includes(category)),
  );
}

/** The first organisation unit among `orgUnitIds` that no consent in force covers, if any. */
export function firstUncoveredUnit(
  consents: readonly Consent[],
  orgUnitIds: readonly string[],
  at: Date,
): string | undefined {
  return orgUnitIds.find((unit) => !consentCovers(consents, unit, at));
}

/** Consent needs at least one guardian (or the child), a unit, a category, a purpose and an end. */
export function consentProblems(input: ConsentInput): string[] {
  const problems: string[] = [];
  if (input.givenBy.length === 0) problems.push('givenBy');
  if (input.orgUnitIds.length === 0) problems.push('orgUnitIds');
  if (input.informationCategories.length === 0) problems.push('informationCategories');
  if (input.purpose.trim() === '') problems.push('purpose');
  if (!(input.validFrom < input.validTo)) problems.push('validTo');
  return problems;
}

/**
 * Recording a consent: by a responsible party, on a consented case (guardians' names identify the
 * child: an anonymous consultation converts first), with every part of the consent given.
 */
export function consentRecordRule(input: ConsentInput): WriteRule {
  return (s) => {
    requireResponsible(s);
    if (s.kind !== 'consented') throw invalid('kind');
    const [problem] = consentProblems(input);
    if (problem !== undefined) throw invalid(problem);
  };
}

/**
 * A copy of the agreed plan for an agency's own records (issue 18, item 5): the plan version as the
 * exporting party's unit may see it (already filtered at the storage door), the parts withheld from
 * it named by category, the consent records in force that the unit's copy rests on, and whether the
 * copy meets the SIP minimum (sip.ts). One document, rendered as JSON (the versioned schema in
 * docs/schemas/plan-export.v1.schema.json) and as PDF (src/pdf/plan-export-pdf.ts).
 *
 * Nothing identifies the child beyond the case's reference, and of the people who consented only
 * their kind (guardian, child) is given: no names or contact details.
 */
import type { WorryLevel } from './assessment';
import { consentInForce, type Consent, type ConsentMethod, type InformationCategory } from './consent';
import { sees, type Disclosure, type FieldCategory } from './disclosure';
import type { PlanVersion } from './plan';
import { assessSip, sipCriteria } from './sip';

export const planExportSchemaId = 'urn:samsyn:schema:plan-export:v1';
export const planExportSchemaVersion = '1.0.0';

/** The plan fields the export carries, in the document's order (keys as in config/field-categories.json). */
const exportedFields = [
  'reason',
  'goals',
  'actions',
  'childsWishForLead',
  'leadProfessional',
  'followUpDate',
  'disagreements',
] as const;
type ExportedField = (typeof exportedFields)[number];

interface Unit {
  readonly id: string;
  readonly name: string;
}

export interface PlanExport {
  readonly schema: typeof planExportSchemaId;
  readonly schemaVersion: typeof planExportSchemaVersion;
  readonly language: 'sv' | 'en';
  readonly exportedAt: string;
  readonly exportedBy: { readonly name: string; readonly unit: Unit };
  readonly case: { readonly id: string; readonly reference: string; readonly unit: Unit };
  readonly sip: {
    readonly label: 'SIP' | null;
    readonly met: boolean;
    readonly missing: readonly { readonly criterion: string; readonly withheld: boolean }[];
    readonly criteria: readonly { readonly id: string; readonly source: string }[];
  };
  readonly coverage: {
    /** The unit's copy holds every part of the plan. */
    readonly complete: boolean;
    /** The information categories the unit's consents in force cover ('all' for the whole view). */
    readonly categories: 'all' | readonly InformationCategory[];
  };
  readonly withheld: {
    readonly fields: readonly { readonly field: string; readonly category: FieldCategory }[];
    readonly areas: readonly { readonly areaId: string; readonly label: string; readonly category: FieldCategory }[];
  };
  readonly plan: {
    readonly version: number;
    readonly agreedAt: string;
    readonly agreedBy: string;
    readonly reason?: string;
    readonly needs: readonly {
      readonly areaId: string;
      readonly area: string;
      readonly level: WorryLevel | null;
      readonly need: string;
      readonly childView: string;
      readonly guardianView: string;
    }[];
    readonly goals?: readonly { readonly goal: string; readonly inChildsWords: string }[];
    readonly actions?: readonly {
      readonly what: string;
      readonly who: string;
      readonly unit: Unit;
      readonly byWhen: string;
      readonly howWeWillKnow: string;
    }[];
    readonly childsWishForLead?: string;
    readonly leadProfessional?: { readonly name: string; readonly unit: Unit } | null;
    readonly followUpDate?: string | null;
    readonly disagreements?: string;
  };
  readonly consents: readonly {
    readonly id: string;
    readonly givenBy: readonly { readonly kind: 'guardian' | 'child' }[];
    readonly units: readonly Unit[];
    readonly informationCategories: readonly InformationCategory[];
    readonly purpose: string;
    readonly validFrom: string;
    readonly validTo: string;
    readonly recordedAt: string;
    readonly obtainedHow: ConsentMethod | null;
    readonly sheetVersion: string | null;
    readonly referencedByPlan: boolean;
  }[];
}

export interface PlanExportInput {
  readonly locale: 'sv' | 'en';
  readonly at: Date;
  readonly exporter: { readonly name: string; readonly orgUnitId: string };
  readonly kase: { readonly id: string; readonly reference: string; readonly orgUnitId: string };
  /** The agreed version as the exporter's unit may see it (disclosedPlan at the storage door). */
  readonly plan: PlanVersion;
  readonly disclosure: Disclosure;
  /** The case's wheel: area ids and labels in the reader's language. */
  readonly wheel: readonly { readonly id: string; readonly label: string }[];
  /** The case's consents (those in force for the exporter's unit are exported). */
  readonly consents: readonly Consent[];
  readonly unitName: (orgUnitId: string) => string;
}

/** The consents in force that the exporter's copy rests on: covering its unit (the case's own unit: all). */
function consentsFor(input: PlanExportInput): Consent[] {
  const own = input.exporter.orgUnitId === input.kase.orgUnitId;
  return input.consents.filter(
    (c) => consentInForce(c, input.at) && (own || c.orgUnitIds.includes(input.exporter.orgUnitId)),
  );
}

export function buildPlanExport(input: PlanExportInput): PlanExport {
  const { plan, disclosure: d } = input;
  const c = plan.content;
  const unit = (id: string): Unit => ({ id, name: input.unitName(id) });
  const label = (areaId: string) => input.wheel.find((a) => a.id === areaId)?.label ?? areaId;
  const categoryOf = (f: ExportedField): FieldCategory => d.catalogue.fields.plan[f];
  const hidden = exportedFields.filter((f) => !sees(d.seen, categoryOf(f)));
  const shown = (f: ExportedField) => !hidden.includes(f);
  const withheldAreas = input.wheel
    .map((a) => ({ areaId: a.id, label: a.label, category: d.catalogue.areaCategory(a.id, d.wheelId) }))
    .filter((a) => !sees(d.seen, a.category));
  const withheldFields = hidden.map((f) => ({ field: `plan.${f}`, category: categoryOf(f) }));
  const consents = consentsFor(input);
  const sip = assessSip(c, consents, input.at, [
    ...withheldFields.map((w) => w.field),
    ...(withheldAreas.length > 0 ? ['plan.needs'] : []),
  ]);
  return {
    schema: planExportSchemaId,
    schemaVersion: planExportSchemaVersion,
    language: input.locale,
    exportedAt: input.at.toISOString(),
    exportedBy: { name: input.exporter.name, unit: unit(input.exporter.orgUnitId) },
    case: { id: input.kase.id, reference: input.kase.reference, unit: unit(input.kase.orgUnitId) },
    sip: {
      label: sip.met ? 'SIP' : null,
      met: sip.met,
      missing: sip.missing,
      criteria: sipCriteria.map((k) => ({ id: k.id, source: k.source })),
    },
    coverage: { complete: d.seen === 'all', categories: d.seen },
    withheld: { fields: withheldFields, areas: withheldAreas },
    plan: {
      version: plan.version,
      agreedAt: plan.createdAt.toISOString(),
      agreedBy: plan.authorName,
      ...(shown('reason') ? { reason: c.reason } : {}),
      needs: c.needs.map((n) => ({
        areaId: n.areaId,
        area: label(n.areaId),
        level: n.level ?? null,
        need: n.need,
        childView: n.childView,
        guardianView: n.guardianView,
      })),
      ...(shown('goals') ? { goals: c.goals.map((g) => ({ goal: g.goal, inChildsWords: g.inChildsWords })) } : {}),
      ...(shown('actions')
        ? {
            actions: c.actions.map((a) => ({
              what: a.what,
              who: a.who,
              unit: unit(a.orgUnitId),
              byWhen: a.byWhen,
              howWeWillKnow: a.howWeWillKnow,
            })),
          }
        : {}),
      ...(shown('childsWishForLead') ? { childsWishForLead: c.childsWishForLead } : {}),
      ...(shown('leadProfessional')
        ? {
            leadProfessional: c.leadProfessional
              ? { name: c.leadProfessional.displayName, unit: unit(c.leadProfessional.orgUnitId) }
              : null,
          }
        : {}),
      ...(shown('followUpDate') ? { followUpDate: c.followUpDate } : {}),
      ...(shown('disagreements') ? { disagreements: c.disagreements } : {}),
    },
    consents: consents.map((k) => ({
      id: k.id,
      givenBy: k.givenBy.map((g) => ({ kind: g.kind })),
      units: k.orgUnitIds.map(unit),
      informationCategories: [...k.informationCategories],
      purpose: k.purpose,
      validFrom: k.validFrom.toISOString(),
      validTo: k.validTo.toISOString(),
      recordedAt: k.recordedAt.toISOString(),
      obtainedHow: k.obtainedHow,
      sheetVersion: k.sheetVersion,
      referencedByPlan: c.consentId === k.id,
    })),
  };
}

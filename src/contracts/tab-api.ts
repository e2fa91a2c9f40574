/**
 * The one contract between the meeting tab and the server: the tab API's request and response
 * schemas. The server validates requests with them and builds responses of their types; the tab's
 * browser code imports the types only (erased from its bundle), so both sides change together.
 * Dates travel as ISO strings.
 */
import { z } from 'zod';
import { assessmentInputSchema } from '../app/assessment-input';
import { lensChoiceSchema, lensInputSchema } from '../app/lens-input';
import { planInputSchema } from '../app/plan-input';
import { voiceInputSchema } from '../app/save-voice';
import { maxInt4 } from '../domain/storable';

export const levelSchema = z.enum(['none', 'some', 'significant']);
export type Level = z.infer<typeof levelSchema>;

const version = z.number().int().min(0).max(maxInt4);

// ---- requests ------------------------------------------------------------------------------

export const assessmentPutSchema = z.strictObject({
  version,
  /** The caller confirmed that words looking like names are not the child's or the family's. */
  confirmNames: z.boolean().optional(),
  ...assessmentInputSchema.shape,
});
export type AssessmentPut = z.infer<typeof assessmentPutSchema>;

export const planPutSchema = z.strictObject({ version, agree: z.boolean(), plan: planInputSchema });
export type PlanPut = z.infer<typeof planPutSchema>;
/** What the plan form edits: the plan's input (the lead as an id). */
export type PlanDraft = PlanPut['plan'];

/** Which lenses the case uses (lens ids of config/lenses.json). */
export const lensChoicePutSchema = z.strictObject({ version, lenses: lensChoiceSchema });
export type LensChoicePut = z.infer<typeof lensChoicePutSchema>;

/** One lens's content (a triangle's sides, or a matrix's placement and notes). */
export const lensPutSchema = z.strictObject({
  version,
  /** The caller confirmed that words looking like names are not the child's or the family's. */
  confirmNames: z.boolean().optional(),
  content: lensInputSchema,
});
export type LensPut = z.infer<typeof lensPutSchema>;
export type LensInput = LensPut['content'];

/** The child's own voice, or one guardian's view (PUT …/voice/:speaker, speaker `child` or `guardian-<n>`). */
export const voicePutSchema = z.strictObject({ version, ...voiceInputSchema.shape });
export type VoicePut = z.infer<typeof voicePutSchema>;
export type VoiceDraft = Omit<VoicePut, 'version'>;

// ---- responses -----------------------------------------------------------------------------

/** Responses are read, never changed, by the browser: their lists are read-only. */
const list = <T extends z.ZodType>(item: T) => z.array(item).readonly();

export const areaViewSchema = z.object({
  level: levelSchema.optional(),
  strengths: z.string(),
  worries: z.string(),
  childView: z.string(),
});
export type AreaView = z.infer<typeof areaViewSchema>;

export const assessmentViewSchema = z.object({
  mine: z.boolean(),
  author: z.string(),
  orgUnit: z.string(),
  version: z.number(),
  updatedAt: z.string(),
  answers: z.record(z.string(), z.string()),
  areas: z.record(z.string(), areaViewSchema),
  /** Areas this contributor recorded earlier with another wheel (shown apart, as recorded). */
  earlierWheel: z
    .object({ name: z.string(), areas: list(areaViewSchema.extend({ id: z.string(), label: z.string() })) })
    .nullable(),
});
export type Assessment = z.infer<typeof assessmentViewSchema>;

const planNeedSchema = z.object({
  areaId: z.string(),
  need: z.string(),
  childView: z.string(),
  guardianView: z.string(),
  level: levelSchema.optional(),
});
const planActionSchema = z.object({
  what: z.string(),
  who: z.string(),
  orgUnitId: z.string(),
  byWhen: z.string(),
  howWeWillKnow: z.string(),
});
export type PlanNeed = z.infer<typeof planNeedSchema>;
export type PlanAction = z.infer<typeof planActionSchema>;

export const planContentSchema = z.object({
  reason: z.string(),
  needs: list(planNeedSchema),
  goals: list(z.object({ goal: z.string(), inChildsWords: z.string() })),
  actions: list(planActionSchema),
  childsWishForLead: z.string(),
  leadProfessional: z.object({ objectId: z.string(), displayName: z.string(), orgUnitId: z.string() }).nullable(),
  followUpDate: z.string().nullable(),
  disagreements: z.string(),
});
export type PlanContent = z.infer<typeof planContentSchema>;

export const planViewSchema = z.object({
  version: z.number(),
  agreed: z.boolean(),
  authorName: z.string(),
  createdAt: z.string(),
  content: planContentSchema,
  /**
   * Why the lead professional is not the one the child wished for, as recorded when they were
   * appointed; null when the lead is the child's wish, no wish or lead is known to the reader, or the
   * reader may not see the reason.
   */
  leadReason: z.string().nullable(),
});
export type PlanView = z.infer<typeof planViewSchema>;

const lensLabelled = { id: z.string(), name: z.string(), description: z.string() };
const axisViewSchema = z.object({ label: z.string(), low: z.string(), high: z.string() });

/** A lens as configured, in the reader's language. */
export const lensDefinitionSchema = z.discriminatedUnion('kind', [
  z.object({
    ...lensLabelled,
    kind: z.literal('triangle'),
    sides: list(z.object({ id: z.string(), label: z.string(), description: z.string() })),
  }),
  z.object({
    ...lensLabelled,
    kind: z.literal('matrix'),
    axes: z.object({ x: axisViewSchema, y: axisViewSchema }),
    quadrants: list(
      z.object({ id: z.string(), x: z.enum(['low', 'high']), y: z.enum(['low', 'high']), label: z.string() }),
    ),
  }),
]);
export type LensDefinition = z.infer<typeof lensDefinitionSchema>;

export const lensContentSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('triangle'),
    sides: z.record(z.string(), z.object({ strengths: z.string(), worries: z.string() })),
  }),
  z.object({
    kind: z.literal('matrix'),
    placement: z.object({ x: z.number(), y: z.number() }).nullable(),
    notes: z.record(z.string(), z.string()),
  }),
]);
export type LensContent = z.infer<typeof lensContentSchema>;

/** The case's lenses: those it may use, those it uses, their content as the viewer may see it. */
export const lensesViewSchema = z.object({
  available: list(lensDefinitionSchema),
  chosen: list(z.string()),
  content: z.record(z.string(), lensContentSchema),
  version: z.number(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});
export type LensesView = z.infer<typeof lensesViewSchema>;

const ratingSchema = z.enum(['happy', 'so-so', 'sad']).nullable();
const wordsSchema = z.object({ good: z.string(), hard: z.string(), wish: z.string() });

/** One speaker's current record (the child's, or a guardian's) as the viewer may see it. */
export const voiceRecordSchema = z.object({
  speaker: z.string(),
  version: z.number(),
  areas: z.record(z.string(), wordsSchema.extend({ rating: ratingSchema })),
  words: wordsSchema,
  /** The child's wish for lead professional (a party's object id), '' for none. */
  wishedLeadObjectId: z.string(),
  wishedLeadName: z.string(),
  enteredBy: z.string(),
  enteredAt: z.string(),
});
export type VoiceRecord = z.infer<typeof voiceRecordSchema>;

/** The child's voice and the guardians' views on a consented case (null on an anonymous consultation). */
export const voiceViewSchema = z.object({
  /** Who can speak: the child, then each guardian of the case by name. */
  speakers: list(z.object({ speaker: z.string(), name: z.string() })),
  records: list(voiceRecordSchema),
});
export type VoiceView = z.infer<typeof voiceViewSchema>;

export const caseViewSchema = z.object({
  id: z.string(),
  reference: z.string(),
  kind: z.enum(['anonymous', 'consented']),
  stage: z.string(),
  me: z.object({ objectId: z.string(), displayName: z.string(), orgUnit: z.string() }),
  participants: list(z.object({ objectId: z.string(), name: z.string(), orgUnit: z.string(), role: z.string() })),
  people: list(z.object({ objectId: z.string(), name: z.string(), orgUnit: z.string() })),
  units: list(z.object({ id: z.string(), name: z.string() })),
  questions: list(z.object({ id: z.string(), text: z.string() })),
  wheel: z.object({
    name: z.string(),
    areas: list(z.object({ id: z.string(), label: z.string(), description: z.string(), safety: z.boolean() })),
  }),
  assessments: list(assessmentViewSchema),
  plan: planViewSchema.nullable(),
  canPlan: z.boolean(),
  lenses: lensesViewSchema,
  /**
   * A group consultation (about a group of children, always anonymous): the group as described from
   * the lists, worded in the reader's language, and the actions for the group; null for one child.
   */
  group: z.object({ description: z.string(), actions: list(z.string()) }).nullable(),
  /** An individual consultation opened from a group consultation: the group's reference (nothing else). */
  fromGroup: z.object({ reference: z.string() }).nullable(),
  voice: voiceViewSchema.nullable(),
});
export type CaseView = z.infer<typeof caseViewSchema>;

export const caseSummarySchema = z.object({
  id: z.string(),
  reference: z.string(),
  kind: z.enum(['anonymous', 'consented']),
  /** A group consultation (about a group of children, always anonymous). */
  group: z.boolean(),
  stage: z.string(),
  myRoles: list(z.string()),
  updatedAt: z.string(),
});
export type CaseSummary = z.infer<typeof caseSummarySchema>;

export const planSavedSchema = z.object({ version: z.number(), agreed: z.boolean(), awaitsLead: z.boolean() });
export type PlanSaved = z.infer<typeof planSavedSchema>;

/** The anonymous phase as it was at conversion, for a consultee the consent does not cover (issue 17). */
export const frozenConsultationSummarySchema = z.object({
  caseId: z.string(),
  reference: z.string(),
  takenAt: z.string(),
});
export type FrozenConsultationSummary = z.infer<typeof frozenConsultationSummarySchema>;

export const frozenConsultationViewSchema = frozenConsultationSummarySchema.extend({
  orgUnit: z.string(),
  details: z.object({
    ageBand: z.string().nullable(),
    schoolYear: z.string().nullable(),
    /** The worry areas' labels in the consultation's wheel. */
    worryAreas: list(z.string()),
    observations: z.string(),
    tried: z.string(),
  }),
  participants: list(z.object({ name: z.string(), orgUnit: z.string(), role: z.string() })),
  questions: list(z.object({ id: z.string(), text: z.string() })),
  wheel: z.object({ name: z.string(), areas: list(z.object({ id: z.string(), label: z.string() })) }),
  assessments: list(
    z.object({
      author: z.string(),
      orgUnit: z.string(),
      updatedAt: z.string(),
      answers: z.record(z.string(), z.string()),
      areas: z.record(z.string(), areaViewSchema),
    }),
  ),
});
export type FrozenConsultationView = z.infer<typeof frozenConsultationViewSchema>;

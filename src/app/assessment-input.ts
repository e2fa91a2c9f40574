/**
 * The assessment form (the five questions and the wheel), one mapping for every door: answers per
 * question id and, per area of the case's wheel, a level with strengths, worries and the child's view.
 */
import { z } from 'zod';
import { worryLevels, type AreaView, type AssessmentContent } from '../domain/assessment';
import { invalid } from '../domain/errors';
import { adviceIds, type Wheel } from '../domain/wheel';

export const areaInputSchema = z.strictObject({
  level: z.enum(worryLevels).optional(),
  strengths: z.string().max(2000),
  worries: z.string().max(2000),
  childView: z.string().max(2000),
});

export const assessmentInputSchema = z.strictObject({
  /** Question ids (q1…q9) and, in a consultation, the advice asked of consulted professionals. */
  answers: z.record(z.union([z.string().regex(/^q[1-9]$/), z.enum(adviceIds)]), z.string().max(4000)),
  areas: z.record(z.string().regex(/^[a-z0-9-]{1,40}$/), areaInputSchema),
});

export type AssessmentInput = z.infer<typeof assessmentInputSchema>;

/** An area with anything in it (an empty area is not stored). */
export function hasContent(a: AreaView): boolean {
  return a.level !== undefined || a.strengths.trim() !== '' || a.worries.trim() !== '' || a.childView.trim() !== '';
}

/**
 * The entry to store: the case's wheel areas as given (empty ones dropped), answers without empty
 * ones, and areas recorded earlier with another wheel kept as they were (never mixed into this wheel).
 * An area the case's wheel does not have is Invalid (`areas.<id>`).
 */
export function assessmentContentFrom(
  input: AssessmentInput,
  wheel: Wheel,
  stored: AssessmentContent | null,
): AssessmentContent {
  const parsed = assessmentInputSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error.issues[0]?.path.join('.') || 'assessment');
  const ids = new Set(wheel.areas.map((a) => a.id));
  const foreign = Object.keys(parsed.data.areas).find((id) => !ids.has(id));
  if (foreign !== undefined) throw invalid(`areas.${foreign}`);
  const earlier = Object.entries(stored?.areas ?? {}).filter(([id]) => !ids.has(id));
  const given = Object.entries(parsed.data.areas).filter(([, a]) => hasContent(a));
  return {
    answers: Object.fromEntries(Object.entries(parsed.data.answers).filter(([, v]) => v.trim() !== '')),
    areas: Object.fromEntries([...earlier, ...given]),
  };
}

/** The entry's areas split: those of the case's wheel, and those recorded with another wheel. */
export function splitByWheel(
  areas: Readonly<Record<string, AreaView>>,
  wheel: Wheel,
): { own: Record<string, AreaView>; other: Record<string, AreaView> } {
  const ids = new Set(wheel.areas.map((a) => a.id));
  const own: Record<string, AreaView> = {};
  const other: Record<string, AreaView> = {};
  for (const [id, a] of Object.entries(areas)) (ids.has(id) ? own : other)[id] = a;
  return { own, other };
}

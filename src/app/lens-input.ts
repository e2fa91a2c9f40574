/**
 * The lens forms, one mapping for every door: a triangle's strengths and worries per side, a
 * matrix's placement (-2..+2 on each axis, or none) and a short note per quadrant. Ids must be the
 * lens's own (config/lenses.json); empty texts are not stored.
 */
import { z } from 'zod';
import { invalid } from '../domain/errors';
import { matrixReach, type Lens, type LensContent } from '../domain/lens';

const id = z.string().regex(/^[a-z0-9-]{1,60}$/);
const step = z.number().int().min(-matrixReach).max(matrixReach);

export const triangleInputSchema = z.strictObject({
  kind: z.literal('triangle'),
  sides: z.record(id, z.strictObject({ strengths: z.string().max(2000), worries: z.string().max(2000) })),
});

export const matrixInputSchema = z.strictObject({
  kind: z.literal('matrix'),
  placement: z.strictObject({ x: step, y: step }).nullable(),
  notes: z.record(id, z.string().max(1000)),
});

export const lensInputSchema = z.discriminatedUnion('kind', [triangleInputSchema, matrixInputSchema]);
export type LensInput = z.infer<typeof lensInputSchema>;

export const lensChoiceSchema = z.array(id).max(10);

/** The content to store for `lens` (Invalid naming the field for a kind, side or quadrant not of the lens). */
export function lensContentFrom(lens: Lens, input: LensInput): LensContent {
  const parsed = lensInputSchema.safeParse(input);
  if (!parsed.success) throw invalid(`${lens.id}.${parsed.error.issues[0]?.path.join('.') ?? ''}`);
  const data = parsed.data;
  if (data.kind !== lens.kind) throw invalid(`${lens.id}.kind`);
  if (data.kind === 'triangle' && lens.kind === 'triangle') {
    const foreign = Object.keys(data.sides).find((s) => !lens.sides.some((x) => x.id === s));
    if (foreign !== undefined) throw invalid(`${lens.id}.${foreign}`);
    const sides = Object.entries(data.sides)
      .map(([s, v]) => [s, { strengths: v.strengths.trim(), worries: v.worries.trim() }] as const)
      .filter(([, v]) => v.strengths !== '' || v.worries !== '');
    return { kind: 'triangle', sides: Object.fromEntries(sides) };
  }
  if (data.kind === 'matrix' && lens.kind === 'matrix') {
    const foreign = Object.keys(data.notes).find((q) => !lens.quadrants.some((x) => x.id === q));
    if (foreign !== undefined) throw invalid(`${lens.id}.notes.${foreign}`);
    const notes = Object.entries(data.notes)
      .map(([q, note]) => [q, note.trim()] as const)
      .filter(([, note]) => note !== '');
    return { kind: 'matrix', placement: data.placement, notes: Object.fromEntries(notes) };
  }
  throw invalid(`${lens.id}.kind`);
}

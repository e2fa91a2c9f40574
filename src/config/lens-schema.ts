// Schema for config/lenses.json (the optional GIRFEC lenses). Strict objects, as for the wheels, so a
// typo fails loudly; a triangle has exactly three sides and a matrix one quadrant per corner.
import { z } from 'zod';
import type { Lens, LensSet, MatrixAxis, MatrixLens, MatrixQuadrant, TriangleLens, TriangleSide } from '../domain/lens';
import type { LocalizedText } from '../domain/wheel';

const kebabCaseId = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lowercase ASCII kebab-case, e.g. "my-world-triangle"');
const nonEmptyText = z.string().trim().min(1, 'must not be empty');
const localizedTextSchema = z.strictObject({ sv: nonEmptyText, en: nonEmptyText });

const sideSchema = z.strictObject({ id: kebabCaseId, label: localizedTextSchema, description: localizedTextSchema });
const axisSchema = z.strictObject({ label: localizedTextSchema, low: localizedTextSchema, high: localizedTextSchema });
const end = z.enum(['low', 'high']);
const quadrantSchema = z.strictObject({ id: kebabCaseId, x: end, y: end, label: localizedTextSchema });

function uniqueIds(ctx: z.core.$RefinementCtx, items: readonly { id: string }[], path: string): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.id))
      ctx.addIssue({ code: 'custom', message: `duplicate id "${item.id}"`, path: [path, index, 'id'] });
    seen.add(item.id);
  });
}

const triangleSchema = z
  .strictObject({
    id: kebabCaseId,
    kind: z.literal('triangle'),
    name: localizedTextSchema,
    description: localizedTextSchema,
    sides: z.array(sideSchema).length(3, 'a triangle has exactly 3 sides'),
  })
  .superRefine((lens, ctx) => uniqueIds(ctx, lens.sides, 'sides'));

const matrixSchema = z
  .strictObject({
    id: kebabCaseId,
    kind: z.literal('matrix'),
    name: localizedTextSchema,
    description: localizedTextSchema,
    axes: z.strictObject({ x: axisSchema, y: axisSchema }),
    quadrants: z.array(quadrantSchema).length(4, 'a matrix has exactly 4 quadrants'),
  })
  .superRefine((lens, ctx) => {
    uniqueIds(ctx, lens.quadrants, 'quadrants');
    const corners = new Set(lens.quadrants.map((q) => `${q.x}/${q.y}`));
    if (corners.size !== 4)
      ctx.addIssue({
        code: 'custom',
        message: 'each corner (x low/high, y low/high) needs one quadrant',
        path: ['quadrants'],
      });
  });

export const lensSetSchema = z
  .strictObject({
    source: nonEmptyText,
    lenses: z.array(z.discriminatedUnion('kind', [triangleSchema, matrixSchema])),
  })
  .superRefine((set, ctx) => uniqueIds(ctx, set.lenses, 'lenses'));

// Compile-time proof that the schemas produce exactly the domain types (as in wheel-schema.ts).
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;

export type LensSchemasMatchDomain = [
  Assert<Same<z.output<typeof localizedTextSchema>, LocalizedText>>,
  Assert<Same<z.output<typeof sideSchema>, TriangleSide>>,
  Assert<Same<z.output<typeof axisSchema>, MatrixAxis>>,
  Assert<Same<z.output<typeof quadrantSchema>, MatrixQuadrant>>,
  Assert<Same<z.output<typeof triangleSchema>, TriangleLens>>,
  Assert<Same<z.output<typeof matrixSchema>, MatrixLens>>,
  Assert<Same<z.output<typeof lensSetSchema>['lenses'][number], Lens>>,
  Assert<Same<z.output<typeof lensSetSchema>, LensSet>>,
];

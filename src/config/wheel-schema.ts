// Schemas for config/wheels/*.json and config/questions.json. Objects are strict so that a typo
// such as "saftey" fails loudly instead of silently dropping a safety flag.
import { z } from 'zod';
import { informationCategories } from '../domain/consent';
import {
  adviceIds,
  questionOrderProblem,
  shanarriAreas,
  type LocalizedText,
  type Question,
  type QuestionSet,
  type Wheel,
  type WheelArea,
} from '../domain/wheel';

const kebabCaseId = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lowercase ASCII kebab-case, e.g. "ta-ansvar"');

const nonEmptyText = z.string().trim().min(1, 'must not be empty');

const localizedTextSchema = z.strictObject({ sv: nonEmptyText, en: nonEmptyText });

const wheelAreaSchema = z.strictObject({
  id: kebabCaseId,
  label: localizedTextSchema,
  description: localizedTextSchema,
  shanarri: z.enum(shanarriAreas),
  safety: z.boolean().default(false),
  category: z.enum(informationCategories),
});

const questionSchema = z.strictObject({
  id: kebabCaseId,
  text: localizedTextSchema,
});

function addDuplicateIdIssues(ctx: z.core.$RefinementCtx, items: { id: string }[], path: string): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.id)) {
      ctx.addIssue({ code: 'custom', message: `duplicate id "${item.id}"`, path: [path, index, 'id'] });
    }
    seen.add(item.id);
  });
}

export const wheelSchema = z
  .strictObject({
    id: kebabCaseId,
    name: localizedTextSchema,
    source: nonEmptyText,
    areas: z.array(wheelAreaSchema).min(3, 'a wheel needs at least 3 areas'),
  })
  .superRefine((wheel, ctx) => addDuplicateIdIssues(ctx, wheel.areas, 'areas'));

export const questionSetSchema = z
  .strictObject({
    source: nonEmptyText,
    defaultOrder: z.array(z.string()),
    questions: z.array(questionSchema).min(1, 'at least one question is needed'),
    advice: z.array(questionSchema.extend({ id: z.enum(adviceIds) })).optional(),
  })
  .superRefine((set, ctx) => {
    addDuplicateIdIssues(ctx, set.questions, 'questions');
    const ids = set.questions.map((question) => question.id);
    const problem = questionOrderProblem(ids, set.defaultOrder);
    if (problem !== undefined) {
      ctx.addIssue({ code: 'custom', message: `defaultOrder: ${problem}`, path: ['defaultOrder'] });
    }
  });

// Compile-time proof that the schemas produce exactly the domain types: a field added on one side
// only, or a changed type, turns `true` below into a type error.
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;

export type SchemasMatchDomain = [
  Assert<Same<z.output<typeof localizedTextSchema>, LocalizedText>>,
  Assert<Same<z.output<typeof wheelAreaSchema>, WheelArea>>,
  Assert<Same<z.output<typeof wheelSchema>, Wheel>>,
  Assert<Same<z.output<typeof questionSchema>, Question>>,
  Assert<Same<z.output<typeof questionSetSchema>, QuestionSet>>,
];

// Loads config/field-categories.json (the consent information category of each form field) and
// builds the catalogue the storage door filters by, together with the wheels' area categories.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  categoryCatalogue,
  fieldCategoryValues,
  type CategoryCatalogue,
  type FieldCategories,
} from '../domain/disclosure';
import { loadWheels } from './load-wheels';
import { projectRoot } from './project-root';

export const defaultFieldCategoriesFile = path.join(projectRoot(), 'config', 'field-categories.json');

const category = z.enum(fieldCategoryValues);

export const fieldCategoriesSchema = z.strictObject({
  $comment: z.string().optional(),
  consultation: z.strictObject({
    ageBand: category,
    schoolYear: category,
    observations: category,
    tried: category,
  }),
  questions: z.record(z.string(), category),
  plan: z.strictObject({
    reason: category,
    goals: category,
    actions: category,
    childsWishForLead: category,
    disagreements: category,
    leadProfessional: category,
    followUpDate: category,
    recipients: category,
  }),
  stageReason: category,
  followUp: z.strictObject({ actionResults: category }),
});

export function loadFieldCategories(file: string = defaultFieldCategoriesFile): FieldCategories {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${file}: not readable JSON (${reason})`, { cause: error });
  }
  const result = fieldCategoriesSchema.safeParse(json);
  if (!result.success) {
    throw new Error(`${file}: invalid field categories:\n${z.prettifyError(result.error)}`, { cause: result.error });
  }
  const data = result.data;
  return {
    consultation: data.consultation,
    questions: data.questions,
    plan: data.plan,
    stageReason: data.stageReason,
    followUp: data.followUp,
  };
}

let shipped: CategoryCatalogue | undefined;

/** The catalogue of the shipped configuration (config/wheels, config/field-categories.json), read once. */
export function defaultCategoryCatalogue(): CategoryCatalogue {
  shipped ??= categoryCatalogue(loadWheels(), loadFieldCategories());
  return shipped;
}

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
import { lensParts, type LensSet } from '../domain/lens';
import { loadLenses, loadWheels } from './load-wheels';
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
  lenses: z.record(z.string(), z.record(z.string(), category)).optional(),
  voice: z.strictObject({ child: category, guardians: category }).optional(),
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
    ...(data.lenses ? { lenses: data.lenses } : {}),
    ...(data.voice ? { voice: data.voice } : {}),
  };
}

/**
 * A lens part named in the field categories must exist in the lens set: a typo would otherwise leave
 * the intended part at `all-categories` unnoticed. Throws naming the file and the part.
 */
export function checkLensCategories(fields: FieldCategories, lenses: LensSet, file: string): void {
  for (const [lensId, parts] of Object.entries(fields.lenses ?? {})) {
    const lens = lenses.lenses.find((l) => l.id === lensId);
    if (lens === undefined) throw new Error(`${file}: lenses.${lensId}: no such lens in config/lenses.json`);
    const known = lensParts(lens);
    const unknown = Object.keys(parts).find((p) => !known.includes(p));
    if (unknown !== undefined)
      throw new Error(`${file}: lenses.${lensId}.${unknown}: not a part of the lens (${known.join(', ')})`);
  }
}

let shipped: CategoryCatalogue | undefined;

/** The catalogue of the shipped configuration (config/wheels, config/field-categories.json, config/lenses.json), read once. */
export function defaultCategoryCatalogue(): CategoryCatalogue {
  if (shipped === undefined) {
    const fields = loadFieldCategories();
    checkLensCategories(fields, loadLenses(), defaultFieldCategoriesFile);
    shipped = categoryCatalogue(loadWheels(), fields);
  }
  return shipped;
}

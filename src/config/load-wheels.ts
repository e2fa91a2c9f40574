// Loads wellbeing wheels, the five questions and the optional lenses from JSON files. Adding a wheel is adding a file
// to config/wheels/; every problem is reported with the file it came from.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { LensSet } from '../domain/lens';
import type { QuestionSet, Wheel } from '../domain/wheel';
import { lensSetSchema } from './lens-schema';
import { projectRoot } from './project-root';
import { questionSetSchema, wheelSchema } from './wheel-schema';

// projectRoot() walks up to package.json, so this works from src/ (tsx) and from dist/src/ alike.
export const defaultWheelsDir = path.join(projectRoot(), 'config', 'wheels');
export const defaultQuestionsFile = path.join(projectRoot(), 'config', 'questions.json');

function readJson(file: string): unknown {
  const text = fs.readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${file}: not valid JSON (${reason})`, { cause: error });
  }
}

function parseFile<T>(file: string, schema: z.ZodType<T>, what: string): T {
  const result = schema.safeParse(readJson(file));
  if (!result.success) {
    throw new Error(`${file}: invalid ${what}:\n${z.prettifyError(result.error)}`, { cause: result.error });
  }
  return result.data;
}

function wheelFiles(dir: string): string[] {
  const files = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => path.join(dir, entry.name))
    .sort();
  if (files.length === 0) {
    throw new Error(`${dir}: no wheel files (*.json) found`);
  }
  return files;
}

/** Reads and validates every *.json in `dir`; the map is keyed by wheel id. */
export function loadWheels(dir: string = defaultWheelsDir): Map<string, Wheel> {
  const wheels = new Map<string, Wheel>();
  const fileOfWheel = new Map<string, string>();
  for (const file of wheelFiles(dir)) {
    const wheel = parseFile(file, wheelSchema, 'wheel');
    const earlier = fileOfWheel.get(wheel.id);
    if (earlier !== undefined) {
      throw new Error(`${file}: duplicate wheel id "${wheel.id}" (already defined in ${earlier})`);
    }
    wheels.set(wheel.id, wheel);
    fileOfWheel.set(wheel.id, file);
  }
  return wheels;
}

export function loadQuestions(file: string = defaultQuestionsFile): QuestionSet {
  return parseFile(file, questionSetSchema, 'question set');
}

export const defaultLensesFile = path.join(projectRoot(), 'config', 'lenses.json');

/** The optional GIRFEC lenses (config/lenses.json), validated. */
export function loadLenses(file: string = defaultLensesFile): LensSet {
  return parseFile(file, lensSetSchema, 'lens set');
}

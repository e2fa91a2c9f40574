/**
 * The name check's configuration (config/anonymity.json): words and phrases that are never a
 * person's name — for every unit, and per organisation unit — plus the words of every configured
 * unit's own name. Read once per process, like the wheels.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { OrgUnit } from '../domain/actor';
import type { NameCheckOptions } from '../domain/name-finder';
import { projectRoot } from './project-root';
import { swedishLexicon } from './swedish-lexicon';

export const defaultAnonymityConfigFile = path.join(projectRoot(), 'config', 'anonymity.json');

const words = z.array(z.string().trim().min(1).max(100)).max(5000);
const anonymityConfigSchema = z.strictObject({
  $comment: z.string().optional(),
  /** A list, or lists grouped by a heading only for reading ("apps", "titles" …). */
  notNames: z
    .union([words, z.record(z.string(), words)])
    .default([])
    .transform((n) => (Array.isArray(n) ? n : Object.values(n).flat())),
  units: z.record(z.string(), z.strictObject({ notNames: words.default([]) })).default({}),
});
export type AnonymityConfig = z.infer<typeof anonymityConfigSchema>;

export function loadAnonymityConfig(file: string = defaultAnonymityConfigFile): AnonymityConfig {
  const parsed = anonymityConfigSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(`${file}: invalid anonymity configuration:\n${z.prettifyError(parsed.error)}`, {
      cause: parsed.error,
    });
  return parsed.data;
}

let shared: AnonymityConfig | undefined;

/** At startup: a broken config/anonymity.json fails fast, and the first check does not wait for the word list. */
export function prepareNameCheck(file: string = defaultAnonymityConfigFile): void {
  shared = loadAnonymityConfig(file);
  swedishLexicon();
}

/** The checks made per unit, per configuration and list of units (both fixed while the process runs). */
const madeFor = new WeakMap<AnonymityConfig, WeakMap<readonly object[], Map<string, NameCheckOptions>>>();

/**
 * The name check for one unit: the Swedish lexicon and the words that are not names there. The same
 * object for the same unit, configuration and units, so what the name finder prepares from it (its
 * word set, its compiled phrases) is prepared once, not on every form submitted.
 */
export function nameCheckFor(
  orgUnitId: string,
  orgUnits: readonly Pick<OrgUnit, 'name'>[],
  config: AnonymityConfig = (shared ??= loadAnonymityConfig()),
): NameCheckOptions {
  const byUnits = madeFor.get(config) ?? new WeakMap<readonly object[], Map<string, NameCheckOptions>>();
  madeFor.set(config, byUnits);
  const byUnit = byUnits.get(orgUnits) ?? new Map<string, NameCheckOptions>();
  byUnits.set(orgUnits, byUnit);
  const made = byUnit.get(orgUnitId);
  if (made !== undefined) return made;
  const unitWords = orgUnits.flatMap((u) => u.name.split(/[\s,()/]+/).filter((w) => w.length > 1));
  const options: NameCheckOptions = {
    lexicon: swedishLexicon(),
    notNames: [...config.notNames, ...(config.units[orgUnitId]?.notNames ?? []), ...unitWords],
  };
  byUnit.set(orgUnitId, options);
  return options;
}

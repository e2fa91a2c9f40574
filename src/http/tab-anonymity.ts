/**
 * The anonymity guard for the tab's saves on an anonymous consultation, as in chat: an identifying
 * part is replaced by a placeholder in the caller's language and the whole entry goes back with a
 * 422 (IdentifyingData) for the browser to show — the rest of the text kept, nothing stored; words
 * that look like names go back as a 422 (NamesToConfirm) until the caller confirms (`confirmNames`).
 */
import { nameCheckFor } from '../config/anonymity-config';
import type { OrgUnit } from '../domain/actor';
import { redactIdentifying, type IdentifyingKind } from '../domain/anonymity-guard';
import type { AreaView } from '../domain/assessment';
import { possibleNameWords } from '../domain/name-finder';
import { translator, type Locale } from '../i18n';

export interface AssessmentEntry {
  readonly answers: Readonly<Record<string, string>>;
  readonly areas: Readonly<Record<string, AreaView>>;
}

export interface GuardReply {
  readonly status: 422;
  readonly body: Record<string, unknown>;
}

const areaTexts = ['strengths', 'worries', 'childView'] as const;

/** Every free-text field of the entry, named as the tab names them: answers.q1, areas.trygghet.worries. */
function textsOf(entry: AssessmentEntry): [string, string][] {
  return [
    ...Object.entries(entry.answers).map(([id, v]): [string, string] => [`answers.${id}`, v]),
    ...Object.entries(entry.areas).flatMap(([id, a]) =>
      areaTexts.map((p): [string, string] => [`areas.${id}.${p}`, a[p]]),
    ),
  ];
}

function redactedEntry(entry: AssessmentEntry, redact: (text: string) => string): AssessmentEntry {
  return {
    answers: Object.fromEntries(Object.entries(entry.answers).map(([id, v]) => [id, redact(v)])),
    areas: Object.fromEntries(
      Object.entries(entry.areas).map(([id, a]) => [
        id,
        { ...a, strengths: redact(a.strengths), worries: redact(a.worries), childView: redact(a.childView) },
      ]),
    ),
  };
}

/** A reply refusing the save, or null when the entry may be saved. */
export function guardTabAssessment(
  entry: AssessmentEntry,
  locale: Locale,
  unit: { orgUnitId: string; orgUnits: readonly OrgUnit[] },
  confirmNames: boolean,
): GuardReply | null {
  return guardTabTexts(textsOf(entry), locale, unit, confirmNames, (redact) => redactedEntry(entry, redact));
}

/**
 * The guard over any tab save's free-text fields, named as the tab names them (the refusal lists
 * them): identifying parts refused with `redacted(redact)` — the save's own shape with each text
 * redacted — for the browser to put back; words that look like names until confirmed.
 */
export function guardTabTexts(
  texts: readonly (readonly [string, string])[],
  locale: Locale,
  unit: { orgUnitId: string; orgUnits: readonly OrgUnit[] },
  confirmNames: boolean,
  redacted: (redact: (text: string) => string) => unknown,
): GuardReply | null {
  const t = translator(locale);
  const placeholder = (kind: IdentifyingKind) => t(`anonymity.removed.${kind}`);
  const fields: string[] = [];
  const kinds = new Set<IdentifyingKind>();
  for (const [field, text] of texts) {
    const found = redactIdentifying(text, placeholder).kinds;
    if (found.length > 0) fields.push(field);
    for (const k of found) kinds.add(k);
  }
  if (fields.length > 0) {
    return {
      status: 422,
      body: {
        error: 'IdentifyingData',
        fields,
        kinds: [...kinds],
        message: t('tab.anonymity.removed', { kinds: [...kinds].map((k) => t(`validation.kinds.${k}`)).join(', ') }),
        redacted: redacted((text) => redactIdentifying(text, placeholder).text),
      },
    };
  }
  if (confirmNames) return null;
  const options = nameCheckFor(unit.orgUnitId, unit.orgUnits);
  const named = texts
    .map(([field, text]) => ({ field, words: possibleNameWords(text, options) }))
    .filter((n) => n.words.length > 0);
  if (named.length === 0) return null;
  const words = [...new Set(named.flatMap((n) => n.words))];
  return {
    status: 422,
    body: {
      error: 'NamesToConfirm',
      fields: named.map((n) => n.field),
      words,
      message: t('anonymity.names', { words: words.map((w) => `”${w}”`).join(', ') }),
    },
  };
}

/**
 * The child's own voice (issue 18 item 3): the child's own assessment, apart from the professionals'
 * — per area of the case's wheel a rating on a three-face scale and, in the child's own words, what
 * is good, what is hard and what they wish for (per area and overall) — and the child's wish for lead
 * professional. Each guardian's view is recorded the same way, one record per guardian (guardians
 * may disagree). A professional enters it together with the child or guardian; every save is a new
 * version naming who entered it and when (a stale save is a Conflict, earlier versions are kept).
 *
 * The scale: three faces a young child knows from school and health visits — happy (green, "good"),
 * in between (yellow, "so-so"), sad (blue, "hard") — or no answer. Three steps, not five: a child of
 * four to six tells three faces apart reliably; the words carry the nuance.
 *
 * Information categories: the child's record is "the child's account and wishes", a guardian's is
 * "home and family" (config/field-categories.json `voice`); each area's entry also needs its area's
 * own category. Only consented cases: an anonymous consultation has no identified child.
 */
import { sees, type Disclosure, type FieldCategory } from './disclosure';
import { forbidden, invalid } from './errors';

export const voiceRatings = ['happy', 'so-so', 'sad'] as const;
export type VoiceRating = (typeof voiceRatings)[number];

/** The face shown for each rating (cards, PDF; the tab draws its own). */
export const ratingFace: Readonly<Record<VoiceRating, string>> = { happy: '🙂', 'so-so': '😐', sad: '🙁' };

/** Who speaks: the child, or the guardian at that place in the case's guardians (`guardian-0`, …). */
export type Speaker = 'child' | `guardian-${number}`;

export function isSpeaker(value: string): value is Speaker {
  return value === 'child' || /^guardian-(0|[1-9][0-9]?)$/.test(value);
}

/** The guardian's place in the case's guardians, or null for the child. */
export function guardianIndex(speaker: Speaker): number | null {
  return speaker === 'child' ? null : Number(speaker.slice('guardian-'.length));
}

export interface Words {
  readonly good: string;
  readonly hard: string;
  readonly wish: string;
}

export interface AreaVoice extends Words {
  readonly rating: VoiceRating | null;
}

export interface WishedLead {
  readonly tenantId: string;
  readonly objectId: string;
  readonly displayName: string;
}

export interface VoiceContent {
  /** Area id → the rating and words (an area with nothing said is left out). */
  readonly areas: Readonly<Record<string, AreaVoice>>;
  /** Overall, in their own words. */
  readonly words: Words;
  /** The child's wish for lead professional (a party of the case); always null for a guardian. */
  readonly wishedLead: WishedLead | null;
}

export interface Voice {
  readonly speaker: Speaker;
  readonly content: VoiceContent;
  readonly version: number;
  /** The professional who entered it with the child or guardian. */
  readonly enteredBy: { readonly tenantId: string; readonly objectId: string; readonly name: string };
  readonly enteredAt: Date;
}

export const emptyWords: Words = { good: '', hard: '', wish: '' };

const said = (w: Words) => w.good !== '' || w.hard !== '' || w.wish !== '';

/** Trimmed content with areas where nothing was said left out; areas must be the wheel's, a guardian has no wish for lead. */
export function voiceContent(speaker: Speaker, input: VoiceContent, wheelAreas: ReadonlySet<string>): VoiceContent {
  const t = (w: Words): Words => ({ good: w.good.trim(), hard: w.hard.trim(), wish: w.wish.trim() });
  const areas: Record<string, AreaVoice> = {};
  for (const [id, a] of Object.entries(input.areas)) {
    if (!wheelAreas.has(id)) throw invalid(`areas.${id}`);
    const v = { rating: a.rating, ...t(a) };
    if (v.rating !== null || said(v)) areas[id] = v;
  }
  if (speaker !== 'child' && input.wishedLead !== null) throw invalid('wishedLead');
  return { areas, words: t(input.words), wishedLead: input.wishedLead };
}

/** The category a speaker's record belongs to (config/field-categories.json `voice`). */
export function voiceCategory(d: Disclosure, speaker: Speaker): FieldCategory {
  const v = d.catalogue.fields.voice;
  return speaker === 'child' ? (v?.child ?? 'child-account-wishes') : (v?.guardians ?? 'home-family');
}

/** The voices as a view may see them: a record needs its category, each area also its own. */
export function disclosedVoices(d: Disclosure, voices: readonly Voice[]): Voice[] {
  return voices
    .filter((v) => sees(d.seen, voiceCategory(d, v.speaker)))
    .map((v) =>
      d.seen === 'all'
        ? v
        : {
            ...v,
            content: {
              ...v.content,
              areas: Object.fromEntries(
                Object.entries(v.content.areas).filter(([id]) => sees(d.seen, d.catalogue.areaCategory(id, d.wheelId))),
              ),
            },
          },
    );
}

/**
 * Writing a record replaces it whole: the writer must see its category and every area of the case's
 * wheel, or they would erase what they cannot see.
 */
export function assertMayWriteVoice(d: Disclosure, speaker: Speaker, wheelAreas: Iterable<string>): void {
  if (d.seen === 'all') return;
  if (!sees(d.seen, voiceCategory(d, speaker))) throw forbidden();
  for (const id of wheelAreas) if (!sees(d.seen, d.catalogue.areaCategory(id, d.wheelId))) throw forbidden();
}

/** The child's wish for lead professional, if the child has named one. */
export function childsWishedLead(voices: readonly Voice[]): WishedLead | null {
  return voices.find((v) => v.speaker === 'child')?.content.wishedLead ?? null;
}

/**
 * "Avvikelser från barnets önskemål ska endast ske av särskilda skäl": appointing as lead someone
 * other than the one the child wished for needs a reason. True when a reason is needed: the child
 * named someone, a lead is being appointed (`appointed`, not the lead already in place), and it is not them.
 */
export function leadNeedsReason(
  wish: WishedLead | null,
  appointed: { tenantId: string; objectId: string } | null,
  current: { tenantId: string; objectId: string } | null,
): boolean {
  if (wish === null || appointed === null) return false;
  const same = (a: { tenantId: string; objectId: string }, b: { tenantId: string; objectId: string }) =>
    a.tenantId === b.tenantId && a.objectId === b.objectId;
  if (current !== null && same(current, appointed)) return false;
  return !same(wish, appointed);
}

/** The plain shape the family plan carries (domain/family-plan.ts `voice`). */
export interface FamilyVoiceArea {
  readonly areaId: string;
  /** The area's label in the reader's language (set by the family plan view). */
  readonly label?: string;
  readonly rating: VoiceRating | null;
  readonly good?: string;
  readonly hard?: string;
  readonly wish?: string;
}

export interface FamilyVoice {
  readonly child?: {
    readonly areas: readonly FamilyVoiceArea[];
    /** Overall, in the child's own words: what is good, what is hard, what they wish for (non-empty ones, one per line). */
    readonly words?: string;
    readonly good?: string;
    readonly hard?: string;
    readonly wish?: string;
  };
  readonly guardians: readonly { readonly label: string; readonly areas: readonly FamilyVoiceArea[] }[];
}

const opt = (key: 'good' | 'hard' | 'wish', text: string) => (text === '' ? {} : { [key]: text });

function areasOf(content: VoiceContent, wheelOrder: readonly string[]): FamilyVoiceArea[] {
  return wheelOrder
    .filter((id) => content.areas[id] !== undefined)
    .map((id) => {
      const a = content.areas[id] as AreaVoice;
      return { areaId: id, rating: a.rating, ...opt('good', a.good), ...opt('hard', a.hard), ...opt('wish', a.wish) };
    });
}

/**
 * The child's and guardians' views for a case (already disclosed for the reader), in the wheel's
 * order: what the family plan and its PDF print. A guardian is labelled by name from the case's guardians.
 */
export function familyVoice(
  voices: readonly Voice[],
  guardianNames: readonly string[],
  wheelOrder: readonly string[],
): FamilyVoice {
  const child = voices.find((v) => v.speaker === 'child');
  const w = child?.content.words ?? emptyWords;
  const words = [w.good, w.hard, w.wish].filter((x) => x !== '').join('\n');
  return {
    ...(child
      ? {
          child: {
            areas: areasOf(child.content, wheelOrder),
            ...(words === '' ? {} : { words }),
            ...opt('good', w.good),
            ...opt('hard', w.hard),
            ...opt('wish', w.wish),
          },
        }
      : {}),
    guardians: voices
      .filter((v) => v.speaker !== 'child')
      .map((v) => ({
        label: guardianNames[guardianIndex(v.speaker) ?? -1] ?? '',
        areas: areasOf(v.content, wheelOrder),
      })),
  };
}

/**
 * Save the child's own voice, or one guardian's view (issue 18 item 3) — one use case for every door.
 * Only a consented case (an anonymous consultation has no identified child); a guardian must be one
 * of the case's guardians; areas must be the case's wheel's; the wish for lead must name a party of
 * the case. Each save is a new version naming the professional who entered it (the actor) and when;
 * a stale save is a Conflict and changes nothing. The history records that it was entered (not what).
 */
import { z } from 'zod';
import { guardianIndex, voiceContent, voiceRatings, type Speaker, type Voice } from '../domain/child-voice';
import { invalid } from '../domain/errors';
import { areaIds } from '../domain/wheel';
import type { UseCaseContext } from './context';
import { wheelFor } from './world';

const text = z.string().max(2000);
const words = { good: text, hard: text, wish: text };

export const voiceInputSchema = z.strictObject({
  areas: z.record(
    z.string().regex(/^[a-z0-9-]{1,40}$/),
    z.strictObject({ rating: z.enum(voiceRatings).nullable(), ...words }),
  ),
  words: z.strictObject(words),
  /** The child's wish for lead professional: a party's object id, or '' for no wish (a guardian: ''). */
  wishedLeadObjectId: z.string().max(100),
});
export type VoiceInput = z.infer<typeof voiceInputSchema>;

export async function saveVoice(
  ctx: UseCaseContext,
  caseId: string,
  speaker: Speaker,
  input: VoiceInput,
  expectedVersion: number,
): Promise<Voice> {
  const parsed = voiceInputSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error.issues[0]?.path.join('.') || 'voice');
  const p = parsed.data;
  const { repos, world } = ctx;
  return ctx.atomically(async () => {
    const kase = await repos.cases.getCase(caseId);
    if (kase.kind !== 'consented') throw invalid('case', 'anonymous');
    const g = guardianIndex(speaker);
    if (g !== null && g >= (kase.child?.guardians.length ?? 0)) throw invalid('speaker');
    if (g !== null && p.wishedLeadObjectId !== '') throw invalid('wishedLeadObjectId');
    let wishedLead = null;
    if (p.wishedLeadObjectId !== '') {
      const party = (await repos.parties.listParties(caseId)).find((x) => x.objectId === p.wishedLeadObjectId);
      if (party === undefined) throw invalid('wishedLeadObjectId');
      wishedLead = { tenantId: party.tenantId, objectId: party.objectId, displayName: party.displayName };
    }
    const wheel = areaIds(wheelFor(world, kase.orgUnitId));
    const content = voiceContent(speaker, { areas: p.areas, words: p.words, wishedLead }, new Set(wheel));
    const saved = await repos.voices.saveVoice(caseId, speaker, content, expectedVersion, wheel);
    await repos.history.record(caseId, {
      type: 'voice.entered',
      detail: { speaker: speaker === 'child' ? 'child' : 'guardian', version: saved.version },
    });
    return saved;
  });
}

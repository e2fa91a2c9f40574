/**
 * The tab's routes for the child's own voice and the guardians' views (listed in routes.ts): the
 * records as the viewer may see them (part of the case view) and saving one speaker's record.
 * Access, audit and the visibility rule are the storage door's; the rules are the use case's. A
 * stale save is 409 with the stored record (the client keeps what was typed); an anonymous
 * consultation is 400 `{ field: 'case', reason: 'anonymous' }`.
 */
import { z } from 'zod';
import { saveVoice } from '../app/save-voice';
import type { VoicePut, VoiceRecord, VoiceView } from '../contracts/tab-api';
import type { ChildCase } from '../domain/case';
import { isSpeaker, type Voice } from '../domain/child-voice';
import { invalid, isDomainError } from '../domain/errors';
import { Reply, type RouteContext, type RouteInput } from './route-kit';

export const voiceParams = z.object({ caseId: z.string(), speaker: z.string() });

function recordView(v: Voice): VoiceRecord {
  return {
    speaker: v.speaker,
    version: v.version,
    areas: { ...v.content.areas },
    words: v.content.words,
    wishedLeadObjectId: v.content.wishedLead?.objectId ?? '',
    wishedLeadName: v.content.wishedLead?.displayName ?? '',
    enteredBy: v.enteredBy.name,
    enteredAt: v.enteredAt.toISOString(),
  };
}

/** The voices for the case view: null on an anonymous consultation (no identified child). */
export function voiceView(kase: ChildCase, voices: readonly Voice[]): VoiceView | null {
  if (kase.kind !== 'consented') return null;
  return {
    speakers: [
      { speaker: 'child', name: '' },
      ...(kase.child?.guardians ?? []).map((g, i) => ({ speaker: `guardian-${i}`, name: g.name })),
    ],
    records: voices.map(recordView),
  };
}

export async function putVoice(
  ctx: RouteContext,
  { params, body }: RouteInput<z.infer<typeof voiceParams>, undefined, VoicePut>,
): Promise<{ version: number } | Reply> {
  const { speaker, caseId } = params;
  if (!isSpeaker(speaker)) throw invalid('speaker');
  const { version, ...input } = body;
  try {
    return { version: (await saveVoice(ctx, caseId, speaker, input, version)).version };
  } catch (err) {
    if (isDomainError(err) && err.code === 'Conflict') {
      const current = (await ctx.repos.voices.getVoices(caseId)).find((v) => v.speaker === speaker);
      return new Reply(409, { error: 'Conflict', current: current ? recordView(current) : null });
    }
    throw err;
  }
}

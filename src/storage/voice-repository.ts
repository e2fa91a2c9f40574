/**
 * The child's own voice and each guardian's view through the storage door (domain/child-voice.ts).
 * One row per save: a speaker's current record is its highest version, and a write names the version
 * it read (a stale one is a Conflict; nothing is overwritten). Every row names the professional who
 * entered it (tenant, object id, name) and when. Reads are filtered by the visibility rule (the
 * record's category, each area's own); a write needs the record's category and every area of the
 * case's wheel, and a consented case (an anonymous consultation has no identified child).
 */
import {
  assertMayWriteVoice,
  disclosedVoices,
  type Speaker,
  type Voice,
  type VoiceContent,
} from '../domain/child-voice';
import { conflict, invalid } from '../domain/errors';
import type { VoiceRepository } from '../app/ports';
import type { AccessScope } from './access-scope';
import type { Sql } from './database';

interface VoiceRow {
  speaker: Speaker;
  version: number;
  content: VoiceContent;
  entered_by_tenant_id: string;
  entered_by_object_id: string;
  entered_by_name: string;
  entered_at: Date;
}

const columns = 'speaker, version, content, entered_by_tenant_id, entered_by_object_id, entered_by_name, entered_at';

const toVoice = (r: VoiceRow): Voice => ({
  speaker: r.speaker,
  content: r.content,
  version: r.version,
  enteredBy: { tenantId: r.entered_by_tenant_id, objectId: r.entered_by_object_id, name: r.entered_by_name },
  enteredAt: new Date(r.entered_at),
});

/** Every speaker's current record as stored (unfiltered: the caller discloses them), child first. */
export async function readVoices(tx: Sql, caseId: string): Promise<Voice[]> {
  const r = await tx.query<VoiceRow>(
    `SELECT DISTINCT ON (speaker) ${columns} FROM case_voice WHERE case_id = $1 ORDER BY speaker, version DESC`,
    [caseId],
  );
  return r.rows.map(toVoice).sort((a, b) => (a.speaker === 'child' ? -1 : b.speaker === 'child' ? 1 : 0));
}

export class PgVoiceRepository implements VoiceRepository {
  constructor(private readonly scope: AccessScope) {}

  /** The current records the actor may see (none on an anonymous consultation). */
  getVoices(caseId: string): Promise<Voice[]> {
    return this.scope.onCase(caseId, 'voice.read', false, async (tx, access) =>
      access.kind === 'consented' ? disclosedVoices(this.scope.disclosure(access), await readVoices(tx, caseId)) : [],
    );
  }

  /** Every saved version of a speaker's record, oldest first (who entered what, and when). */
  listVersions(caseId: string, speaker: Speaker): Promise<Voice[]> {
    return this.scope.onCase(caseId, 'voice.read', false, async (tx, access) => {
      if (access.kind !== 'consented') return [];
      const r = await tx.query<VoiceRow>(
        `SELECT ${columns} FROM case_voice WHERE case_id = $1 AND speaker = $2 ORDER BY version`,
        [caseId, speaker],
      );
      return disclosedVoices(this.scope.disclosure(access), r.rows.map(toVoice));
    });
  }

  /**
   * Stores a new version of the speaker's record, entered by the actor now. `expectedVersion` is the
   * version read (0 while none is stored); `wheelAreas` are the case's wheel's areas (the writer must see them all).
   */
  saveVoice(
    caseId: string,
    speaker: Speaker,
    content: VoiceContent,
    expectedVersion: number,
    wheelAreas: readonly string[],
  ): Promise<Voice> {
    return this.scope.onCase(
      caseId,
      'voice.write',
      true,
      async (tx, access) => {
        if (access.kind !== 'consented') throw invalid('case', 'anonymous');
        const disclosure = this.scope.disclosure(access);
        assertMayWriteVoice(disclosure, speaker, wheelAreas);
        const { actor } = this.scope;
        const r = await tx.query<VoiceRow>(
          `INSERT INTO case_voice (case_id, speaker, version, org_unit_id, content, entered_by_tenant_id,
                                   entered_by_object_id, entered_by_name, entered_at)
           SELECT $1, $2, $3 + 1, $4, $5, $6, $7, $8, $9
            WHERE coalesce((SELECT max(version) FROM case_voice WHERE case_id = $1 AND speaker = $2), 0) = $3
           ON CONFLICT DO NOTHING RETURNING ${columns}`,
          [
            caseId,
            speaker,
            expectedVersion,
            access.orgUnitId,
            JSON.stringify(content),
            actor.tenantId,
            actor.objectId,
            actor.displayName,
            this.scope.now(),
          ],
        );
        const row = r.rows[0];
        if (row === undefined) throw conflict();
        return toVoice(row);
      },
      { oneStatement: true, keepsAccess: true },
    );
  }
}

/**
 * The child's own voice at the storage door, on both engines (issue 18 item 3): saved through the use
 * case as the child's own record apart from the professionals' assessments, every save a new version
 * naming the professional who entered it and when (earlier versions kept, a stale save a Conflict
 * that changes nothing), each guardian's view one record per guardian, audited reads and writes. The
 * visibility rule filters it: the child's record needs "the child's account and wishes", a guardian's
 * "home and family", each area its own category; a unit that sees only part cannot write. A stranger
 * gets NotFound; an anonymous consultation is refused (it has no identified child).
 */
import assert from 'node:assert/strict';
import { saveVoice, type VoiceInput } from '../../src/app/save-voice';
import { isDomainError } from '../../src/domain/errors';
import type { Database } from '../../src/storage/database';
import { dbKinds, openTestDatabase } from '../support/databases';
import {
  childIdentity,
  consentFor,
  contextAs,
  emptyDetails,
  FakeClock,
  people,
  reposAs,
  seedWorld,
  units,
} from '../support/world';

const isError = (code: string, field?: string) => (e: unknown) =>
  isDomainError(e) && e.code === code && (field === undefined || e.field === field);

const none = { good: '', hard: '', wish: '' };
const childSays: VoiceInput = {
  areas: {
    utveckling: { rating: 'happy', good: 'Jag gillar matte', hard: '', wish: '' },
    trygghet: { rating: 'sad', good: '', hard: 'Det är bråk hemma på kvällarna', wish: 'Att det blir lugnt' },
    halsa: { rating: 'so-so', ...none },
    respekteras: { rating: null, good: '', hard: '', wish: 'Att de lyssnar på mig' },
    fritid: { rating: null, ...none },
  },
  words: { good: 'Fotbollen', hard: 'Att somna', wish: 'Att Anna hjälper mig' },
  wishedLeadObjectId: people.anna.objectId,
};

async function auditRows(db: Database, caseId: string, action: string) {
  const r = await db.query<{ actor_object_id: string; outcome: string }>(
    'SELECT actor_object_id, outcome FROM audit_log WHERE case_id = $1 AND action = $2 ORDER BY seq',
    [caseId, action],
  );
  return r.rows.map((row) => `${row.actor_object_id}:${row.outcome}`);
}

for (const kind of dbKinds) {
  describe(`the child's own voice at the storage door [${kind}]`, function () {
    let db: Database;
    const clock = new FakeClock();
    let caseId: string;

    before(async () => {
      db = await openTestDatabase(kind);
      await seedWorld(db);
      const bo = reposAs(db, people.bo, clock);
      const kase = await bo.cases.createCase({
        kind: 'consented',
        details: emptyDetails,
        child: childIdentity,
        consent: consentFor([units.school], clock, 180, ['school-attendance-learning', 'child-account-wishes']),
      });
      caseId = kase.id;
      await bo.parties.addParty(caseId, { ...people.anna, role: 'participant' });
    });
    after(async () => db?.close());

    it("stores the child's record apart, versioned, naming who entered it and when; earlier versions kept", async () => {
      const first = await saveVoice(await contextAs(db, people.bo, clock), caseId, 'child', childSays, 0);
      assert.equal(first.version, 1);
      assert.deepEqual(first.enteredBy, {
        tenantId: people.bo.tenantId,
        objectId: people.bo.objectId,
        name: 'Bo Social',
      });
      assert.deepEqual(Object.keys(first.content.areas).sort(), ['halsa', 'respekteras', 'trygghet', 'utveckling']);
      assert.equal(first.content.wishedLead?.objectId, people.anna.objectId);
      clock.advance(60_000);
      const changed = { ...childSays, words: { ...childSays.words, good: 'Fotbollen och mormor' } };
      const second = await saveVoice(await contextAs(db, people.bo, clock), caseId, 'child', changed, 1);
      assert.equal(second.version, 2);

      const rows = await db.query<{
        speaker: string;
        version: number;
        entered_by_object_id: string;
        entered_by_name: string;
        entered_at: Date;
        content: { words: { good: string } };
      }>(
        'SELECT speaker, version, entered_by_object_id, entered_by_name, entered_at, content FROM case_voice WHERE case_id = $1 ORDER BY version',
        [caseId],
      );
      assert.deepEqual(
        rows.rows.map((r) => [r.speaker, r.version, r.entered_by_object_id, r.content.words.good]),
        [
          ['child', 1, people.bo.objectId, 'Fotbollen'],
          ['child', 2, people.bo.objectId, 'Fotbollen och mormor'],
        ],
      );
      assert.equal(new Date(rows.rows[1]?.entered_at ?? 0).toISOString(), clock.now().toISOString());
      const assessments = await db.query('SELECT 1 FROM assessment WHERE case_id = $1', [caseId]);
      assert.equal(assessments.rows.length, 0, "not a professional's assessment");
      const bo = people.bo.objectId;
      assert.deepEqual(await auditRows(db, caseId, 'voice.write'), [`${bo}:success`, `${bo}:success`]);
      const history = await db.query<{ type: string; detail: Record<string, unknown> }>(
        "SELECT type, detail FROM case_event WHERE case_id = $1 AND type = 'voice.entered' ORDER BY seq",
        [caseId],
      );
      assert.deepEqual(
        history.rows.map((h) => h.detail),
        [
          { speaker: 'child', version: 1 },
          { speaker: 'child', version: 2 },
        ],
        'the history says it was entered, not what',
      );
      const versions = await reposAs(db, people.bo, clock).voices.listVersions(caseId, 'child');
      assert.deepEqual(
        versions.map((v) => v.version),
        [1, 2],
      );
    });

    it('refuses a stale save (Conflict, audited) and keeps what was stored', async () => {
      await assert.rejects(
        saveVoice(await contextAs(db, people.bo, clock), caseId, 'child', { ...childSays, words: none }, 1),
        isError('Conflict'),
      );
      assert.ok((await auditRows(db, caseId, 'voice.write')).includes(`${people.bo.objectId}:conflict`));
      const [child] = await reposAs(db, people.bo, clock).voices.getVoices(caseId);
      assert.equal(child?.version, 2);
      assert.equal(child?.content.words.good, 'Fotbollen och mormor');
    });

    it("records each guardian's view on its own; a guardian not of the case, or a guardian's wish for lead, is refused", async () => {
      const guardian: VoiceInput = {
        areas: { trygghet: { rating: 'so-so', good: '', hard: 'Kvällarna är svåra', wish: 'Stöd hemma' } },
        words: none,
        wishedLeadObjectId: '',
      };
      const ctx = await contextAs(db, people.bo, clock);
      assert.equal((await saveVoice(ctx, caseId, 'guardian-1', guardian, 0)).version, 1);
      assert.equal((await saveVoice(ctx, caseId, 'guardian-0', { ...guardian, areas: {} }, 0)).version, 1);
      await assert.rejects(saveVoice(ctx, caseId, 'guardian-2', guardian, 0), isError('Invalid', 'speaker'));
      await assert.rejects(
        saveVoice(ctx, caseId, 'guardian-1', { ...guardian, wishedLeadObjectId: people.anna.objectId }, 1),
        isError('Invalid', 'wishedLeadObjectId'),
      );
      await assert.rejects(
        saveVoice(ctx, caseId, 'child', { ...childSays, wishedLeadObjectId: people.eve.objectId }, 2),
        isError('Invalid', 'wishedLeadObjectId'),
        'the wish names a party of the case',
      );
      const voices = await reposAs(db, people.bo, clock).voices.getVoices(caseId);
      assert.deepEqual(
        voices.map((v) => [v.speaker, v.version]),
        [
          ['child', 2],
          ['guardian-0', 1],
          ['guardian-1', 1],
        ],
      );
    });

    it('shows another unit only what its consent covers, and it may not write what it cannot wholly see', async () => {
      const anna = reposAs(db, people.anna, clock);
      const seen = await anna.voices.getVoices(caseId);
      assert.deepEqual(
        seen.map((v) => v.speaker),
        ['child'],
        "the guardians' views are home and family",
      );
      assert.deepEqual(Object.keys(seen[0]?.content.areas ?? {}).sort(), ['respekteras', 'utveckling']);
      assert.equal(seen[0]?.content.words.hard, 'Att somna');
      assert.ok(!JSON.stringify(seen).includes('bråk hemma'), 'the home area left the door');
      assert.ok((await auditRows(db, caseId, 'voice.read')).includes(`${people.anna.objectId}:success`));
      await assert.rejects(
        saveVoice(await contextAs(db, people.anna, clock), caseId, 'child', childSays, 2),
        isError('Forbidden'),
      );
      assert.ok((await auditRows(db, caseId, 'voice.write')).includes(`${people.anna.objectId}:denied`));
    });

    it('is not found for a stranger, audited as denied', async () => {
      await assert.rejects(reposAs(db, people.eve, clock).voices.getVoices(caseId), isError('NotFound'));
      assert.ok((await auditRows(db, caseId, 'voice.read')).includes(`${people.eve.objectId}:denied`));
    });

    it('refuses an anonymous consultation (no identified child); nothing stored', async () => {
      const anon = await reposAs(db, people.anna, clock).cases.createCase({ kind: 'anonymous', details: emptyDetails });
      await assert.rejects(
        saveVoice(await contextAs(db, people.anna, clock), anon.id, 'child', childSays, 0),
        isError('Invalid', 'case'),
      );
      const repos = reposAs(db, people.anna, clock);
      await assert.rejects(
        repos.voices.saveVoice(anon.id, 'child', { areas: {}, words: none, wishedLead: null }, 0, []),
        (e: unknown) => isDomainError(e) && e.code === 'Invalid' && e.detail === 'anonymous',
      );
      assert.ok((await auditRows(db, anon.id, 'voice.write')).includes(`${people.anna.objectId}:invalid`));
      assert.deepEqual(await repos.voices.getVoices(anon.id), []);
      const stored = await db.query('SELECT 1 FROM case_voice WHERE case_id = $1', [anon.id]);
      assert.equal(stored.rows.length, 0);
    });
  });
}

/**
 * The case's GIRFEC lenses at the storage door, on both engines: choosing and saving through the use
 * cases stores one versioned row (a stale save is a Conflict), every read and write leaves its audit
 * row, and the one visibility rule filters each lens part by its category (config/field-categories.json):
 * a unit covered for home and family sees the triangle's home sides and the matrix, not "how I grow"
 * (physical and mental health). A party who sees only part may choose lenses but not write content.
 * In an anonymous consultation an identifying text is refused naming its field; nothing is stored.
 */
import assert from 'node:assert/strict';
import { chooseLenses } from '../../src/app/choose-lenses';
import { saveLens } from '../../src/app/save-lens';
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

const triangle = {
  kind: 'triangle' as const,
  sides: {
    'how-i-grow': { strengths: 'Läser gärna', worries: 'Sover dåligt' },
    'what-i-need': { strengths: 'Mormor hämtar', worries: 'Oro hemma på kvällarna' },
    'my-wider-world': { strengths: 'Fotbollslaget', worries: '' },
  },
};
const matrix = {
  kind: 'matrix' as const,
  placement: { x: -1, y: 2 },
  notes: { 'resilience-adversity': 'Klarar mycket trots trångboddhet', 'vulnerability-protective': '  ' },
};

async function auditRows(db: Database, caseId: string, action: string) {
  const r = await db.query<{ actor_object_id: string; outcome: string }>(
    'SELECT actor_object_id, outcome FROM audit_log WHERE case_id = $1 AND action = $2 ORDER BY seq',
    [caseId, action],
  );
  return r.rows.map((row) => `${row.actor_object_id}:${row.outcome}`);
}

for (const kind of dbKinds) {
  describe(`case lenses at the storage door [${kind}]`, function () {
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
        consent: consentFor([units.school], clock, 180, ['school-attendance-learning', 'home-family']),
      });
      caseId = kase.id;
      await bo.parties.addParty(caseId, { ...people.anna, role: 'participant' });
    });
    after(async () => db?.close());

    it('stores the choice and each lens, versioned, with an audit row per read and write', async () => {
      const chosen = await chooseLenses(
        await contextAs(db, people.bo, clock),
        caseId,
        ['resilience-matrix', 'my-world-triangle'],
        0,
      );
      assert.deepEqual(chosen.chosen, ['my-world-triangle', 'resilience-matrix'], 'in the configured order');
      assert.equal(chosen.version, 1);
      const t = await saveLens(await contextAs(db, people.bo, clock), caseId, 'my-world-triangle', triangle, 1);
      assert.equal(t.version, 2);
      const m = await saveLens(await contextAs(db, people.bo, clock), caseId, 'resilience-matrix', matrix, 2);
      assert.equal(m.version, 3);

      const row = await db.query<{ chosen: string[]; content: Record<string, unknown>; version: number }>(
        'SELECT chosen, content, version FROM case_lens WHERE case_id = $1',
        [caseId],
      );
      assert.deepEqual(row.rows[0]?.chosen, ['my-world-triangle', 'resilience-matrix']);
      assert.equal(row.rows[0]?.version, 3);
      assert.deepEqual(row.rows[0]?.content, {
        'my-world-triangle': triangle,
        'resilience-matrix': {
          kind: 'matrix',
          placement: { x: -1, y: 2 },
          notes: { 'resilience-adversity': 'Klarar mycket trots trångboddhet' },
        },
      });
      const bo = people.bo.objectId;
      assert.deepEqual(await auditRows(db, caseId, 'lens.write'), [`${bo}:success`, `${bo}:success`, `${bo}:success`]);
      assert.ok((await auditRows(db, caseId, 'lens.read')).includes(`${bo}:success`), 'the save read first');
    });

    it('refuses a stale save (Conflict, audited) and keeps what was stored', async () => {
      await assert.rejects(
        saveLens(
          await contextAs(db, people.bo, clock),
          caseId,
          'my-world-triangle',
          { kind: 'triangle', sides: {} },
          1,
        ),
        isError('Conflict'),
      );
      assert.ok((await auditRows(db, caseId, 'lens.write')).includes(`${people.bo.objectId}:conflict`));
      const stored = await reposAs(db, people.bo, clock).lenses.getLenses(caseId);
      assert.equal(stored.version, 3);
      assert.deepEqual(stored.content['my-world-triangle'], triangle);
    });

    it('shows another unit only the parts its consent covers; that unit may choose but not write', async () => {
      const anna = reposAs(db, people.anna, clock);
      const seen = await anna.lenses.getLenses(caseId);
      const t = seen.content['my-world-triangle'];
      assert.equal(t?.kind, 'triangle');
      assert.deepEqual(Object.keys(t?.kind === 'triangle' ? t.sides : {}), ['what-i-need', 'my-wider-world']);
      assert.deepEqual(seen.content['resilience-matrix'], row(matrix));
      assert.ok(!JSON.stringify(seen).includes('Sover dåligt'), 'health left the door');
      assert.ok((await auditRows(db, caseId, 'lens.read')).includes(`${people.anna.objectId}:success`));

      await assert.rejects(
        saveLens(await contextAs(db, people.anna, clock), caseId, 'my-world-triangle', triangle, 3),
        isError('Forbidden'),
      );
      const after = await chooseLenses(await contextAs(db, people.anna, clock), caseId, ['resilience-matrix'], 3);
      assert.deepEqual(after.chosen, ['resilience-matrix']);
      assert.ok(!JSON.stringify(after).includes('Sover dåligt'), 'the write answers as a read does');
      const whole = await reposAs(db, people.bo, clock).lenses.getLenses(caseId);
      assert.deepEqual(whole.content['my-world-triangle'], triangle, 'choosing kept every lens whole');
      await assert.rejects(
        saveLens(await contextAs(db, people.bo, clock), caseId, 'my-world-triangle', triangle, 4),
        isError('Invalid', 'lens'),
        'a lens the case no longer uses',
      );
    });

    it('is not found for a stranger, audited as denied', async () => {
      await assert.rejects(reposAs(db, people.eve, clock).lenses.getLenses(caseId), isError('NotFound'));
      assert.ok((await auditRows(db, caseId, 'lens.read')).includes(`${people.eve.objectId}:denied`));
    });

    it('refuses identifying text in an anonymous consultation, naming the field; nothing stored', async () => {
      const anon = await reposAs(db, people.anna, clock).cases.createCase({ kind: 'anonymous', details: emptyDetails });
      const ctx = await contextAs(db, people.anna, clock);
      await chooseLenses(ctx, anon.id, ['my-world-triangle', 'resilience-matrix'], 0);
      await assert.rejects(
        saveLens(
          await contextAs(db, people.anna, clock),
          anon.id,
          'my-world-triangle',
          { kind: 'triangle', sides: { 'what-i-need': { strengths: '', worries: 'Pappa ringer 070-123 45 67' } } },
          1,
        ),
        isError('IdentifyingData', 'my-world-triangle.what-i-need.worries'),
      );
      await assert.rejects(
        saveLens(
          await contextAs(db, people.anna, clock),
          anon.id,
          'resilience-matrix',
          { kind: 'matrix', placement: null, notes: { 'vulnerability-adversity': 'pnr 20150412-2381' } },
          1,
        ),
        isError('IdentifyingData', 'resilience-matrix.notes.vulnerability-adversity'),
      );
      const stored = await reposAs(db, people.anna, clock).lenses.getLenses(anon.id);
      assert.deepEqual(stored.content, {});
      assert.equal(stored.version, 1);
      assert.ok((await auditRows(db, anon.id, 'lens.write')).includes(`${people.anna.objectId}:invalid`));
    });
  });
}

/** The matrix as stored: empty notes dropped. */
function row(m: typeof matrix) {
  return { ...m, notes: { 'resilience-adversity': m.notes['resilience-adversity'] } };
}

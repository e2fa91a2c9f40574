/**
 * Issue 22 item 4: the database round trips of one card action (the wheel save the bench measures),
 * counted on both engines — every statement the turn sends, BEGIN and COMMIT included. The bound is
 * what the design reaches today (docs/benchmarks.md), so that a change that adds a round trip fails.
 * The effects are asserted too: the saved entry, the draft gone, the audit rows of the action.
 */
import assert from 'node:assert/strict';
import { dbKinds } from '../support/databases';
import { countingDatabase, type RoundTrips } from '../support/round-trips';
import { emptyDetails, people, reposAs } from '../support/world';
import { startBot, type BotHarness } from './harness';

/**
 * Statements of one wheel save by someone the bot met a moment ago (who they are is kept, organisations.ts
 * `findKnownActorAndLocale`): BEGIN … COMMIT.
 */
export const wheelSaveStatements = 8;
/**
 * Round trips: the access check with the case row, the caller's entry and the parties; the save; the
 * COMMIT with the audit rows (the rest ride on PostgreSQL's pipelined connection with them).
 */
export const wheelSaveRoundTrips = 3;

for (const kind of dbKinds) {
  describe(`round trips of a card action [${kind}]`, function () {
    this.timeout(60_000);
    let bot: BotHarness;
    let trips: RoundTrips;
    beforeEach(async () => {
      bot = await startBot(kind, {
        database: (db) => {
          const counted = countingDatabase(db);
          trips = counted.trips;
          return counted.db;
        },
      });
    });
    afterEach(async () => bot.close());

    it(`a wheel save sends at most ${wheelSaveStatements} statements in ${wheelSaveRoundTrips} round trips, and saves and audits what it did`, async () => {
      const kase = await reposAs(bot.db, people.anna, bot.clock).cases.createCase({
        kind: 'anonymous',
        details: emptyDetails,
      });
      await bot.invoke(people.anna, 'wheel.draft', { caseId: kase.id, version: '0', 'tillhorighet.level': 'some' });
      for (const version of [0, 1]) {
        trips.reset();
        const saved = await bot.invoke(people.anna, 'wheel.submit', {
          caseId: kase.id,
          version: String(version),
          'tillhorighet.level': version === 0 ? 'some' : 'none',
        });
        assert.equal(saved.status, 200);
        const sent = [...trips.statements];
        const listed = sent.map((x) => `${trips.waited.includes(x) ? '' : '(sent) '}${x.slice(0, 140)}`).join('\n  ');
        assert.ok(
          sent.length <= wheelSaveStatements,
          `${sent.length} statements (bound ${wheelSaveStatements}):\n  ${listed}`,
        );
        assert.ok(
          trips.count <= wheelSaveRoundTrips,
          `${trips.count} round trips (bound ${wheelSaveRoundTrips}):\n  ${listed}`,
        );
        assert.ok(
          sent.some((x) => x.startsWith('SAVEPOINT')) && !trips.waited.some((x) => x.startsWith('SAVEPOINT')),
          'the savepoint rides with the save',
        );
        assert.ok(
          !trips.waited.some((x) => x.startsWith('INSERT INTO audit_log')),
          'the audit rows ride with the COMMIT',
        );
        assert.equal(sent.filter((s) => s === 'BEGIN').length, 1, 'one transaction');
        assert.equal(sent.filter((s) => /FOR UPDATE/.test(s)).length, 1, 'the case row locked once, at the first read');
      }
      const entry = await bot.db.query<{ version: number; areas: Record<string, { level?: string }> }>(
        'SELECT version, areas FROM assessment WHERE case_id = $1 AND author_object_id = $2',
        [kase.id, people.anna.objectId],
      );
      assert.equal(entry.rows[0]?.version, 2);
      assert.equal(entry.rows[0]?.areas.tillhorighet?.level, 'none');
      assert.equal(
        (await bot.db.query('SELECT 1 FROM form_draft WHERE case_key = $1', [kase.id])).rows.length,
        0,
        'the draft went with the save',
      );
      const audit = await bot.db.query<{ action: string; outcome: string }>(
        "SELECT action, outcome FROM audit_log WHERE case_id = $1 AND action = 'assessment.write' ORDER BY seq",
        [kase.id],
      );
      assert.deepEqual(
        audit.rows.map((r) => r.outcome),
        ['success', 'success'],
      );
    });

    it('a stale save is refused as a conflict, audited, and the lock read serves the draft kept for it', async () => {
      const kase = await reposAs(bot.db, people.anna, bot.clock).cases.createCase({
        kind: 'anonymous',
        details: emptyDetails,
      });
      await bot.invoke(people.anna, 'wheel.submit', { caseId: kase.id, version: '0', 'tillhorighet.level': 'some' });
      trips.reset();
      const stale = await bot.invoke(people.anna, 'wheel.submit', {
        caseId: kase.id,
        version: '0',
        'tillhorighet.level': 'none',
      });
      assert.equal(stale.status, 200);
      assert.ok(
        trips.statements.length <= wheelSaveStatements + 4,
        trips.statements.map((x) => x.slice(0, 140)).join('\n'),
      );
      const outcomes = await bot.db.query<{ outcome: string }>(
        "SELECT outcome FROM audit_log WHERE case_id = $1 AND action = 'assessment.write' ORDER BY seq",
        [kase.id],
      );
      assert.deepEqual(
        outcomes.rows.map((r) => r.outcome),
        ['success', 'conflict'],
      );
      const draft = await bot.db.query<{ n: number }>('SELECT count(*)::int AS n FROM form_draft WHERE case_key = $1', [
        kase.id,
      ]);
      assert.equal(draft.rows[0]?.n, 1, 'what was typed is kept as the draft');
    });
  });
}

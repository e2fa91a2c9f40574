/**
 * One transaction per turn (src/storage/unit-of-work.ts): the turn's repository calls share it, their
 * audit rows are appended together at the commit, a failed writing call undoes only its own writes,
 * and a turn that fails unexpectedly is rolled back with its attempts still audited.
 */
import assert from 'node:assert/strict';
import { anyAreas } from '../support/rules';
import { invalid } from '../../src/domain/errors';
import { readAuditRows, verifyAuditLog } from '../../src/storage/audit-reader';
import type { Database, Tx } from '../../src/storage/database';
import { repositoriesFor } from '../../src/storage/repositories';
import { UnitOfWork } from '../../src/storage/unit-of-work';
import { dbKinds, openTestDatabase } from '../support/databases';
import { countingDatabase } from '../support/round-trips';
import { emptyDetails, FakeClock, people, reposAs, seedWorld } from '../support/world';

/** The database with a count of the transactions begun on it. */
function counting(db: Database): Database & { transactions: number } {
  const counted = {
    kind: db.kind,
    transactions: 0,
    query: db.query.bind(db),
    close: db.close.bind(db),
    transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      counted.transactions++;
      return db.transaction(fn);
    },
  };
  return counted;
}

for (const kind of dbKinds) {
  describe(`unit of work: one transaction per turn [${kind}]`, function () {
    let db: Database;
    let caseId: string;
    const clock = new FakeClock();

    beforeEach(async () => {
      db = await openTestDatabase(kind);
      await seedWorld(db);
      caseId = (await reposAs(db, people.anna, clock).cases.createCase({ kind: 'anonymous', details: emptyDetails }))
        .id;
    });
    afterEach(async () => db?.close());

    const requestIdOf = (name: string) => `req-${name}-${kind}`;
    /** The audit rows of one turn, by the name its request id was made from. */
    const auditOf = async (name: string) => (await readAuditRows(db)).filter((r) => r.requestId === requestIdOf(name));

    it('runs a turn of reads and writes in one transaction and appends its audit rows together, in call order', async () => {
      const base = counting(db);
      const unit = new UnitOfWork(base);
      const repos = repositoriesFor(unit, people.anna, requestIdOf('turn'), clock);
      await unit.run(async () => {
        await repos.cases.getCase(caseId);
        const mine = await repos.assessments.getMyAssessment(caseId);
        await repos.assessments.saveAssessment(
          caseId,
          { answers: { q1: 'Sömnbrist' }, areas: {} },
          mine?.version ?? 0,
          anyAreas({ answers: { q1: 'Sömnbrist' }, areas: {} }),
        );
        await repos.drafts.deleteDraft('wheel', caseId);
        // A direct statement inside the unit runs on its transaction (on PGlite it would otherwise wait for it forever).
        assert.equal((await unit.query<{ n: number }>('SELECT count(*)::int AS n FROM assessment')).rows[0]?.n, 1);
        await repos.parties.listParties(caseId);
      });
      assert.equal(base.transactions, 1, 'one transaction for the whole turn');
      const rows = await auditOf('turn');
      assert.deepEqual(
        rows.map((r) => [r.action, r.outcome]),
        [
          ['case.read', 'success'],
          ['assessment.read', 'success'],
          ['assessment.write', 'success'],
          ['draft.write', 'success'],
          ['party.list', 'success'],
        ],
      );
      assert.deepEqual(
        rows.map((r) => r.seq),
        rows.map((_, i) => (rows[0]?.seq ?? 0) + i),
        'written in order, in one statement',
      );
      assert.equal((await verifyAuditLog(db)).firstBreak, null);
    });

    it('reads the case with its access check once, and again after a write in the turn changed it', async () => {
      const statements: string[] = [];
      const watched: Database = {
        kind: db.kind,
        query: db.query.bind(db),
        close: db.close.bind(db),
        transaction: (fn) =>
          db.transaction((tx) =>
            fn({
              query: (text, params) => (statements.push(text), tx.query(text, params)),
              exec: (script) => tx.exec(script),
              send: (text, params) => tx.send(text, params),
            }),
          ),
      };
      const unit = new UnitOfWork(watched);
      const repos = repositoriesFor(unit, people.anna, requestIdOf('case-row'), clock);
      const caseReads = () => statements.filter((s) => /FROM child_case c WHERE c\.id = \$1$/.test(s.trim())).length;
      const stages = await unit.run(
        async () => {
          const before = await repos.cases.getCase(caseId);
          const again = await repos.cases.getCase(caseId);
          assert.equal(caseReads(), 0, 'the access check brought the case row');
          await repos.cases.changeStage(caseId, () => 'closed', 'Inget mer att göra');
          const after = await repos.cases.getCase(caseId);
          return [before.stage, again.stage, after.stage];
        },
        { lockCaseReads: true },
      );
      assert.deepEqual(stages, ['consultation', 'consultation', 'closed']);
      assert.equal((await repos.cases.getCase(caseId)).stage, 'closed');
    });

    it('reads started together share one access check and are sent with it: one round trip', async () => {
      const counted = countingDatabase(db);
      const unit = new UnitOfWork(counted.db);
      const repos = repositoriesFor(unit, people.anna, requestIdOf('together'), clock);
      await reposAs(db, people.anna, clock).assessments.saveAssessment(
        caseId,
        { answers: { q1: 'Sömnbrist' }, areas: {} },
        0,
        anyAreas({ answers: { q1: 'Sömnbrist' }, areas: {} }),
      );
      counted.trips.reset();
      const [kase, mine, parties] = await unit.run(() =>
        Promise.all([
          repos.cases.getCase(caseId),
          repos.assessments.getMyAssessment(caseId),
          repos.parties.listPartiesWithTeamsIds(caseId),
        ]),
      );
      assert.equal(kase.id, caseId);
      assert.equal(mine?.answers.q1, 'Sömnbrist');
      assert.deepEqual(
        parties.parties.map((p) => p.objectId),
        [people.anna.objectId],
      );
      const checks = counted.trips.statements.filter((s) => /FROM child_case c WHERE c\.id = \$1/.test(s));
      assert.equal(checks.length, 1, 'one access check for the three reads');
      // The reads with their check, then the COMMIT with the audit rows.
      assert.equal(counted.trips.count, 2, counted.trips.statements.join('\n'));
      const rows = await auditOf('together');
      assert.deepEqual(rows.map((r) => [r.action, r.outcome]).sort(), [
        ['assessment.read', 'success'],
        ['case.read', 'success'],
        ['party.list', 'success'],
      ]);
    });

    it('reads a non-party started together hand out nothing of what was sent with the check: NotFound, each denial audited', async () => {
      const unit = new UnitOfWork(db);
      const repos = repositoriesFor(unit, people.bo, requestIdOf('together-denied'), clock);
      const settled = await unit.run(() =>
        Promise.allSettled([repos.assessments.getMyAssessment(caseId), repos.parties.listPartiesWithTeamsIds(caseId)]),
      );
      assert.deepEqual(
        settled.map((r) => (r.status === 'rejected' ? (r.reason as { code?: string }).code : r.value)),
        ['NotFound', 'NotFound'],
      );
      const rows = await auditOf('together-denied');
      assert.deepEqual(rows.map((r) => [r.action, r.outcome]).sort(), [
        ['assessment.read', 'denied'],
        ['party.list', 'denied'],
      ]);
    });

    it('a refused call inside the turn undoes only its own writes; the rest commits and the refusal is audited', async () => {
      const unit = new UnitOfWork(db);
      const repos = repositoriesFor(unit, people.anna, requestIdOf('refused'), clock);
      await unit.run(async () => {
        await repos.assessments.saveAssessment(
          caseId,
          { answers: { q1: 'Första' }, areas: {} },
          0,
          anyAreas({ answers: { q1: 'Första' }, areas: {} }),
        );
        // A stale version: Conflict, nothing of it written.
        await assert.rejects(
          repos.assessments.saveAssessment(
            caseId,
            { answers: { q1: 'Gammalt fönster' }, areas: {} },
            0,
            anyAreas({ answers: { q1: 'Gammalt fönster' }, areas: {} }),
          ),
          { code: 'Conflict' },
        );
        // A savepoint also undoes a write made before a refusal in the same call.
        await assert.rejects(
          unit.transaction(async (tx) => {
            await tx.query('UPDATE assessment SET answers = \'{"q1":"halvvägs"}\' WHERE case_id = $1', [caseId]);
            throw invalid('answers');
          }),
        );
        await repos.drafts.saveDraft('wheel', caseId, { 'omsorg.strengths': 'Kvar' });
      });
      const stored = (
        await db.query<{ answers: { q1: string }; version: number }>(
          'SELECT answers, version FROM assessment WHERE case_id = $1',
          [caseId],
        )
      ).rows;
      assert.deepEqual(
        stored.map((r) => [r.answers.q1, r.version]),
        [['Första', 1]],
      );
      assert.equal(
        (await db.query('SELECT 1 FROM form_draft WHERE case_key = $1', [caseId])).rows.length,
        1,
        'the later write of the turn is kept',
      );
      const rows = await auditOf('refused');
      assert.deepEqual(
        rows.map((r) => [r.action, r.outcome]),
        [
          ['assessment.write', 'success'],
          ['assessment.write', 'conflict'],
          ['draft.write', 'success'],
        ],
      );
    });

    it('a non-party inside a turn gets NotFound, audited as denied with the turn', async () => {
      const unit = new UnitOfWork(db);
      const repos = repositoriesFor(unit, people.bo, requestIdOf('denied'), clock);
      await assert.rejects(
        unit.run(() => repos.cases.getCase(caseId)),
        { code: 'NotFound' },
      );
      const rows = await auditOf('denied');
      assert.deepEqual(
        rows.map((r) => [r.action, r.outcome, r.caseId]),
        [['case.read', 'denied', caseId]],
      );
    });

    it('an unexpected failure rolls the whole turn back; its attempts are still audited, the undone successes as errors', async () => {
      const unit = new UnitOfWork(db);
      const repos = repositoriesFor(unit, people.anna, requestIdOf('failed'), clock);
      await assert.rejects(
        unit.run(async () => {
          await repos.assessments.saveAssessment(
            caseId,
            { answers: { q1: 'Ångras' }, areas: {} },
            0,
            anyAreas({ answers: { q1: 'Ångras' }, areas: {} }),
          );
          await unit.query('SELECT no_such_column FROM assessment');
        }),
        /no_such_column/,
      );
      assert.equal(
        (await db.query('SELECT 1 FROM assessment WHERE case_id = $1', [caseId])).rows.length,
        0,
        'the save was rolled back',
      );
      const rows = await auditOf('failed');
      assert.deepEqual(
        rows.map((r) => [r.action, r.outcome]),
        [['assessment.write', 'error']],
      );
      assert.equal((await verifyAuditLog(db)).firstBreak, null);
    });

    it('a turn that never reaches the database opens no transaction', async () => {
      const base = counting(db);
      const unit = new UnitOfWork(base);
      assert.equal(await unit.run(async () => 'kort'), 'kort');
      assert.equal(base.transactions, 0);
    });
  });
}

describe('unit of work: the database cannot begin a transaction', () => {
  it('the turn fails with the database error, and nothing is left unhandled', async () => {
    const down: Database = {
      kind: 'postgres',
      query: () => Promise.reject(new Error('connect ECONNREFUSED')),
      transaction: () => Promise.reject(new Error('connect ECONNREFUSED')),
      close: async () => undefined,
    };
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const unit = new UnitOfWork(down);
      const repos = repositoriesFor(unit, people.anna, 'req-down', new FakeClock());
      await assert.rejects(
        unit.run(() => repos.cases.getCase('6f1c2f55-3f7e-4c59-9f5b-0c7a4f4b2b11')),
        /ECONNREFUSED/,
      );
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

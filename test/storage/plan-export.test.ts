/**
 * The agency copy of the agreed plan at the storage door, on both engines: filtered by the categories
 * the reader's unit may see (as every read), the current agreed version only (a later draft is not
 * exported), NotFound for a stranger or before any plan is agreed — each attempt audited as
 * plan.agencyExport, allowed or denied.
 */
import assert from 'node:assert/strict';
import { isDomainError } from '../../src/domain/errors';
import { planWriteRule } from '../../src/domain/plan';
import type { Database } from '../../src/storage/database';
import { familyPlansFor } from '../../src/storage/family-plan-repository';
import { spanningDetails, spanningPlan, schoolArea } from '../support/categories';
import { dbKinds, openTestDatabase } from '../support/databases';
import { childIdentity, consentFor, FakeClock, people, reposAs, seedWorld, units } from '../support/world';

const plan = spanningPlan({
  tenantId: people.bo.tenantId,
  objectId: people.bo.objectId,
  displayName: people.bo.displayName,
  orgUnitId: units.social,
});
const notFound = (e: unknown) => isDomainError(e) && e.code === 'NotFound';

async function auditRows(db: Database, caseId: string) {
  const r = await db.query<{ actor_object_id: string; outcome: string }>(
    "SELECT actor_object_id, outcome FROM audit_log WHERE case_id = $1 AND action = 'plan.agencyExport' ORDER BY at, seq",
    [caseId],
  );
  return r.rows.map((row) => `${row.actor_object_id}:${row.outcome}`);
}

for (const kind of dbKinds) {
  describe(`the agency copy of the plan at the storage door [${kind}]`, function () {
    let db: Database;
    const clock = new FakeClock();
    let caseId: string;

    before(async () => {
      db = await openTestDatabase(kind);
      await seedWorld(db);
      const bo = reposAs(db, people.bo, clock);
      const kase = await bo.cases.createCase({
        kind: 'consented',
        details: spanningDetails,
        child: childIdentity,
        consent: consentFor([units.school], clock, 180, ['school-attendance-learning']),
      });
      caseId = kase.id;
      await bo.parties.addParty(caseId, { ...people.anna, role: 'participant' });
    });
    after(async () => db?.close());

    it('nothing to export before a plan is agreed; then the agreed version, filtered for a partial view', async () => {
      const copy = (who: typeof people.bo) => familyPlansFor(db, who, 'req', clock).agencyCopy(caseId);
      await assert.rejects(copy(people.bo), notFound);
      const bo = reposAs(db, people.bo, clock);
      await bo.plans.savePlan(caseId, plan, true, 0, planWriteRule(plan, true));
      // A later draft is not the agreed plan.
      const draft = { ...plan, reason: 'Utkast som inte är godkänt' };
      await bo.plans.savePlan(caseId, draft, false, 1, planWriteRule(draft, false));

      const whole = await copy(people.bo);
      assert.equal(whole.plan.version, 1);
      assert.equal(whole.plan.content.reason, plan.reason);
      assert.equal(whole.disclosure.seen, 'all');
      assert.equal(whole.consents.length, 1);
      assert.match(whole.reference, /^\d{4}-\d{4}$/);

      const school = await copy(people.anna);
      assert.deepEqual(school.disclosure.seen, ['school-attendance-learning']);
      assert.deepEqual(
        school.plan.content.needs.map((n) => n.areaId),
        [schoolArea],
      );
      assert.deepEqual(school.plan.content.actions, []);
      assert.equal(school.plan.content.reason, '');

      await assert.rejects(copy(people.cia), notFound);
      const bo1 = people.bo.objectId;
      assert.deepEqual(await auditRows(db, caseId), [
        `${bo1}:denied`,
        `${bo1}:success`,
        `${people.anna.objectId}:success`,
        `${people.cia.objectId}:denied`,
      ]);
    });
  });
}

/**
 * The golden rule field by field at the storage door: a unit whose consent covers only "school
 * attendance and learning" sees the child's identity, the school areas of the wheel and the plan
 * parts of that category — nothing of health or home — while the case's own unit sees everything.
 * A second consent adds its categories; withdrawing it takes them away again at once.
 */
import assert from 'node:assert/strict';
import { planWriteRule } from '../../src/domain/plan';
import { followUpWriteRule, type FollowUpRecord } from '../../src/domain/follow-up';
import { isDomainError } from '../../src/domain/errors';
import type { Database } from '../../src/storage/database';
import { dbKinds, openTestDatabase } from '../support/databases';
import { anyAreas } from '../support/rules';
import {
  healthArea,
  hiddenFromSchool,
  homeArea,
  schoolArea,
  spanningAssessment,
  spanningDetails,
  spanningPlan,
} from '../support/categories';
import { childIdentity, consentFor, FakeClock, people, reposAs, seedWorld, stageAs, units } from '../support/world';

const fullPlan = spanningPlan({
  tenantId: people.bo.tenantId,
  objectId: people.bo.objectId,
  displayName: people.bo.displayName,
  orgUnitId: units.social,
});

const isCode = (code: string) => (e: unknown) => isDomainError(e) && e.code === code;

for (const kind of dbKinds) {
  describe(`information categories at the storage door [${kind}]`, function () {
    let db: Database;
    const clock = new FakeClock();
    let caseId: string;

    before(async () => {
      db = await openTestDatabase(kind);
      await seedWorld(db);
      // Social services own the case; the school is covered for school attendance and learning only.
      const bo = reposAs(db, people.bo, clock);
      const kase = await bo.cases.createCase({
        kind: 'consented',
        details: spanningDetails,
        child: childIdentity,
        consent: consentFor([units.school], clock, 180, ['school-attendance-learning']),
      });
      caseId = kase.id;
      await bo.parties.addParty(caseId, { ...people.anna, role: 'participant' });
      const assessment = spanningAssessment;
      await bo.assessments.saveAssessment(caseId, assessment, 0, anyAreas(assessment));
      await bo.plans.savePlan(caseId, fullPlan, true, 0, planWriteRule(fullPlan, true));
      const record: FollowUpRecord = {
        actionResults: [{ action: 0, status: 'partly', evidence: 'Närvaron har ökat' }],
        areaLevels: { [schoolArea]: 'some', [healthArea]: 'some', [homeArea]: 'some' },
        nextFollowUpDate: '2026-05-01',
        outcome: 'continue',
        reason: '',
      };
      const [reviewed] = await bo.plans.listPlanVersions(caseId);
      assert.ok(reviewed);
      await bo.followUps.recordFollowUp(
        caseId,
        { reviewed, content: { ...fullPlan, followUpDate: '2026-05-01' }, record },
        1,
        followUpWriteRule(record, fullPlan, '2026-03-02'),
      );
    });
    after(async () => db?.close());

    it('the school sees identity, the school area and the school plan parts, nothing of health or home', async () => {
      const anna = reposAs(db, people.anna, clock);
      const kase = await anna.cases.getCase(caseId);
      assert.equal(kase.child?.name, childIdentity.name, 'identity: any consent in force');
      assert.equal(kase.child?.personnummer, childIdentity.personnummer);
      assert.deepEqual(kase.details.worryAreas, [schoolArea]);
      assert.equal(kase.details.schoolYear, 'åk 5');
      assert.equal(kase.details.observations, '', 'free text that may hold anything needs every category');
      assert.equal(kase.details.tried, '', 'support given is not consented');

      const [entry] = await anna.assessments.listAssessments(caseId);
      assert.ok(entry);
      assert.deepEqual(Object.keys(entry.areas), [schoolArea]);
      assert.deepEqual(entry.answers, {});

      const plan = await anna.plans.getCurrentPlan(caseId);
      assert.ok(plan);
      assert.deepEqual(
        plan.content.needs.map((n) => n.areaId),
        [schoolArea],
      );
      assert.equal(plan.content.reason, '');
      assert.deepEqual(plan.content.goals, []);
      assert.deepEqual(plan.content.actions, []);
      assert.equal(plan.content.disagreements, '');
      assert.equal(plan.content.childsWishForLead, '');
      assert.equal(plan.content.leadProfessional?.displayName, people.bo.displayName, 'who leads: about the case');
      assert.equal(plan.content.followUpDate, '2026-05-01');
      const versions = await anna.plans.listPlanVersions(caseId);
      assert.deepEqual(
        versions.map((v) => v.content.needs.map((n) => n.areaId)),
        [[schoolArea], [schoolArea]],
      );

      const [followUp] = await anna.followUps.listFollowUps(caseId);
      assert.ok(followUp);
      assert.deepEqual(Object.keys(followUp.areaLevels), [schoolArea]);
      assert.deepEqual(followUp.actionResults, []);

      const text = JSON.stringify([kase, entry, plan, versions, followUp]);
      for (const hidden of hiddenFromSchool) assert.ok(!text.includes(hidden), `"${hidden}" left the door`);
    });

    it('the owning unit sees everything', async () => {
      const bo = reposAs(db, people.bo, clock);
      const kase = await bo.cases.getCase(caseId);
      assert.deepEqual(kase.details.worryAreas, [schoolArea, healthArea, homeArea]);
      assert.equal(kase.details.observations, 'Sover dåligt, bråk hemma');
      const [entry] = await bo.assessments.listAssessments(caseId);
      assert.deepEqual(Object.keys(entry?.areas ?? {}).sort(), [healthArea, homeArea, schoolArea].sort());
      const plan = await bo.plans.getCurrentPlan(caseId);
      assert.equal(plan?.content.needs.length, 3);
      assert.equal(plan?.content.reason, fullPlan.reason);
      assert.deepEqual(plan?.content.actions, fullPlan.actions);
    });

    it('a writer who sees only some categories may not write the plan (it would erase the rest)', async () => {
      const anna = reposAs(db, people.anna, clock);
      await assert.rejects(
        anna.plans.savePlan(caseId, fullPlan, false, 2, planWriteRule(fullPlan, false)),
        isCode('Forbidden'),
      );
      const plan = await reposAs(db, people.bo, clock).plans.getCurrentPlan(caseId);
      assert.equal(plan?.version, 2, 'nothing was written');
    });

    it('a second consent adds its category at once; withdrawing it takes it away at once', async () => {
      const bo = reposAs(db, people.bo, clock);
      const health = await bo.consents.recordConsent(
        caseId,
        consentFor([units.school], clock, 30, ['physical-mental-health']),
      );
      const withHealth = await reposAs(db, people.anna, clock).plans.getCurrentPlan(caseId);
      assert.deepEqual(
        withHealth?.content.needs.map((n) => n.areaId),
        [schoolArea, healthArea],
      );
      await bo.consents.withdrawConsent(caseId, health.id);
      const after = await reposAs(db, people.anna, clock).plans.getCurrentPlan(caseId);
      assert.deepEqual(
        after?.content.needs.map((n) => n.areaId),
        [schoolArea],
      );
    });

    it('the reason a case closed (free text that may hold anything) is hidden on the case and in its history', async () => {
      const reason = 'Flyttar till pappa, BUP tar över';
      const { version } = await reposAs(db, people.bo, clock).cases.getCase(caseId);
      await stageAs(db, people.bo, clock, caseId, { type: 'close', reason }, version);
      const anna = reposAs(db, people.anna, clock);
      assert.equal((await anna.cases.getCase(caseId)).closeReason, '');
      const history = JSON.stringify(await anna.history.list(caseId));
      assert.ok(history.includes('stage.close'), 'control: the closing is in the history');
      assert.ok(!history.includes('BUP tar över'), 'the reason is not');
      const bo = reposAs(db, people.bo, clock);
      assert.equal((await bo.cases.getCase(caseId)).closeReason, reason);
      assert.ok(JSON.stringify(await bo.history.list(caseId)).includes(reason));
    });
  });
}

/**
 * The plan channel follows the visibility rule: every change to who may see a case queues one
 * reconciliation (a plan.publish job); changes close together share one; the periodic repair queues
 * one per case with an active channel and period, and none while one already waits.
 */
import assert from 'node:assert/strict';
import { addParty } from '../../src/app/add-party';
import { decideHandover, offerHandover } from '../../src/app/handover';
import { recordConsent, withdrawConsent } from '../../src/app/record-consent';
import { changeStage } from '../../src/app/change-stage';
import type { Database } from '../../src/storage/database';
import { queueChannelReconciliation } from '../../src/storage/channel-reconciliation';
import { dbKinds, openTestDatabase } from '../support/databases';
import { caseWithAgreedPlan } from '../support/follow-up';
import { consentFor, contextAs, FakeClock, people, seedWorld, units } from '../support/world';

for (const kind of dbKinds) {
  describe(`plan channel membership follows every change [${kind}]`, function () {
    let db: Database;
    let clock: FakeClock;
    let caseId: string;

    beforeEach(async () => {
      db = await openTestDatabase(kind);
      await seedWorld(db);
      clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));
      ({ caseId } = await caseWithAgreedPlan(db, clock));
      await settleJobs();
    });
    afterEach(async () => db?.close());

    /** Marks every queued job done (as if the worker had run them). */
    async function settleJobs(): Promise<void> {
      await db.query("UPDATE outbox_job SET state = 'done', attempts = 1");
    }
    const waitingSyncs = async () =>
      (
        await db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM outbox_job WHERE case_id = $1 AND kind = 'plan.publish' AND state = 'pending' AND run_after <= $2",
          [caseId, clock.now()],
        )
      ).rows[0]?.n;
    const as = (who: (typeof people)[keyof typeof people]) => contextAs(db, who, clock);

    it('a consent recorded for another unit queues one reconciliation', async () => {
      await recordConsent(await as(people.anna), caseId, { consent: consentFor([units.police], clock), child: null });
      assert.equal(await waitingSyncs(), 1);
    });

    it('a consent withdrawn queues one reconciliation', async () => {
      const consentId =
        (await db.query<{ id: string }>('SELECT id FROM consent WHERE case_id = $1', [caseId])).rows[0]?.id ?? '';
      await withdrawConsent(await as(people.anna), caseId, consentId);
      assert.equal(await waitingSyncs(), 1);
    });

    it('a party added queues one reconciliation', async () => {
      await addParty(await as(people.anna), caseId, { ...people.cia, role: 'participant' });
      assert.equal(await waitingSyncs(), 1);
    });

    it('a hand-over accepted queues one reconciliation', async () => {
      const offer = await offerHandover(await as(people.anna), caseId, 'named-person', people.bo);
      await settleJobs();
      await decideHandover(await as(people.bo), caseId, offer.id, true);
      assert.equal(await waitingSyncs(), 1);
    });

    it('stepping down (the lead role ends) queues one reconciliation', async () => {
      const version =
        (await db.query<{ version: number }>('SELECT version FROM child_case WHERE id = $1', [caseId])).rows[0]
          ?.version ?? 0;
      await changeStage(
        await as(people.anna),
        caseId,
        { type: 'step-down', reason: 'Behoven är tillgodosedda' },
        version,
      );
      const returned = (
        await db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM case_event WHERE case_id = $1 AND type = 'responsibility.returned'",
          [caseId],
        )
      ).rows[0]?.n;
      assert.equal(returned, 1, 'the lead role ended');
      assert.equal(await waitingSyncs(), 1);
    });

    it('two changes in quick succession share one reconciliation', async () => {
      await addParty(await as(people.anna), caseId, { ...people.cia, role: 'participant' });
      await recordConsent(await as(people.anna), caseId, { consent: consentFor([units.police], clock), child: null });
      assert.equal(await waitingSyncs(), 1, 'the second change finds the first reconciliation still waiting');
      await settleJobs();
      await recordConsent(await as(people.anna), caseId, {
        consent: consentFor([units.police], clock, 30),
        child: null,
      });
      assert.equal(await waitingSyncs(), 1, 'after the first ran, the next change queues its own');
    });

    it('the periodic repair queues one reconciliation per active channel and period, none while one waits', async () => {
      await db.query(
        "INSERT INTO plan_channel (case_id, org_unit_id, display_name, team_id, channel_id, state, created_at, updated_at) VALUES ($1, $2, 'Samsyn X', 'team', 'channel', 'active', $3, $3)",
        [caseId, units.school, clock.now()],
      );
      assert.equal(await queueChannelReconciliation(db, clock, 3_600_000), 1);
      assert.equal(await queueChannelReconciliation(db, clock, 3_600_000), 0, 'one already waits');
      await settleJobs();
      assert.equal(await queueChannelReconciliation(db, clock, 3_600_000), 0, 'the same period: done once is enough');
      clock.advance(3_600_000);
      assert.equal(await queueChannelReconciliation(db, clock, 3_600_000), 1, 'the next period');
    });
  });
}

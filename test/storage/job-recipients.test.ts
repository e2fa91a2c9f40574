/**
 * Jobs that reach a person follow the same visibility rule as every door: a follow-up reminder is
 * not sent to a lead professional whose unit's consent was withdrawn or has expired, and a hand-over
 * offer is not sent to a receiver whose unit lost its consent after the offer was made.
 */
import assert from 'node:assert/strict';
import { planWriteRule } from '../../src/domain/plan';
import { sendFollowUpReminder } from '../../src/app/send-follow-up-reminder';
import { sendHandoverOffer } from '../../src/app/send-handover-offer';
import type { PersonalMessagePort } from '../../src/app/follow-up-ports';
import type { Database } from '../../src/storage/database';
import { FollowUpJobStore } from '../../src/storage/follow-up-job-store';
import { SystemStore } from '../../src/storage/system-store';
import { dbKinds, openTestDatabase } from '../support/databases';
import {
  childIdentity,
  consentFor,
  emptyDetails,
  FakeClock,
  people,
  reposAs,
  seedWorld,
  units,
  stageAs,
} from '../support/world';

const day = 86_400_000;

function recordingNotifier(): PersonalMessagePort & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    async send(to) {
      sent.push(to.objectId);
      return { activityId: `activity-${sent.length}` };
    },
  };
}

for (const kind of dbKinds) {
  describe(`jobs reach only people the visibility rule lets see the case [${kind}]`, function () {
    this.timeout(60_000);
    let db: Database;
    before(async () => {
      db = await openTestDatabase(kind);
      await seedWorld(db);
    });
    after(async () => db.close());

    it('a follow-up reminder goes to the lead professional while their unit is covered, and not after the consent ends', async () => {
      const clock = new FakeClock();
      const anna = reposAs(db, people.anna, clock);
      const kase = await anna.cases.createCase({
        kind: 'consented',
        details: emptyDetails,
        child: childIdentity,
        consent: consentFor([units.social], clock, 30),
      });
      await anna.parties.addParty(kase.id, { ...people.bo, role: 'participant' });
      const plan = {
        reason: 'Frånvaro',
        needs: [],
        goals: [],
        childsWishForLead: 'Bo',
        followUpDate: '2026-03-20',
        disagreements: '',
        consentId: null,
        recipients: [],
        actions: [
          { what: 'Samtal', who: 'Bo', orgUnitId: units.social, byWhen: '2026-03-20', howWeWillKnow: 'Närvaro' },
        ],
        leadProfessional: {
          tenantId: people.bo.tenantId,
          objectId: people.bo.objectId,
          displayName: people.bo.displayName,
          orgUnitId: units.social,
        },
      };
      let version = kase.version;
      for (const to of ['mapping', 'collaboration', 'plan-active'] as const)
        version = (await stageAs(db, people.anna, clock, kase.id, { type: 'advance', to }, version)).version;
      const saved = await anna.plans.savePlan(kase.id, plan, true, 0, planWriteRule(plan, true));
      const store = new FollowUpJobStore(db, new SystemStore(db, clock, 'test'));
      const job = { caseId: kase.id, version: saved.version, dueDate: '2026-03-20', when: 'due' as const };
      const notifier = recordingNotifier();
      assert.deepEqual(await sendFollowUpReminder(store, notifier, job), { sent: true, activityId: 'activity-1' });
      clock.advance(31 * day);
      assert.deepEqual(await sendFollowUpReminder(store, notifier, job), { sent: false, skipped: 'no-lead' });
      assert.deepEqual(notifier.sent, [people.bo.objectId]);
    });

    it('a hand-over offer is not sent to a receiver whose unit lost its consent after the offer', async () => {
      const clock = new FakeClock();
      const anna = reposAs(db, people.anna, clock);
      const kase = await anna.cases.createCase({
        kind: 'consented',
        details: emptyDetails,
        child: childIdentity,
        consent: consentFor([units.social], clock, 30),
      });
      const offer = await anna.handovers.offerHandover(kase.id, 'named-person', people.bo);
      const store = new FollowUpJobStore(db, new SystemStore(db, clock, 'test'));
      const [consent] = await anna.consents.listConsents(kase.id);
      await anna.consents.withdrawConsent(kase.id, consent?.id ?? '');
      const notifier = recordingNotifier();
      assert.deepEqual(await sendHandoverOffer(store, notifier, offer.id), { sent: false });
      assert.deepEqual(notifier.sent, []);
    });
  });
}

/**
 * The plan-channel post shows only what every member may see: the categories all their agencies'
 * consents in force cover (the intersection, not the union), and says that more is in the tab.
 * The real system store (the storage door of the outbox worker) and publishPlan; the Graph and
 * Teams ports are stand-ins that record the post.
 */
import assert from 'node:assert/strict';
import { publishPlan } from '../../src/app/publish-plan';
import type { ChannelPostPort, PlanChannelPort, PlanChannelView } from '../../src/app/external-ports';
import { loadQuestions, loadWheels } from '../../src/config/load-wheels';
import { planWriteRule } from '../../src/domain/plan';
import type { Database } from '../../src/storage/database';
import { listOrgUnits } from '../../src/storage/organisations';
import { SystemStore } from '../../src/storage/system-store';
import { planChannelCard } from '../../src/teams/channel-poster';
import { visibleText } from '../turn/harness';
import { healthArea, schoolArea, spanningDetails, spanningPlan } from '../support/categories';
import { dbKinds, openTestDatabase } from '../support/databases';
import { childIdentity, consentFor, FakeClock, people, reposAs, seedWorld, units } from '../support/world';

function recordingPorts() {
  const posts: PlanChannelView[] = [];
  const ref = { teamId: 'team', channelId: 'channel' };
  const channels: PlanChannelPort = {
    find: async () => ref,
    createShared: async () => ({ ref, created: true }),
    listMembers: async () => [],
    addMembers: async (_ref, members) => members.map(({ objectId }) => ({ objectId, status: 201 })),
    removeMember: async () => undefined,
    enableApp: async () => undefined,
    archive: async () => undefined,
    installAppInChat: async () => undefined,
    delete: async () => undefined,
  };
  const poster: ChannelPostPort = {
    post: async (_t, _r, view) => (posts.push(view), { activityId: `a${posts.length}`, serviceUrl: 'https://x/' }),
    update: async (_t, _r, _s, _a, view) => void posts.push(view),
  };
  return { channels, poster, posts };
}

for (const kind of dbKinds) {
  describe(`the plan-channel post: what all its members may see [${kind}]`, function () {
    let db: Database;
    const clock = new FakeClock();

    beforeEach(async () => {
      db = await openTestDatabase(kind);
      await seedWorld(db);
    });
    afterEach(async () => db?.close());

    /** Social services own the case; the school sees school and support, as the test's consents say. */
    async function agreedCase(): Promise<string> {
      const bo = reposAs(db, people.bo, clock);
      const kase = await bo.cases.createCase({
        kind: 'consented',
        details: spanningDetails,
        child: childIdentity,
        consent: consentFor([units.school], clock, 180, ['school-attendance-learning', 'support-given']),
      });
      await bo.parties.addParty(kase.id, { ...people.anna, role: 'participant' });
      const plan = spanningPlan({ ...people.bo, orgUnitId: units.social });
      await bo.plans.savePlan(kase.id, plan, true, 0, planWriteRule(plan, true));
      return kase.id;
    }

    async function post(caseId: string) {
      const ports = recordingPorts();
      const store = new SystemStore(db, clock, 'test');
      await publishPlan({ store, ...ports, teamId: 'team', now: () => clock.now() }, caseId);
      const view = ports.posts.at(-1);
      assert.ok(view, 'posted');
      const world = { orgUnits: await listOrgUnits(db), wheels: loadWheels(), questions: loadQuestions() };
      return { view, text: visibleText(planChannelCard(view, world, 'sv')), data: await store.planForPublish(caseId) };
    }

    it('school and support consented for the school: goals and actions shown, the rest is in the tab', async () => {
      const { view, text, data } = await post(await agreedCase());
      assert.equal(view.goals.length, 1);
      assert.equal(view.actions.length, 1);
      assert.equal(view.moreInTab, true);
      assert.match(text, /Mer av planen finns i fliken/);
      assert.deepEqual(
        data?.plan?.content.needs.map((n) => n.areaId),
        [schoolArea],
      );
      assert.equal(data?.plan?.content.reason, '');
    });

    it('a member of another agency without support in its consent: goals and actions leave the post (the intersection)', async () => {
      const caseId = await agreedCase();
      const bo = reposAs(db, people.bo, clock);
      await bo.consents.recordConsent(
        caseId,
        consentFor([units.bvc], clock, 180, ['school-attendance-learning', 'physical-mental-health']),
      );
      await bo.parties.addParty(caseId, { ...people.cia, role: 'participant' });
      const { view, text, data } = await post(caseId);
      assert.deepEqual(view.goals, []);
      assert.deepEqual(view.actions, []);
      assert.equal(view.moreInTab, true);
      assert.match(text, /Mer av planen finns i fliken/);
      assert.doesNotMatch(text, /Morgonsamtal|Närvaro över 90/);
      assert.deepEqual(
        data?.plan?.content.needs.map((n) => n.areaId),
        [schoolArea],
        'health is the BVC’s but not the school’s: not in the post',
      );
      assert.ok(!data?.plan?.content.needs.some((n) => n.areaId === healthArea));
    });

    it('members whose consents cover every category (or the owning unit alone): the whole post, nothing more in the tab', async () => {
      const caseId = await agreedCase();
      await reposAs(db, people.bo, clock).consents.recordConsent(caseId, consentFor([units.school], clock));
      const { view, text } = await post(caseId);
      assert.equal(view.moreInTab, false);
      assert.equal(view.goals.length, 1);
      assert.doesNotMatch(text, /Mer av planen finns i fliken/);
    });
  });
}

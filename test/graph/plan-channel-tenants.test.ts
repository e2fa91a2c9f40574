/**
 * Plan channels with members of partner tenants (decision 0008), against the Graph stand-in through
 * the real Graph client: a partner's professional is added to the host's shared channel as an external
 * (B2B direct connect) member — the member body carries their own tenant id, as Graph requires — while
 * host members are added as before; without the tenant id Graph looks them up in the host tenant and
 * does not find them; an external member is removed like any other.
 */
import assert from 'node:assert/strict';
import { withdrawConsent } from '../../src/app/record-consent';
import { planWriteRule } from '../../src/domain/plan';
import { graphPlanChannels } from '../../src/graph/plan-channel-port';
import { jobHandlers } from '../../src/jobs/catalog';
import type { Database } from '../../src/storage/database';
import { Outbox } from '../../src/storage/outbox';
import { runOutboxOnce } from '../../src/storage/outbox-runner';
import { SystemStore } from '../../src/storage/system-store';
import { spanningPlan } from '../support/categories';
import { openTestDatabase } from '../support/databases';
import { bup, fredrik as partnerFredrik, seedPartner } from '../support/partner-world';
import {
  childIdentity,
  consentFor,
  contextAs,
  emptyDetails,
  FakeClock,
  people,
  reposAs,
  seedWorld,
  tenant,
  units,
} from '../support/world';
import { PARTNER_DIRECTORY } from '../../tools/graph-standin/partner-tenant';
import { hostTenant, regionTenant } from '../support/partner-org';
import { standInWithClient, testTeamsAppId } from './support';

const anna = '6f1c2d3e-0001-4a5b-8c9d-000000000001';
const bo = '6f1c2d3e-0002-4a5b-8c9d-000000000002';
const fredrik = '6f1c2d3e-0b01-4a5b-8c9d-000000000b01'; // BUP, only in Region Exempel's own tenant
const teamId = 'samsyn-dev-team';

describe('plan channel members from a partner tenant (stand-in)', function () {
  this.timeout(60_000);
  let env: Awaited<ReturnType<typeof standInWithClient>>;

  beforeEach(async () => {
    env = await standInWithClient({
      partnerDirectories: [{ tenantId: regionTenant, directoryPath: PARTNER_DIRECTORY }],
      sharedChannel: { inProgressPolls: 1, completeAfterMs: 20 },
    });
  });
  afterEach(async () => env.close());

  const memberBodies = () =>
    env.standIn
      .requests()
      .filter((r) => r.inBatch && r.method === 'POST' && r.url.endsWith('/members'))
      .map((r) => r.body as Record<string, unknown>);

  it('adds a partner’s professional as an external member with their tenant id; host members as before', async () => {
    const channels = graphPlanChannels(env.graph, testTeamsAppId, { attempts: 20, delayMs: 20 }, hostTenant);
    const made = await channels.createShared(teamId, 'Samsyn 2026-0042 1a2b3c4d', 'Barnets plan', anna);
    assert.ok(made);
    const added = await channels.addMembers(made.ref, [
      { objectId: bo, tenantId: hostTenant },
      { objectId: fredrik, tenantId: regionTenant },
    ]);
    assert.deepEqual(
      added.map((r) => [r.objectId, r.status]),
      [
        [bo, 201],
        [fredrik, 201],
      ],
    );
    assert.deepEqual(memberBodies(), [
      {
        '@odata.type': '#microsoft.graph.aadUserConversationMember',
        roles: [],
        'user@odata.bind': `https://graph.microsoft.com/v1.0/users('${bo}')`,
      },
      {
        '@odata.type': '#microsoft.graph.aadUserConversationMember',
        roles: [],
        'user@odata.bind': `https://graph.microsoft.com/v1.0/users('${fredrik}')`,
        tenantId: regionTenant,
      },
    ]);
    // The channel's members as Graph lists them: Fredrik in his own tenant.
    const listed = (await env.graph.api(`/teams/${teamId}/channels/${made.ref.channelId}/members`).get()) as {
      value: { userId: string; tenantId: string }[];
    };
    assert.deepEqual(
      listed.value.map((m) => [m.userId, m.tenantId]).sort(),
      [
        [anna, hostTenant],
        [bo, hostTenant],
        [fredrik, regionTenant],
      ].sort(),
    );

    // Removed when his unit's access ends, by membership id like any member.
    const membership = (await channels.listMembers(made.ref)).find((m) => m.objectId === fredrik);
    assert.ok(membership);
    await channels.removeMember(made.ref, membership.membershipId);
    assert.deepEqual((await channels.listMembers(made.ref)).map((m) => m.objectId).sort(), [anna, bo].sort());
  });

  it('without the host tenant known, a partner’s professional is looked up in the host tenant and not found', async () => {
    const channels = graphPlanChannels(env.graph, testTeamsAppId, { attempts: 20, delayMs: 20 });
    const made = await channels.createShared(teamId, 'Samsyn 2026-0043 5e6f7a8b', 'Barnets plan', anna);
    assert.ok(made);
    const added = await channels.addMembers(made.ref, [{ objectId: fredrik, tenantId: regionTenant }]);
    assert.deepEqual(
      added.map((r) => r.status),
      [404],
    );
    assert.equal(memberBodies()[0]?.tenantId, undefined);
  });
});

describe('a partner’s professional in a case’s plan channel, through the plan.publish job (stand-in)', function () {
  this.timeout(120_000);
  let db: Database;
  let env: Awaited<ReturnType<typeof standInWithClient>>;

  beforeEach(async () => {
    db = await openTestDatabase('pglite');
    await seedWorld(db);
    await seedPartner(db);
    env = await standInWithClient({
      users: Object.values(people).map((p) => ({ id: p.objectId, displayName: p.displayName, tenantId: p.tenantId })),
      partnerDirectories: [{ tenantId: regionTenant, directoryPath: PARTNER_DIRECTORY }],
      sharedChannel: { inProgressPolls: 1, completeAfterMs: 20 },
    });
  });
  afterEach(async () => {
    await env.close();
    await db.close();
  });

  it('joins as an external member with his tenant id while his unit’s consent covers the plan, and leaves when it is withdrawn', async () => {
    const clock = new FakeClock();
    const posted: string[] = [];
    const handlers = jobHandlers(
      {
        store: new SystemStore(db, clock, 'test-worker'),
        calendar: null,
        channels: graphPlanChannels(env.graph, testTeamsAppId, { attempts: 20, delayMs: 20 }, tenant),
        poster: {
          post: async () => {
            posted.push('post');
            return { activityId: `1:${posted.length}`, serviceUrl: 'https://smba.example/' };
          },
          update: async () => {
            posted.push('update');
          },
        },
        config: { planTeamId: teamId, planChannelOnClose: 'archive' },
        clock,
      },
      ['plan.publish'],
    );
    const runUntilDone = async () => {
      for (let i = 0; i < 10; i += 1) {
        await runOutboxOnce(new Outbox(db, clock), handlers, 'test-worker', { limit: 10 });
        const waiting = await db.query("SELECT 1 FROM outbox_job WHERE kind = 'plan.publish' AND state <> 'done'");
        if (waiting.rows.length === 0) return;
        clock.advance(5 * 60_000);
      }
      assert.fail('plan.publish did not finish');
    };
    const bo = reposAs(db, people.bo, clock);
    const kase = await bo.cases.createCase({
      kind: 'consented',
      details: emptyDetails,
      child: childIdentity,
      consent: consentFor([units.social], clock),
    });
    const forBup = await bo.consents.recordConsent(kase.id, consentFor([bup], clock));
    await bo.parties.addParty(kase.id, { ...partnerFredrik, role: 'participant' });
    const plan = spanningPlan({ ...people.bo, orgUnitId: units.social });
    await bo.plans.savePlan(kase.id, plan, true, 0, planWriteRule(plan, true));
    await new Outbox(db, clock).enqueue(db, {
      kind: 'plan.publish',
      orgUnitId: units.social,
      caseId: kase.id,
      idempotencyKey: `plan.publish:${kase.id}:test`,
      payload: { caseId: kase.id },
    });
    await runUntilDone();
    assert.deepEqual(posted, ['post']);
    const added = env.standIn
      .requests()
      .filter((r) => r.inBatch && r.method === 'POST' && r.url.endsWith('/members'))
      .map((r) => [r.status, r.body]);
    assert.deepEqual(added, [
      [
        201,
        {
          '@odata.type': '#microsoft.graph.aadUserConversationMember',
          roles: [],
          'user@odata.bind': `https://graph.microsoft.com/v1.0/users('${partnerFredrik.objectId}')`,
          tenantId: regionTenant,
        },
      ],
    ]);
    const members = async () =>
      (
        await db.query<{ m: string[] }>('SELECT member_object_ids AS m FROM plan_channel WHERE case_id = $1', [kase.id])
      ).rows[0]?.m.sort();
    assert.deepEqual(await members(), [people.bo.objectId, partnerFredrik.objectId].sort());

    // BUP's consent is withdrawn: the channel follows at once, Fredrik leaves (by his membership id).
    await withdrawConsent(await contextAs(db, people.bo, clock), kase.id, forBup.id);
    await runUntilDone();
    const removals = env.standIn.requests().filter((r) => r.method === 'DELETE' && r.url.includes('/members/'));
    assert.equal(removals.length, 1);
    assert.deepEqual(await members(), [people.bo.objectId]);
  });
});

/**
 * Plan channels with members of partner tenants (decision 0008), against the Graph stand-in through
 * the real Graph client: a partner's professional is added to the host's shared channel as an external
 * (B2B direct connect) member — the member body carries their own tenant id, as Graph requires — while
 * host members are added as before; without the tenant id Graph looks them up in the host tenant and
 * does not find them; an external member is removed like any other.
 */
import assert from 'node:assert/strict';
import { graphPlanChannels } from '../../src/graph/plan-channel-port';
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

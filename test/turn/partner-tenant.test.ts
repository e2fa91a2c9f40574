/**
 * A partner's professional in the host's shared channel (decision 0008), in whole turns: the activity
 * carries the host's tenant, so the bot asks the connector's member API for the person's own tenant
 * and, when it is a listed partner, knows them as who they are there. A tenant on no list stays a
 * stranger, and someone the host knows costs no member look-up.
 */
import assert from 'node:assert/strict';
import type { Actor } from '../../src/domain/actor';
import { replaceMembership, syncOrgConfig } from '../../src/storage/organisations';
import { startConnectorStandIn, type ConnectorMember } from '../support/connector-standin';
import { people, tenant as hostTenant } from '../support/world';
import { mri, startBot, visibleText, type BotHarness } from './harness';

const regionTenant = '00000000-0000-4000-8000-00000000b002';
const unlistedTenant = '00000000-0000-4000-8000-00000000c003';
const channel = { id: '19:samsyn-plan@thread.tacv2', tenantId: hostTenant, conversationType: 'channel' } as const;
const fredrik: Actor = {
  tenantId: regionTenant,
  objectId: '6f1c2d3e-0b01-4a5b-8c9d-000000000b01',
  displayName: 'Fredrik Ås',
  orgUnitId: 'region-bup',
  roles: ['professional'],
};
const olle: Actor = { ...fredrik, tenantId: unlistedTenant, objectId: '6f1c2d3e-0c01-4a5b-8c9d-000000000c01' };
const member = (a: Actor): ConnectorMember => ({
  id: mri(a),
  aadObjectId: a.objectId,
  name: a.displayName,
  tenantId: a.tenantId,
});
const notMember = /Du finns inte med i någon av Samsyns grupper/;

describe('a partner tenant’s professional in the host’s channel (whole turns)', function () {
  this.timeout(60_000);
  let bot: BotHarness;
  let connector: Awaited<ReturnType<typeof startConnectorStandIn>>;

  beforeEach(async () => {
    connector = await startConnectorStandIn({
      rosters: { [channel.id]: [member(people.anna), member(fredrik), member(olle)] },
    });
    bot = await startBot('pglite', { connectorUrl: connector.url, partnerTenants: [regionTenant] });
    // Region Exempel's BUP in its own tenant, Fredrik in its group (as the directory sync leaves it).
    await syncOrgConfig(bot.db, {
      hostTenantId: hostTenant,
      partnerTenants: [{ tenantId: regionTenant, name: 'Region Exempel' }],
      orgUnits: [
        {
          id: 'region-bup',
          name: 'BUP, Region Exempel',
          authorityType: 'bup-region',
          tenantId: regionTenant,
          wheelId: 'shanarri',
          groups: {},
        },
      ],
    });
    await replaceMembership(bot.db, regionTenant, [{ ...fredrik, email: null }], new Date('2026-03-01T08:00:00Z'));
  });
  afterEach(async () => {
    await bot.close();
    await connector.close();
  });

  const text = (sent: Partial<{ text: string; attachments: { content?: unknown }[] }>[]) =>
    sent.map((a) => `${a.text ?? ''} ${(a.attachments ?? []).map((x) => visibleText(x.content)).join(' ')}`).join(' ');
  const teamsUsers = async () =>
    (
      await bot.db.query<{ tenant_id: string; object_id: string }>(
        'SELECT tenant_id, object_id FROM teams_user ORDER BY object_id',
      )
    ).rows.map((r) => [r.tenant_id, r.object_id]);
  const memberLookups = () => connector.calls.filter((c) => c.path.includes('/members/')).map((c) => c.path);

  it('is known as who they are in their own (partner) tenant, though the activity names the host’s', async () => {
    const answer = text(await bot.sayIn(fredrik, 'hjälp', channel));
    assert.doesNotMatch(answer, notMember);
    assert.deepEqual(await teamsUsers(), [[regionTenant, fredrik.objectId]], 'remembered in his own tenant');
    assert.deepEqual(memberLookups(), [
      `/v3/conversations/${encodeURIComponent(channel.id)}/members/${encodeURIComponent(mri(fredrik))}`,
    ]);
    // The tenant is kept for the process: the next turn asks the connector nothing.
    await bot.sayIn(fredrik, 'hjälp', channel);
    assert.equal(memberLookups().length, 1);
  });

  it('a tenant on no list stays a stranger; a host member costs no member look-up', async () => {
    assert.match(text(await bot.sayIn(olle, 'hjälp', channel)), notMember);
    assert.deepEqual(await teamsUsers(), []);
    connector.calls.splice(0);
    assert.doesNotMatch(text(await bot.sayIn(people.anna, 'hjälp', channel)), notMember);
    assert.deepEqual(memberLookups(), []);
  });
});

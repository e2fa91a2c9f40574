/**
 * The small test world (test/support/world.ts, the host tenant) with a partner organisation in its own
 * tenant (decision 0008): Region Exempel's BUP, Fredrik acting for it in the region's tenant, and Olle,
 * who claims the same unit from a tenant on no list.
 */
import type { Actor } from '../../src/domain/actor';
import type { Database } from '../../src/storage/database';
import { replaceMembership, syncOrgConfig } from '../../src/storage/organisations';
import { PARTNER_TENANT_ID } from '../../tools/graph-standin/partner-tenant';
import type { ConnectorMember } from './connector-standin';
import { tenant as hostTenant } from './world';

export const regionTenant = PARTNER_TENANT_ID;
export const unlistedTenant = '00000000-0000-4000-8000-00000000c003';
export const bup = 'region-bup';

export const fredrik: Actor = {
  tenantId: regionTenant,
  objectId: '6f1c2d3e-0b01-4a5b-8c9d-000000000b01',
  displayName: 'Fredrik Ås',
  orgUnitId: bup,
  roles: ['professional'],
};
/** Someone from an unlisted tenant presenting himself as BUP's. */
export const olle: Actor = { ...fredrik, tenantId: unlistedTenant, objectId: '6f1c2d3e-0c01-4a5b-8c9d-000000000c01' };

/** The host's shared plan channel: its activities carry the host's tenant, whoever writes. */
export const sharedChannel = {
  id: '19:samsyn-plan@thread.tacv2',
  tenantId: hostTenant,
  conversationType: 'channel',
} as const;

/** Region Exempel's BUP in the region's tenant, Fredrik in its group (as the directory sync leaves it). */
export async function seedPartner(db: Database, at = new Date('2026-03-01T08:00:00Z')): Promise<void> {
  await syncOrgConfig(db, {
    hostTenantId: hostTenant,
    partnerTenants: [{ tenantId: regionTenant, name: 'Region Exempel' }],
    orgUnits: [
      {
        id: bup,
        name: 'BUP, Region Exempel',
        authorityType: 'bup-region',
        tenantId: regionTenant,
        wheelId: 'behovskompassen',
        groups: {},
      },
    ],
  });
  await replaceMembership(db, regionTenant, [{ ...fredrik, roles: [...fredrik.roles], email: null }], at);
}

/** A member as the connector's member API answers: with their own tenant. */
export const connectorMember = (a: Actor, mri: string): ConnectorMember => ({
  id: mri,
  aadObjectId: a.objectId,
  name: a.displayName,
  tenantId: a.tenantId,
});

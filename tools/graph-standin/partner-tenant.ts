/**
 * Development with a partner tenant (decision 0008; `PARTNER_TENANT=1 npm run dev`): Region Exempel
 * runs its own tenant (tenant B). Its units — BVC Lunda and BUP — move to that tenant in a copy of the
 * organisation configuration that lists it in `partnerTenants`, and the Graph stand-in serves the
 * region's own directory (seed/partner-directory.json) to tokens that tenant issued.
 */
import fs from 'node:fs';
import path from 'node:path';
import { defaultOrgConfigFile } from '../../src/config/org-config';
import { projectRoot } from '../../src/config/project-root';

export const PARTNER_TENANT_ID = '00000000-0000-4000-8000-00000000b002';
export const PARTNER_TENANT_NAME = 'Region Exempel';
export const PARTNER_DIRECTORY = path.join(projectRoot(), 'tools', 'graph-standin', 'seed', 'partner-directory.json');
/** The development configuration's units that belong to the region. */
export const PARTNER_UNITS: readonly string[] = ['region-bvc-lunda', 'region-bup'];

/** The organisation configuration with the region's units in the partner tenant, written to `file`. */
export function writePartnerOrgConfig(file: string, source: string = defaultOrgConfigFile): void {
  const raw = JSON.parse(fs.readFileSync(source, 'utf8')) as { orgUnits: { id: string; tenantId: string }[] };
  const partner = {
    ...raw,
    partnerTenants: [{ tenantId: PARTNER_TENANT_ID, name: PARTNER_TENANT_NAME }],
    orgUnits: raw.orgUnits.map((u) => (PARTNER_UNITS.includes(u.id) ? { ...u, tenantId: PARTNER_TENANT_ID } : u)),
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(partner, null, 2)}\n`);
}

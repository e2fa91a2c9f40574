/**
 * The development organisation with Region Exempel in its own tenant (tenant B, decision 0008): the
 * region's units (BVC, BUP) move to the partner tenant, which is listed in `partnerTenants`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultOrgConfigFile } from '../../src/config/org-config';

export const hostTenant = '00000000-0000-4000-8000-00000000a001';
export const regionTenant = '00000000-0000-4000-8000-00000000b002';
export const regionUnits = ['region-bvc-lunda', 'region-bup'];

/** Writes the partner configuration to a new temporary file and returns its path (the caller removes the folder). */
export function writePartnerOrgConfig(): string {
  const raw = JSON.parse(fs.readFileSync(defaultOrgConfigFile, 'utf8')) as {
    orgUnits: { id: string; tenantId: string }[];
  };
  const partner = {
    ...raw,
    partnerTenants: [{ tenantId: regionTenant, name: 'Region Exempel' }],
    orgUnits: raw.orgUnits.map((u) => (regionUnits.includes(u.id) ? { ...u, tenantId: regionTenant } : u)),
  };
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-partner-')), 'organisations.json');
  fs.writeFileSync(file, JSON.stringify(partner, null, 2));
  return file;
}

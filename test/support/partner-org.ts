/**
 * The development organisation with Region Exempel in its own tenant (tenant B, decision 0008): the
 * region's units (BVC, BUP) in the partner tenant, which is listed in `partnerTenants`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PARTNER_TENANT_ID, writePartnerOrgConfig as writeTo } from '../../tools/graph-standin/partner-tenant';

export const hostTenant = '00000000-0000-4000-8000-00000000a001';
export const regionTenant = PARTNER_TENANT_ID;

/** Writes the partner configuration to a new temporary folder and returns the file (the caller removes the folder). */
export function writePartnerOrgConfig(): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'samsyn-partner-')), 'organisations.json');
  writeTo(file);
  return file;
}

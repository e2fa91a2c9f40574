/** The development personas of config/organisations.json as actors (tests that run the real app use them). */
import { loadOrgConfig } from '../../src/config/org-config';
import type { Actor } from '../../src/domain/actor';

export function persona(name: string): Actor {
  const m = loadOrgConfig().members.find((x) => x.displayName === name);
  if (!m) throw new Error(`no development persona ${name}`);
  return { tenantId: m.tenantId, objectId: m.objectId, displayName: m.displayName, orgUnitId: m.orgUnitId, roles: m.roles };
}

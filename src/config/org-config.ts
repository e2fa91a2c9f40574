/** Organisation units and, per unit, the Entra groups whose members act for it (no people: they come from Entra ID). */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { guidPattern } from '../domain/ids';
import { actorRoles, authorityTypes, type OrgUnit } from '../domain/actor';
import type { UnitGroups } from '../domain/directory';
import { defaultRetention, type RetentionPeriod, type RetentionRules } from '../domain/retention';
import { barnteamAgeGroups, defaultBarnteamTemplates, type BarnteamTemplates } from '../domain/invitee-suggestions';
import { shanarriAreas } from '../domain/wheel';
import { projectRoot } from './project-root';

export const defaultOrgConfigFile = path.join(projectRoot(), 'config', 'organisations.json');

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes');
const guid = z.string().regex(guidPattern, 'a GUID');
/** Retention (gallring) in days: anonymous consultations without activity; closed cases after closing. */
const retention = z.strictObject({
  anonymousInactiveDays: z.number().int().min(1).max(3650).optional(),
  closedCaseDays: z.number().int().min(1).max(36_500).optional(),
});

/** Who is usually invited, by age group and by flagged SHANARRI area; each list replaces the default one it names. */
const invitable = z.array(z.enum(authorityTypes).exclude(['polis'])).max(6);
const barnteam = z.strictObject({
  $comment: z.string().optional(),
  byAge: z.partialRecord(z.enum(barnteamAgeGroups), invitable).optional(),
  byArea: z.partialRecord(z.enum(shanarriAreas), invitable).optional(),
});

/** A partner organisation's own tenant (region, police) whose units Samsyn serves: the allow-list (decision 0008). */
const partnerTenant = z.strictObject({ tenantId: guid, name: z.string().min(1) });

const orgConfigSchema = z
  .object({
    $comment: z.string().optional(),
    /**
     * Tenants other than the host's whose people may work in Samsyn (their admin consented to the app and
     * names groups in their own tenant). The units of every other tenant form the host tenant: there must be one.
     */
    partnerTenants: z.array(partnerTenant).default([]),
    barnteam: barnteam.optional(),
    /** Days after which the named person is reminded of an anonymous consultation without an outcome. */
    consultationOutcomeReminderDays: z.number().int().min(1).max(365).optional(),
    /** Defaults for every unit; a unit's own `retention` overrides them field by field. */
    retention: retention.optional(),
    orgUnits: z
      .array(
        z.strictObject({
          id,
          name: z.string().min(1),
          authorityType: z.enum(authorityTypes),
          tenantId: guid,
          wheelId: id,
          questionOrder: z.array(z.string()).optional(),
          /** Days before a plan's follow-up date the lead professional is reminded (and again on the day). */
          followUpReminderDays: z.number().int().min(1).max(60).optional(),
          retention: retention.optional(),
          /** The unit's consultation function's name; its members are the unit's `consultant` groups' members. */
          consultationFunction: z.strictObject({ sv: z.string().min(1), en: z.string().min(1) }).optional(),
          /** Entra security group object ids by the role their (transitive) members hold for this unit. */
          groups: z.partialRecord(z.enum(actorRoles), z.array(guid)).default({}),
        }),
      )
      .min(1),
    /** People are no longer configured: a leftover list is an error, not silently ignored. */
    members: z
      .never({
        error:
          'members are no longer configured: name each unit\'s Entra groups in "groups" (see docs/configuration.md)',
      })
      .optional(),
  })
  .superRefine((cfg, ctx) => {
    const units = new Set(cfg.orgUnits.map((u) => u.id));
    if (units.size !== cfg.orgUnits.length)
      ctx.addIssue({ code: 'custom', message: 'organisation unit ids must be unique' });
    const partners = new Set(cfg.partnerTenants.map((p) => p.tenantId.toLowerCase()));
    if (partners.size !== cfg.partnerTenants.length)
      ctx.addIssue({ code: 'custom', path: ['partnerTenants'], message: 'partner tenant ids must be unique' });
    const hosts = [...new Set(cfg.orgUnits.map((u) => u.tenantId.toLowerCase()).filter((t) => !partners.has(t)))];
    if (hosts.length !== 1)
      ctx.addIssue({
        code: 'custom',
        path: ['orgUnits'],
        message:
          hosts.length === 0
            ? 'no unit belongs to the host tenant: every tenant id is listed in partnerTenants'
            : `units belong to ${hosts.length} tenants not listed in partnerTenants (${hosts.join(', ')}): one is the host, list the others as partners`,
      });
  });

export type OrgUnitConfig = OrgUnit & { readonly groups: UnitGroups };

export interface PartnerTenant {
  readonly tenantId: string;
  readonly name: string;
}

export interface OrgConfig {
  readonly orgUnits: readonly OrgUnitConfig[];
  /** The tenant of every unit not in a partner tenant: where the bot, the plan team and the meetings live. */
  readonly hostTenantId: string;
  /** The partner tenants allowed besides the host (may be empty). */
  readonly partnerTenants: readonly PartnerTenant[];
  /** Retention rules: the file's defaults (else the built-in ones) and each unit's own periods. */
  readonly retention?: RetentionRules;
  /** The Barnteam templates: the file's lists over the model's defaults. */
  readonly barnteam?: BarnteamTemplates;
  readonly consultationOutcomeReminderDays?: number;
}

export function parseOrgConfig(raw: unknown, source: string): OrgConfig {
  const r = orgConfigSchema.safeParse(raw);
  if (!r.success) throw new Error(`${source}: invalid organisation configuration:\n${z.prettifyError(r.error)}`);
  const defaults: RetentionPeriod = { ...defaultRetention, ...r.data.retention };
  const perUnit = new Map(r.data.orgUnits.flatMap((u) => (u.retention ? [[u.id, u.retention] as const] : [])));
  const barnteamTemplates: BarnteamTemplates = {
    byAge: { ...defaultBarnteamTemplates.byAge, ...r.data.barnteam?.byAge },
    byArea: { ...defaultBarnteamTemplates.byArea, ...r.data.barnteam?.byArea },
  };
  const partnerTenants = r.data.partnerTenants.map((p) => ({ tenantId: p.tenantId.toLowerCase(), name: p.name }));
  const orgUnits = r.data.orgUnits.map(({ retention: _r, ...u }) => ({ ...u, tenantId: u.tenantId.toLowerCase() }));
  const partners = new Set(partnerTenants.map((p) => p.tenantId));
  const hostTenantId = orgUnits.find((u) => !partners.has(u.tenantId))?.tenantId;
  if (hostTenantId === undefined) throw new Error(`${source}: invalid organisation configuration: no host tenant`);
  return {
    orgUnits,
    hostTenantId,
    partnerTenants,
    retention: { defaults, perUnit },
    barnteam: barnteamTemplates,
    ...(r.data.consultationOutcomeReminderDays !== undefined
      ? { consultationOutcomeReminderDays: r.data.consultationOutcomeReminderDays }
      : {}),
  };
}

/** Every tenant whose people may sign in: the host's and the partners' (lower case). */
export function orgTenants(org: Pick<OrgConfig, 'hostTenantId' | 'partnerTenants'>): string[] {
  return [org.hostTenantId, ...org.partnerTenants.map((p) => p.tenantId)];
}

export function loadOrgConfig(file: string = defaultOrgConfigFile): OrgConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(
      `${file}: cannot read organisation configuration (${err instanceof Error ? err.message : String(err)})`,
      { cause: err },
    );
  }
  return parseOrgConfig(raw, file);
}

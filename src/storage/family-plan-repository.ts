/**
 * The family's plan: the current agreed plan version of a case for a party of it (same access
 * check and audit as every repository), and short-lived single-use download links for the plan
 * card (a card's Action.OpenUrl cannot carry the SSO token). A link is a random token; only its
 * SHA-256 is stored, bound to the person, the case and the plan version, valid for 10 minutes.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Consent } from '../domain/consent';
import { disclosedLenses, disclosedPlan, type Disclosure } from '../domain/disclosure';
import type { CaseLenses } from '../domain/lens';
import { notFound } from '../domain/errors';
import type { Actor } from '../domain/actor';
import type { Clock } from '../domain/ports';
import type { PlanVersion } from '../domain/plan';
import { AccessScope } from './access-scope';
import type { Database, Sql } from './database';
import { readLenses } from './lens-repository';
import { readVoices } from './voice-repository';
import { disclosedVoices, type Voice } from '../domain/child-voice';
import { toPlan, type PlanRow } from './rows';

type Locale = 'sv' | 'en';

export const downloadLinkTtlMs = 10 * 60_000;

export interface FamilyPlanData {
  /** The case's owning unit (its wheel). */
  readonly orgUnitId: string;
  readonly plan: PlanVersion;
  readonly leadEmail: string | null;
  /** The case's named person(s) (the lead left out), with their work e-mail. */
  readonly namedPersons: readonly {
    readonly name: string;
    readonly orgUnitId: string;
    readonly email: string | null;
  }[];
  /** The next booked meeting's start (requested or created in the calendar, not failed or cancelled), if any. */
  readonly nextMeeting: Date | null;
  /** The case's lenses as the reader may see them (nothing chosen when the case uses none). */
  readonly lenses: CaseLenses;
  /** The child's own voice and the guardians' views as the reader may see them (domain/child-voice.ts). */
  readonly voices: readonly Voice[];
  /** The case's guardians' names, in order (the guardians' views are labelled by them). */
  readonly guardianNames: readonly string[];
}

/** The agreed plan for a party's own records: as its unit may see it, with what the copy rests on. */
export interface AgencyCopyData {
  readonly caseId: string;
  readonly reference: string;
  /** The case's owning unit (its wheel). */
  readonly orgUnitId: string;
  readonly plan: PlanVersion;
  /** How the plan was filtered for the reader (the categories its view holds). */
  readonly disclosure: Disclosure;
  readonly consents: readonly Consent[];
}

const hashOf = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

async function currentAgreed(tx: Sql, caseId: string): Promise<PlanVersion | null> {
  const r = await tx.query<PlanRow>(
    'SELECT * FROM plan_version WHERE case_id = $1 AND agreed ORDER BY version DESC LIMIT 1',
    [caseId],
  );
  return r.rows[0] ? toPlan(r.rows[0]) : null;
}

export class PgFamilyPlanRepository {
  constructor(private readonly scope: AccessScope) {}

  /** The current agreed version (NotFound when there is none, or when `version` is given and is no longer current). */
  familyPlan(caseId: string, version?: number): Promise<FamilyPlanData> {
    return this.scope.onCase(caseId, 'plan.familyPdf', false, async (tx, access) => {
      if (!access.view.plan) throw notFound();
      const plan = await currentAgreed(tx, caseId);
      if (plan === null || (version !== undefined && plan.version !== version)) throw notFound();
      const lead = plan.content.leadProfessional;
      const email = lead
        ? await tx.query<{ email: string | null }>(
            'SELECT email FROM membership WHERE tenant_id = $1 AND object_id = $2',
            [lead.tenantId, lead.objectId],
          )
        : null;
      const named = await tx.query<{ display_name: string; party_org_unit_id: string; email: string | null }>(
        `SELECT p.display_name, p.party_org_unit_id, m.email FROM case_party p
           LEFT JOIN membership m ON m.tenant_id = p.tenant_id AND m.object_id = p.object_id
          WHERE p.case_id = $1 AND p.role = 'named-person' AND p.removed_at IS NULL
            AND NOT (p.tenant_id = $2 AND p.object_id = $3)
          ORDER BY p.added_at, p.display_name`,
        [caseId, lead?.tenantId ?? '', lead?.objectId ?? ''],
      );
      const meeting = await tx.query<{ starts_at: Date }>(
        `SELECT starts_at FROM meeting WHERE case_id = $1 AND status IN ('requested', 'created') AND starts_at > $2
          ORDER BY starts_at LIMIT 1`,
        [caseId, this.scope.now()],
      );
      const disclosure = this.scope.disclosure(access);
      const content = disclosedPlan(disclosure, plan.content);
      const lenses = disclosedLenses(disclosure, await readLenses(tx, caseId));
      const guardians = await tx.query<{ guardians: { name: string }[] | null }>(
        'SELECT guardians FROM child_case WHERE id = $1',
        [caseId],
      );
      return {
        orgUnitId: access.orgUnitId,
        plan: { ...plan, content },
        leadEmail: email?.rows[0]?.email ?? null,
        namedPersons: named.rows.map((r) => ({ name: r.display_name, orgUnitId: r.party_org_unit_id, email: r.email })),
        nextMeeting: meeting.rows[0] ? new Date(meeting.rows[0].starts_at) : null,
        lenses,
        voices: access.kind === 'consented' ? disclosedVoices(disclosure, await readVoices(tx, caseId)) : [],
        guardianNames: (guardians.rows[0]?.guardians ?? []).map((g) => g.name),
      };
    });
  }

  /**
   * The current agreed version for the reader's own records (NotFound when there is none), filtered
   * by the same disclosure as every read; audited as its own action, allowed or denied.
   */
  agencyCopy(caseId: string): Promise<AgencyCopyData> {
    return this.scope.onCase(caseId, 'plan.agencyExport', false, async (tx, access) => {
      if (!access.view.plan || access.kind !== 'consented') throw notFound();
      const plan = await currentAgreed(tx, caseId);
      if (plan === null) throw notFound();
      const ref = await tx.query<{ reference: string }>('SELECT reference FROM child_case WHERE id = $1', [caseId]);
      const disclosure = this.scope.disclosure(access);
      return {
        caseId,
        reference: ref.rows[0]?.reference ?? '',
        orgUnitId: access.orgUnitId,
        plan: { ...plan, content: disclosedPlan(disclosure, plan.content) },
        disclosure,
        consents: access.consents,
      };
    });
  }

  /**
   * One-time links to the consent information sheet (or a withdrawal's confirmation) for this
   * person, one per entry: what each link names is in its detail, read again when it is opened.
   */
  issueConsentLinks(
    caseId: string,
    links: readonly { kind: ConsentLinkKind; locale: Locale; detail: Readonly<Record<string, unknown>> }[],
  ): Promise<string[]> {
    const { actor } = this.scope;
    return this.scope.onCase(caseId, 'consent.sheetLink', false, async (tx, access) => {
      const now = this.scope.now();
      const expiresAt = new Date(now.getTime() + downloadLinkTtlMs);
      await tx.query('DELETE FROM plan_download WHERE expires_at < $1', [now]);
      const tokens: string[] = [];
      for (const link of links) {
        const token = randomBytes(32).toString('base64url');
        await tx.query(
          `INSERT INTO plan_download (token_hash, case_id, org_unit_id, tenant_id, object_id, plan_version, locale, created_at, expires_at, kind, detail)
           VALUES ($1, $2, $3, $4, $5, NULL, $6, $7, $8, $9, $10)`,
          [
            hashOf(token),
            caseId,
            access.orgUnitId,
            actor.tenantId,
            actor.objectId,
            link.locale,
            now,
            expiresAt,
            link.kind,
            JSON.stringify(link.detail),
          ],
        );
        tokens.push(token);
      }
      return tokens;
    });
  }

  /** A new download link token for the current agreed version, for this person only. */
  issueDownloadLink(caseId: string, locale: Locale): Promise<{ token: string; expiresAt: Date; version: number }> {
    const { actor } = this.scope;
    return this.scope.onCase(caseId, 'plan.familyLink', false, async (tx, access) => {
      if (!access.view.plan) throw notFound();
      const plan = await currentAgreed(tx, caseId);
      if (plan === null) throw notFound();
      const token = randomBytes(32).toString('base64url');
      const now = this.scope.now();
      const expiresAt = new Date(now.getTime() + downloadLinkTtlMs);
      await tx.query('DELETE FROM plan_download WHERE expires_at < $1', [now]);
      await tx.query(
        `INSERT INTO plan_download (token_hash, case_id, org_unit_id, tenant_id, object_id, plan_version, locale, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [hashOf(token), caseId, access.orgUnitId, actor.tenantId, actor.objectId, plan.version, locale, now, expiresAt],
      );
      return { token, expiresAt, version: plan.version };
    });
  }
}

export type LinkKind = 'plan' | ConsentLinkKind;
export type ConsentLinkKind = 'consent-sheet' | 'consent-withdrawal';

export interface RedeemedLink {
  readonly caseId: string;
  readonly tenantId: string;
  readonly objectId: string;
  /** The plan version (plan links; 0 for other kinds). */
  readonly version: number;
  readonly locale: Locale;
  /** What a consent link names (its audience and facts, or the withdrawn consent); {} for a plan link. */
  readonly detail: Readonly<Record<string, unknown>>;
}

/**
 * Uses a download link once: null when unknown, used or expired. The caller then reads the plan
 * as the person the link was issued to, through their access check (still a party, consent in force).
 */
export async function redeemDownloadLink(
  db: Sql,
  token: string,
  clock: Clock,
  kind: LinkKind = 'plan',
): Promise<RedeemedLink | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const r = await db.query<{
    case_id: string;
    tenant_id: string;
    object_id: string;
    plan_version: number | null;
    locale: Locale;
    detail: Record<string, unknown> | null;
  }>(
    `UPDATE plan_download SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 AND kind = $3
     RETURNING case_id, tenant_id, object_id, plan_version, locale, detail`,
    [hashOf(token), clock.now(), kind],
  );
  const row = r.rows[0];
  return row
    ? {
        caseId: row.case_id,
        tenantId: row.tenant_id,
        objectId: row.object_id,
        version: row.plan_version ?? 0,
        locale: row.locale,
        detail: row.detail ?? {},
      }
    : null;
}

export function familyPlansFor(db: Database, actor: Actor, requestId: string, clock: Clock): PgFamilyPlanRepository {
  return new PgFamilyPlanRepository(new AccessScope(db, actor, requestId, clock));
}

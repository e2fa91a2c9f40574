/**
 * Save a contributor's own assessment: the five questions, the wheel, or both (the tab). One use case
 * for every door. Whoever fills it in, from whichever unit, fills in the case's wheel; areas recorded
 * earlier with another wheel are kept as they were. The entry is versioned: the caller names the
 * version it read, so a stale save is a Conflict, never an overwrite. The form's draft goes with a save.
 */
import { assessmentWriteRule, type AreaView, type AssessmentContent, type AssessmentEntry } from '../domain/assessment';
import type { UseCaseContext } from './context';
import type { CaseStanding } from '../domain/standing';
import { assessmentContentFrom } from './assessment-input';
import { wheelFor } from './world';
import { adviceIds } from '../domain/wheel';

/** The entry as the caller read it in this request (null: none stored yet). */
export type ReadEntry = Pick<AssessmentEntry, 'answers' | 'areas' | 'version'> | null;

export interface AssessmentChange {
  /** New answers (replacing the stored ones), or undefined to keep them. */
  readonly answers?: Readonly<Record<string, string>>;
  /** New areas of the case's wheel (replacing them), or undefined to keep them. */
  readonly areas?: Readonly<Record<string, AreaView>>;
}

/**
 * The caller's own entry as stored at `expectedVersion`: the caller's own read of this request when it
 * is of that version (one audited read fewer), otherwise read again.
 */
async function mine(
  ctx: UseCaseContext,
  caseId: string,
  expectedVersion: number,
  read: ReadEntry | undefined,
): Promise<AssessmentContent | null> {
  if (read !== undefined && (read?.version ?? 0) === expectedVersion) return read;
  return ctx.repos.assessments.getMyAssessment(caseId);
}

/** A consultee answered: one card per responsible party (whoever raised it, the named person), per saved version. */
async function tellResponsible(ctx: UseCaseContext, caseId: string, version: number): Promise<void> {
  const me = ctx.actor;
  const responsible = (await ctx.repos.parties.listParties(caseId)).filter(
    (p) =>
      (p.role === 'discoverer' || p.role === 'named-person' || p.role === 'lead-professional') &&
      !(p.tenantId === me.tenantId && p.objectId === me.objectId),
  );
  const once = new Map(responsible.map((p) => [`${p.tenantId}:${p.objectId}`, p]));
  for (const [key, p] of once)
    await ctx.repos.jobs.enqueue(caseId, {
      kind: 'consultation.adviceGiven',
      key: `consultation.adviceGiven:${caseId}:${key}:${me.objectId}:${version}`,
      payload: {
        caseId,
        tenantId: p.tenantId,
        objectId: p.objectId,
        authorTenantId: me.tenantId,
        authorObjectId: me.objectId,
      },
    });
}

export async function saveAssessment(
  ctx: UseCaseContext,
  caseId: string,
  caseUnitId: string,
  change: AssessmentChange,
  expectedVersion: number,
  options: { read?: ReadEntry; draft?: 'five-questions' | 'wheel' } = {},
): Promise<AssessmentEntry> {
  return ctx.atomically(async () => {
    const stored = await mine(ctx, caseId, expectedVersion, options.read);
    const wheel = wheelFor(ctx.world, caseUnitId);
    const ownAreas = Object.fromEntries(
      Object.entries(stored?.areas ?? {}).filter(([id]) => wheel.areas.some((a) => a.id === id)),
    );
    // Advice given in the consultation stays when a form without it (a consented case's) is saved.
    const keptAdvice = Object.fromEntries(
      Object.entries(stored?.answers ?? {}).filter(
        ([id]) => (adviceIds as readonly string[]).includes(id) && !(id in (change.answers ?? {})),
      ),
    );
    const content = assessmentContentFrom(
      {
        answers: { ...keptAdvice, ...(change.answers ?? stored?.answers ?? {}) },
        areas: { ...(change.areas ?? ownAreas) },
      },
      wheel,
      stored,
    );
    const allowed = new Set([...wheel.areas.map((a) => a.id), ...Object.keys(stored?.areas ?? {})]);
    // The standing the write was judged on: a consultee's answer is news for those responsible.
    let standing: CaseStanding | undefined;
    const rule = assessmentWriteRule(content, allowed);
    // The form's draft goes with the save, in its statement (one round trip, issue 22 item 4).
    const saved = await ctx.repos.assessments.saveAssessment(
      caseId,
      content,
      expectedVersion,
      (s) => {
        rule(s);
        standing = s;
      },
      options.draft,
    );
    if (standing?.kind === 'anonymous' && standing.myRoles.includes('consultee'))
      await tellResponsible(ctx, caseId, saved.version);
    return saved;
  });
}

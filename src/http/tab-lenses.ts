/**
 * The tab's lens routes (listed in routes.ts): the case's lenses as the viewer may see them (part of
 * the case view), choosing which lenses the case uses, and saving one lens's content. Access, audit
 * and the visibility rule are the storage door's; the rules are the use cases'. On an anonymous
 * consultation every text goes through the anonymity guard first, as the assessment's do (422 naming
 * the fields, the redacted content back for the form).
 */
import { z } from 'zod';
import { chooseLenses } from '../app/choose-lenses';
import { saveLens } from '../app/save-lens';
import { lensesOf } from '../app/world';
import type { LensChoicePut, LensDefinition, LensesView, LensInput, LensPut } from '../contracts/tab-api';
import { isDomainError } from '../domain/errors';
import { lensFields, type CaseLenses, type Lens } from '../domain/lens';
import type { Locale } from '../i18n';
import { Reply, type RouteContext, type RouteInput } from './route-kit';
import { guardTabTexts } from './tab-anonymity';

export const lensParams = z.object({ caseId: z.string(), lensId: z.string() });
type CaseParams = { caseId: string };

function definition(lens: Lens, locale: Locale): LensDefinition {
  const base = { id: lens.id, name: lens.name[locale], description: lens.description[locale] };
  if (lens.kind === 'triangle')
    return {
      ...base,
      kind: 'triangle',
      sides: lens.sides.map((s) => ({ id: s.id, label: s.label[locale], description: s.description[locale] })),
    };
  const axis = (a: typeof lens.axes.x) => ({ label: a.label[locale], low: a.low[locale], high: a.high[locale] });
  return {
    ...base,
    kind: 'matrix',
    axes: { x: axis(lens.axes.x), y: axis(lens.axes.y) },
    quadrants: lens.quadrants.map((q) => ({ id: q.id, x: q.x, y: q.y, label: q.label[locale] })),
  };
}

/** The case's lenses for the case view. */
export function lensesView(ctx: RouteContext, lenses: CaseLenses): LensesView {
  return {
    available: lensesOf(ctx.world).map((l) => definition(l, ctx.locale)),
    chosen: [...lenses.chosen],
    content: { ...lenses.content },
    version: lenses.version,
    updatedAt: lenses.updatedAt?.toISOString() ?? null,
    updatedBy: lenses.updatedByName,
  };
}

/** A stale write: the lenses as stored go back with the 409; the client keeps its own text. */
async function conflictReply(ctx: RouteContext, caseId: string): Promise<Reply> {
  return new Reply(409, { error: 'Conflict', current: lensesView(ctx, await ctx.repos.lenses.getLenses(caseId)) });
}

async function orConflict<T>(ctx: RouteContext, caseId: string, write: () => Promise<T>): Promise<T | Reply> {
  try {
    return await write();
  } catch (err) {
    if (isDomainError(err) && err.code === 'Conflict') return conflictReply(ctx, caseId);
    throw err;
  }
}

export async function putLensChoice(
  ctx: RouteContext,
  { params, body }: RouteInput<CaseParams, undefined, LensChoicePut>,
): Promise<{ version: number } | Reply> {
  return orConflict(ctx, params.caseId, async () => ({
    version: (await chooseLenses(ctx, params.caseId, body.lenses, body.version)).version,
  }));
}

/** The content with every text redacted (the guard's refusal puts it back into the form). */
function redactedContent(content: LensInput, redact: (text: string) => string): LensInput {
  if (content.kind === 'triangle')
    return {
      ...content,
      sides: Object.fromEntries(
        Object.entries(content.sides).map(([id, v]) => [
          id,
          { strengths: redact(v.strengths), worries: redact(v.worries) },
        ]),
      ),
    };
  return { ...content, notes: Object.fromEntries(Object.entries(content.notes).map(([id, n]) => [id, redact(n)])) };
}

export async function putLens(
  ctx: RouteContext,
  { params, body }: RouteInput<z.infer<typeof lensParams>, undefined, LensPut>,
): Promise<{ version: number } | Reply> {
  const kase = await ctx.repos.cases.getCase(params.caseId);
  if (kase.kind === 'anonymous') {
    const texts = Object.entries(lensFields(params.lensId, body.content)).map(
      ([field, text]) => [field, text ?? ''] as const,
    );
    const refused = guardTabTexts(
      texts,
      ctx.locale,
      { orgUnitId: ctx.actor.orgUnitId, orgUnits: ctx.world.orgUnits },
      body.confirmNames === true,
      (redact) => redactedContent(body.content, redact),
    );
    if (refused !== null) return new Reply(refused.status, refused.body);
  }
  return orConflict(ctx, params.caseId, async () => ({
    version: (await saveLens(ctx, params.caseId, params.lensId, body.content, body.version)).version,
  }));
}

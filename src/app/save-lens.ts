/**
 * Save one lens's content on a case (the tab): a My World Triangle's strengths and worries per side,
 * or a Resilience Matrix's placement and notes. The lens must be one the case uses; the write names
 * the version it read (a stale save is a Conflict, never an overwrite); in an anonymous consultation
 * every text goes through the anonymity guard (domain/lens.ts lensContentWriteRule).
 */
import { invalid } from '../domain/errors';
import { lensContentWriteRule, type CaseLenses } from '../domain/lens';
import type { UseCaseContext } from './context';
import { lensContentFrom, type LensInput } from './lens-input';
import { lensesOf } from './world';

export async function saveLens(
  ctx: UseCaseContext,
  caseId: string,
  lensId: string,
  input: LensInput,
  expectedVersion: number,
): Promise<CaseLenses> {
  const lens = lensesOf(ctx.world).find((l) => l.id === lensId);
  if (lens === undefined) throw invalid('lens');
  const content = lensContentFrom(lens, input);
  return ctx.atomically(async () => {
    const stored = await ctx.repos.lenses.getLenses(caseId);
    // A lens not (or no longer) chosen: stale when the caller read another version, else not chosen.
    if (!stored.chosen.includes(lensId) && stored.version === expectedVersion) throw invalid('lens', 'not-chosen');
    return ctx.repos.lenses.saveLensContent(
      caseId,
      lensId,
      content,
      expectedVersion,
      lensContentWriteRule(lensId, content),
    );
  });
}

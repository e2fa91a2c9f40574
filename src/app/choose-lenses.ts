/**
 * Choose which of the configured GIRFEC lenses a case uses, alongside its wheel (the tab). Any party
 * who sees the case's mapping may choose, while the case is open; the choice is versioned with the
 * lenses' content, so a stale choice is a Conflict. Content of a lens no longer chosen is kept and
 * shown again when it is chosen again.
 */
import { invalid } from '../domain/errors';
import { chooseLensesRule, type CaseLenses } from '../domain/lens';
import type { UseCaseContext } from './context';
import { lensChoiceSchema } from './lens-input';
import { lensesOf } from './world';

export async function chooseLenses(
  ctx: UseCaseContext,
  caseId: string,
  chosen: readonly string[],
  expectedVersion: number,
): Promise<CaseLenses> {
  const parsed = lensChoiceSchema.safeParse(chosen);
  if (!parsed.success) throw invalid('lenses');
  const known = lensesOf(ctx.world);
  const unknown = parsed.data.find((id) => !known.some((l) => l.id === id));
  if (unknown !== undefined) throw invalid(`lenses.${unknown}`);
  // In the configured order, each once.
  const ordered = known.filter((l) => parsed.data.includes(l.id)).map((l) => l.id);
  return ctx.repos.lenses.chooseLenses(caseId, ordered, expectedVersion, chooseLensesRule);
}

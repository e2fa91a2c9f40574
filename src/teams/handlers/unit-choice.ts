/** A person whose groups give several units chooses the one they act for (remembered, changeable). */
import { unitNameOf } from '../../app/world';
import { z } from 'zod';
import { cards } from '../../cards/contracts';
import { render, type AdaptiveCard } from '../../cards/render';
import type { Turn } from '../turn';
import { verb } from '../verb';
import { messageCard, textsFor } from './common';

const unitName = (turn: Turn, id: string) => unitNameOf(turn.world, id);

/** The choice card; with one unit only, a message saying which unit that is. */
export async function unitChoiceCard(turn: Turn, notice = '', error = ''): Promise<AdaptiveCard> {
  const mine = await turn.run(() => turn.directory.myUnits());
  const current = mine?.current ?? turn.actor.orgUnitId;
  const units = mine?.units ?? [];
  if (units.length <= 1)
    return messageCard(turn.t, turn.t('unit.title1'), [turn.t('unit.only', { name: unitName(turn, current) })], notice);
  return render(cards.unitChoice, {
    t: textsFor(turn.t, 'unit', ['title', 'intro', 'unit', 'required', 'submit'], { help: turn.t('messages.help') }),
    current,
    units: units.map((u) => ({
      title:
        u.orgUnitId === current
          ? turn.t('unit.current', { name: unitName(turn, u.orgUnitId) })
          : unitName(turn, u.orgUnitId),
      value: u.orgUnitId,
    })),
    notice,
    error,
  });
}

export const unitVerbs = {
  'unit.open': verb({ schema: () => z.object({}).loose(), handle: (turn) => unitChoiceCard(turn) }),
  'unit.choose': verb<{ orgUnitId: string }>({
    schema: () => z.object({ orgUnitId: z.string().min(1).max(200) }),
    handle: async (turn, input) => {
      const result = await turn.run(() => turn.directory.chooseUnit(input.orgUnitId));
      if (!result.ok) return unitChoiceCard(turn, '', turn.t('unit.notYours'));
      return unitChoiceCard(turn, turn.t('unit.chosen', { name: unitName(turn, result.orgUnitId) }));
    },
    invalid: (turn) => unitChoiceCard(turn, '', turn.t('unit.required')),
  }),
};

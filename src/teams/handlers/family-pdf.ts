/**
 * "Plan for the family (PDF)" on the plan card. A card's Action.OpenUrl cannot carry the SSO
 * token, so the click issues a link for this person only: a random token (stored hashed) bound to
 * them, the case and the current agreed plan version, usable once within 10 minutes. Opening it
 * reads the plan again through their access check. Without a public base URL there is no link.
 */
import { z } from 'zod';
import { cards } from '../../cards/contracts';
import { render } from '../../cards/render';
import { verb } from '../verb';
import { messageCard } from './common';
import { planFormAgain } from './plan';

export const familyPdfVerbs = {
  'plan.familyPdf': verb({
    schema: () => z.object({ caseId: z.uuid() }),
    // Refused (no agreed plan yet): the plan form stays, with what was typed in it.
    invalid: planFormAgain,
    handle: async (turn, input) => {
      const base = turn.publicBaseUrl;
      if (!base) return messageCard(turn.t, turn.t('familyPlan.linkTitle'), [turn.t('familyPlan.noBaseUrl')]);
      const link = await turn.issueFamilyLink(input.caseId, turn.locale);
      return render(cards.familyPdfLink, {
        t: {
          title: turn.t('familyPlan.linkTitle'),
          text: turn.t('familyPlan.linkText'),
          button: turn.t('familyPlan.linkButton'),
          back: turn.t('form.back'),
        },
        url: `${base.replace(/\/+$/, '')}/api/family-plan/${link.token}`,
        caseId: input.caseId,
      });
    },
  }),
};

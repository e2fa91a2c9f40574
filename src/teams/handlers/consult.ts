/**
 * Consult other professions on an anonymous consultation (issue 17): pick people in the card's
 * people picker; each becomes a consultee of the consultation and gets a card in their personal
 * chat. Whatever the client sent (Entra object ids, Teams user ids) is resolved as for the meeting;
 * someone who cannot be consulted is named by the field and the choice is kept.
 */
import { z } from 'zod';
import { cards } from '../../cards/contracts';
import { render, type AdaptiveCard } from '../../cards/render';
import { inviteConsultee } from '../../app/invite-consultee';
import { unitOf } from '../../app/world';
import type { FieldErrors } from '../forms';
import type { Turn } from '../turn';
import { verb } from '../verb';
import { caseSummaryCard } from './case-view';
import { textsFor } from './common';
import { resolvePicked } from './invitees';

const unitName = (turn: Turn, id: string) => unitOf(turn.world, id)?.name ?? id;

async function consultCard(
  turn: Turn,
  caseId: string,
  values: { consultees?: string },
  errors: FieldErrors = {},
  notes: { formError?: string; notice?: string } = {},
): Promise<AdaptiveCard> {
  const kase = await turn.repos.cases.getCase(caseId);
  const parties = await turn.repos.parties.listParties(caseId);
  const taken = new Set(parties.map((p) => p.objectId));
  const members = (await turn.directory.listMembers()).filter((m) => !taken.has(m.objectId));
  return render(cards.consult, {
    t: textsFor(turn.t, 'consult', ['title', 'intro', 'consultees', 'required', 'consulted', 'privacy', 'submit'], {
      reference: turn.t('case.reference', { reference: kase.reference }),
      back: turn.t('form.back'),
    }),
    caseId,
    people: members.map((m) => ({ title: `${m.displayName} – ${unitName(turn, m.orgUnitId)}`, value: m.objectId })),
    values: { consultees: values.consultees ?? '' },
    errors: { consultees: errors.consultees ?? '' },
    formError: notes.formError ?? '',
    notice: notes.notice ?? '',
    consulted: parties
      .filter((p) => p.role === 'consultee')
      .map((p) => `${p.displayName} – ${unitName(turn, p.orgUnitId)}`),
  });
}

/** The consult card, or the case card saying why not (a consented case invites through consent and the meeting). */
export async function openConsult(turn: Turn, caseId: string): Promise<AdaptiveCard> {
  const kase = await turn.repos.cases.getCase(caseId);
  if (kase.kind !== 'anonymous') return caseSummaryCard(turn, caseId, { message: turn.t('consult.onlyAnonymous') });
  return consultCard(turn, caseId, {});
}

const picked = (s: string) =>
  s
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');

export const consultVerbs = {
  'consult.open': verb({
    schema: () => z.object({ caseId: z.uuid() }),
    handle: (turn, input) => openConsult(turn, input.caseId),
  }),
  'consult.submit': verb<{ caseId: string; consultees: string }>({
    schema: () =>
      z.object({
        caseId: z.uuid(),
        consultees: z
          .string()
          .max(4000)
          .refine((s) => picked(s).length > 0, { message: 'validation.required' }),
      }),
    invalid: async (turn, raw, errors, formError) =>
      consultCard(turn, z.uuid().parse(raw.caseId), { consultees: raw.consultees ?? '' }, errors, {
        formError: formError ?? turn.t('form.fixBelow'),
      }),
    handle: async (turn, input) => {
      const { invitees, problems } = await resolvePicked(turn, picked(input.consultees));
      if (problems.length > 0 || invitees.length === 0)
        return consultCard(
          turn,
          input.caseId,
          { consultees: input.consultees },
          { consultees: problems.length > 0 ? problems.join(' ') : turn.t('consult.required') },
          { formError: turn.t('form.fixBelow') },
        );
      await turn.ctx.atomically(async () => {
        for (const i of invitees)
          await inviteConsultee(turn.ctx, input.caseId, {
            tenantId: i.tenantId,
            objectId: i.objectId,
            displayName: i.displayName,
            orgUnitId: i.orgUnitId,
          });
      });
      return consultCard(
        turn,
        input.caseId,
        {},
        {},
        { notice: turn.t('consult.invited', { names: invitees.map((i) => i.displayName).join(', ') }) },
      );
    },
  }),
};

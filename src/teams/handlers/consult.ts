/**
 * Consult other professions on an anonymous consultation (issue 17): pick people in the card's
 * people picker — each becomes a consultee and gets a card in their personal chat — or ask a unit's
 * consultation function — every member gets a card, the first who takes it becomes the consultee.
 * Whatever the client sent (Entra object ids, Teams user ids) is resolved as for the meeting;
 * someone who cannot be consulted is named by the field and the choices are kept.
 */
import { z } from 'zod';
import { cards } from '../../cards/contracts';
import { render, type AdaptiveCard } from '../../cards/render';
import { askConsultationFunction, takeConsultation } from '../../app/consultation-function';
import { inviteConsultee } from '../../app/invite-consultee';
import { unitOf, unitNameOf } from '../../app/world';
import { isDomainError } from '../../domain/errors';
import type { FieldErrors } from '../forms';
import type { Turn } from '../turn';
import { verb } from '../verb';
import { caseSummaryCard } from './case-view';
import { messageCard, textsFor } from './common';
import { namedOnForm, pickedIntoChecklist, resolvePicked } from './invitees';
import { suggestedPeople, suggestedUnits } from './suggestions';

const unitName = (turn: Turn, id: string) => unitNameOf(turn.world, id);
const functionName = (turn: Turn, id: string) => unitOf(turn.world, id)?.consultationFunction?.[turn.locale] ?? id;

type Values = { suggested?: string; consultees?: string; consultationFunction?: string };

async function consultCard(
  turn: Turn,
  caseId: string,
  values: Values,
  errors: FieldErrors = {},
  notes: { formError?: string; notice?: string } = {},
): Promise<AdaptiveCard> {
  const kase = await turn.repos.cases.getCase(caseId);
  const parties = await turn.repos.parties.listParties(caseId);
  const taken = new Set(parties.map((p) => p.objectId));
  const members = (await turn.directory.listMembers()).filter((m) => !taken.has(m.objectId));
  const functions = turn.world.orgUnits.filter((u) => u.consultationFunction !== undefined && u.id !== kase.orgUnitId);
  // Preselected (changeable): the consultation function of the unit the Barnteam templates suggest
  // first; without one among the suggestions, the named persons of the suggested units, ticked in a
  // checklist of their own (a new card: all of them; a card sent back: what the user ticked).
  const suggestedFunction = (await suggestedUnits(turn, kase)).find((u) => functions.includes(u))?.id;
  const suggested = values.consultationFunction ?? suggestedFunction;
  const suggestions = suggestedFunction === undefined ? await suggestedPeople(turn, kase, taken) : [];
  const checklist = await pickedIntoChecklist(turn, suggestions, values.suggested, values.consultees);
  const people = checklist.people;
  return render(cards.consult, {
    t: textsFor(turn.t, 'consult', ['title', 'intro', 'required', 'consulted', 'privacy', 'submit', 'functions'], {
      reference: turn.t('case.reference', { reference: kase.reference }),
      consultees: turn.t(people.length > 0 ? 'consult.consulteesMore' : 'consult.consultees'),
      suggestedPeople: turn.t(people.length > suggestions.length ? 'consult.chosenPeople' : 'consult.suggestedPeople'),
      back: turn.t('form.back'),
      choose: turn.t('form.choose'),
    }),
    caseId,
    people: members.map((m) => ({ title: `${m.displayName} – ${unitName(turn, m.orgUnitId)}`, value: m.objectId })),
    suggestedPeople: people,
    functions: functions.map((u) => ({ title: `${functionName(turn, u.id)} – ${u.name}`, value: u.id })),
    values: {
      suggested: checklist.ticked ?? people.map((p) => p.value).join(','),
      consultees: '',
      consultationFunction: suggested ?? '',
    },
    errors: {
      suggested: '',
      consultees: errors.consultees ?? '',
      consultationFunction: errors.consultationFunction ?? '',
    },
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

type Submit = { caseId: string; suggested: string; consultees: string; consultationFunction: string };

export const consultVerbs = {
  'consult.open': verb({
    schema: () => z.object({ caseId: z.uuid() }),
    handle: (turn, input) => openConsult(turn, input.caseId),
  }),
  'consult.submit': verb<Submit>({
    schema: (turn) =>
      z
        .object({
          caseId: z.uuid(),
          suggested: z.string().max(4000).default(''),
          consultees: z.string().max(4000).default(''),
          consultationFunction: z
            .string()
            .max(200)
            .default('')
            .refine((u) => u === '' || unitOf(turn.world, u)?.consultationFunction !== undefined, {
              message: 'validation.invalidChoice',
            }),
        })
        .refine((d) => namedOnForm(d.suggested, d.consultees).length > 0 || d.consultationFunction !== '', {
          message: 'consult.required',
          path: ['consultees'],
        }),
    invalid: async (turn, raw, errors, formError) =>
      consultCard(
        turn,
        z.uuid().parse(raw.caseId),
        {
          suggested: raw.suggested ?? '',
          consultees: raw.consultees ?? '',
          consultationFunction: raw.consultationFunction ?? '',
        },
        errors,
        { formError: formError ?? turn.t('form.fixBelow') },
      ),
    handle: async (turn, input) => {
      const keep = {
        suggested: input.suggested,
        consultees: input.consultees,
        consultationFunction: input.consultationFunction,
      };
      const { invitees, problems } = await resolvePicked(turn, namedOnForm(input.suggested, input.consultees));
      if (problems.length > 0)
        return consultCard(
          turn,
          input.caseId,
          keep,
          { consultees: problems.join(' ') },
          { formError: turn.t('form.fixBelow') },
        );
      const notices: string[] = [];
      try {
        await turn.ctx.atomically(async () => {
          for (const i of invitees)
            await inviteConsultee(turn.ctx, input.caseId, {
              tenantId: i.tenantId,
              objectId: i.objectId,
              displayName: i.displayName,
              orgUnitId: i.orgUnitId,
            });
          if (input.consultationFunction !== '') {
            const asked = await askConsultationFunction(turn.ctx, input.caseId, input.consultationFunction);
            notices.push(
              turn.t('consult.asked', { fn: functionName(turn, input.consultationFunction), count: asked.members }),
            );
          }
        });
      } catch (err) {
        if (isDomainError(err) && err.field === 'consultationFunction' && err.detail === 'no-members')
          return consultCard(
            turn,
            input.caseId,
            keep,
            {
              consultationFunction: turn.t('consult.noMembers', { fn: functionName(turn, input.consultationFunction) }),
            },
            { formError: turn.t('form.fixBelow') },
          );
        throw err;
      }
      if (invitees.length > 0)
        notices.unshift(turn.t('consult.invited', { names: invitees.map((i) => i.displayName).join(', ') }));
      return consultCard(turn, input.caseId, {}, {}, { notice: notices.join(' ') });
    },
  }),
  'consult.take': verb<{ requestId: string }>({
    schema: () => z.object({ requestId: z.uuid() }),
    handle: async (turn, input) => {
      const taken = await takeConsultation(turn.ctx, input.requestId);
      if (!taken.taken)
        return messageCard(turn.t, turn.t('consult.offerTitle'), [
          turn.t('consult.alreadyTaken', { name: taken.takenBy }),
        ]);
      const kase = await turn.repos.cases.getCase(taken.caseId);
      return caseSummaryCard(turn, taken.caseId, { message: turn.t('consult.took', { reference: kase.reference }) });
    },
  }),
};

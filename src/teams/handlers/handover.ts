/**
 * Hand-overs of the lead professional or named person role: the giver chooses the receiver, who gets
 * a card in their personal chat (an outbox job) to accept or decline. Until they accept, the giver
 * remains responsible. Every step is in the case history and the audit log (the repository).
 */
import { unitNameOf } from '../../app/world';
import { z } from 'zod';
import { decideHandover, offerHandover } from '../../app/handover';
import { cards } from '../../cards/contracts';
import { render, type AdaptiveCard } from '../../cards/render';
import { isDomainError } from '../../domain/errors';
import { handoverRolesHeld, isHandoverRole } from '../../domain/handover';
import { formatStockholm } from '../../domain/local-time';
import type { Turn } from '../turn';
import { verb } from '../verb';
import { messageCard, requiredTexts, textsFor } from './common';
import { caseSummaryCard } from './case-view';

async function handoverCard(
  turn: Turn,
  caseId: string,
  values: { role?: string; receiver?: string; reason?: string },
  notes: { message?: string; formError?: string; recordConsent?: boolean } = {},
): Promise<AdaptiveCard> {
  const { t } = turn;
  const kase = await turn.repos.cases.getCase(caseId);
  const unitName = (id: string) => unitNameOf(turn.world, id);
  const roles = handoverRolesHeld(turn.actor, await turn.repos.parties.listParties(caseId));
  const pending = (await turn.repos.handovers.listHandovers(caseId)).filter((h) => h.state === 'offered');
  const people = (await turn.directory.listMembers()).filter(
    (m) => !(m.objectId === turn.actor.objectId && m.tenantId === turn.actor.tenantId),
  );
  const child = (await turn.repos.voices.getVoices(caseId)).find((v) => v.speaker === 'child');
  const wished = child?.content.wishedLead;
  return render(cards.handover, {
    t: textsFor(t, 'handover', ['title', 'intro', 'role', 'receiver', 'reason', 'submit'], {
      wished: wished ? t('voice.wishedLeadIs', { name: wished.displayName }) : '',
      reference: t('handover.reference', { reference: kase.reference }),
      choose: t('form.choose'),
      back: t('form.back'),
      recordConsent: t('case.recordConsent'),
      ...requiredTexts(t),
    }),
    caseId,
    roles: roles.map((r) => ({ title: t(`roles.${r}`), value: r })),
    people: people.map((m) => ({ title: `${m.displayName} – ${unitName(m.orgUnitId)}`, value: m.objectId })),
    role: values.role ?? (roles.length === 1 ? (roles[0] ?? '') : ''),
    receiver: values.receiver ?? '',
    reason: values.reason ?? '',
    message: notes.message ?? (roles.length === 0 ? t('handover.notYours') : ''),
    formError: notes.formError ?? '',
    recordConsent: notes.recordConsent === true,
    pending: pending.map((h) =>
      t('handover.pending', {
        role: t(`roles.${h.role}`),
        name: h.to.displayName,
        date: formatStockholm(h.offeredAt).slice(0, 10),
      }),
    ),
  });
}

const decision = z.object({ caseId: z.uuid(), handoverId: z.uuid() });

function decide(accept: boolean) {
  return verb({
    schema: () => decision,
    handle: async (turn, input) => {
      const { t } = turn;
      try {
        const h = await decideHandover(turn.ctx, input.caseId, input.handoverId, accept);
        // Declining may end the receiver's access to the case (they were added only to answer): no case card then.
        if (!accept) return messageCard(t, t('handover.declined', { from: h.from.displayName }), []);
        return caseSummaryCard(turn, input.caseId, { message: t('handover.accepted', { role: t(`roles.${h.role}`) }) });
      } catch (err) {
        if (isDomainError(err) && err.code === 'Conflict')
          return caseSummaryCard(turn, input.caseId, { message: t('handover.answered') });
        throw err;
      }
    },
  });
}

export const handoverVerbs = {
  'handover.open': verb({
    schema: () => z.object({ caseId: z.uuid() }),
    handle: (turn, input) => handoverCard(turn, input.caseId, {}),
  }),
  'handover.offer': verb({
    schema: () =>
      z.object({
        caseId: z.uuid(),
        role: z.string().refine(isHandoverRole, { message: 'validation.required' }),
        receiver: z.uuid(),
        reason: z.string().max(2000).optional(),
      }),
    invalid: async (turn, raw, _errors, formError, remedy) =>
      handoverCard(
        turn,
        z.uuid().parse(raw.caseId),
        {
          ...(raw.role ? { role: raw.role } : {}),
          ...(raw.receiver ? { receiver: raw.receiver } : {}),
          ...(raw.reason ? { reason: raw.reason } : {}),
        },
        { formError: formError ?? turn.t('form.fixBelow'), recordConsent: remedy === 'recordConsent' },
      ),
    handle: async (turn, input) => {
      const { t } = turn;
      const member = (await turn.directory.listMembers()).find((m) => m.objectId === input.receiver);
      if (!member || !isHandoverRole(input.role))
        return handoverCard(turn, input.caseId, input, { formError: t('form.fixBelow') });
      try {
        const h = await offerHandover(
          turn.ctx,
          input.caseId,
          input.role,
          { tenantId: member.tenantId, objectId: member.objectId },
          input.reason ?? '',
        );
        return handoverCard(turn, input.caseId, {}, { message: t('handover.offered', { name: h.to.displayName }) });
      } catch (err) {
        if (isDomainError(err) && err.code === 'Conflict')
          return handoverCard(turn, input.caseId, input, { formError: t('handover.alreadyOpen') });
        if (isDomainError(err) && err.code === 'Invalid' && err.field === 'reason')
          return handoverCard(turn, input.caseId, input, { formError: t('voice.leadReasonRequired') });
        if (isDomainError(err) && err.code === 'Forbidden')
          return handoverCard(turn, input.caseId, input, { formError: t('handover.notYours') });
        throw err;
      }
    },
  }),
  'handover.accept': decide(true),
  'handover.decline': decide(false),
};

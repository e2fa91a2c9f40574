/**
 * Calling the meeting from a consented case: participants (people picker in Teams, a static list of
 * configured professionals elsewhere), suggestions from age and the flagged wheel areas, free times
 * from getSchedule, then the invitation through the outbox with a progress card.
 */
import { unitNameOf } from '../../app/world';
import { z } from 'zod';
import { cards, meetingFields, type MeetingField } from '../../cards/contracts';
import { render, type AdaptiveCard } from '../../cards/render';
import { callMeeting } from '../../app/call-meeting';
import { formatStockholm, resolveStockholmTime } from '../../domain/local-time';
import { complete, type FieldErrors } from '../forms';
import { verb } from '../verb';
import type { Turn } from '../turn';
import { isoDay, requiredTexts, textsFor } from './common';
import { caseSummaryCard, progressOptions } from './case-view';
import { namedOnForm, pickedIntoChecklist, resolvePicked } from './invitees';
import { suggestedPeople, suggestedUnits } from './suggestions';
import { familyFromForm, familySection, invitable } from './meeting-family';

const texts = [
  'slot',
  'date',
  'time',
  'minutes',
  'privacy',
  'submit',
  'suggest',
  'familyHeading',
  'familyHint',
  'childTakesPart',
  'familyPrivacy',
];

async function people(turn: Turn) {
  const unitName = (id: string) => unitNameOf(turn.world, id);
  return (await turn.directory.listMembers())
    .filter((m) => m.objectId !== turn.actor.objectId)
    .map((m) => ({ ...m, title: `${m.displayName} – ${unitName(m.orgUnitId)}` }));
}

async function suggestionText(turn: Turn, caseId: string): Promise<string> {
  const kase = await turn.repos.cases.getCase(caseId);
  const units = (await suggestedUnits(turn, kase)).map((u) => u.name);
  const key = kase.kind === 'anonymous' ? 'meeting.suggestionsConsultation' : 'meeting.suggestions';
  return units.length ? turn.t(key, { units: units.join(', ') }) : turn.t('meeting.noSuggestions');
}

async function meetingCard(
  turn: Turn,
  caseId: string,
  values: Record<string, string>,
  errors: FieldErrors = {},
  extra: {
    slots?: { title: string; value: string }[];
    formError?: string;
    recordConsent?: boolean;
    tickSuggestions?: boolean;
  } = {},
): Promise<AdaptiveCard> {
  const { t } = turn;
  const kase = await turn.repos.cases.getCase(caseId);
  const tomorrow = isoDay(new Date(turn.clock.now().getTime() + 86_400_000));
  const suggestions = await suggestedPeople(turn, kase);
  const checklist = await pickedIntoChecklist(turn, suggestions, values.suggested, values.invitees);
  const suggested = checklist.people;
  return render(cards.meeting, {
    t: textsFor(t, 'meeting', texts, {
      title: t(kase.kind === 'anonymous' ? 'meeting.titleConsultation' : 'meeting.title'),
      reference: t('case.reference', { reference: kase.reference }),
      invitees: t(suggested.length > 0 ? 'meeting.inviteesMore' : 'meeting.invitees'),
      // People picked before the form came back are in the list too: it is then who was chosen so far.
      suggestedPeople: t(suggested.length > suggestions.length ? 'meeting.chosenPeople' : 'meeting.suggestedPeople'),
      suggestions: await suggestionText(turn, caseId),
      choose: t('form.choose'),
      back: t('form.back'),
      recordConsent: t('case.recordConsent'),
      ...requiredTexts(t),
    }),
    caseId,
    people: (await people(turn)).map((p) => ({ title: p.title, value: p.objectId })),
    suggestedPeople: suggested,
    slots: extra.slots ?? [],
    values: complete<MeetingField>(meetingFields, {
      date: tomorrow,
      time: '09:00',
      minutes: '60',
      // A new card has every suggestion ticked; a card sent back keeps what the user ticked and picked.
      ...(extra.tickSuggestions ? { suggested: suggested.map((p) => p.value).join(',') } : {}),
      ...values,
      ...(checklist.ticked === undefined ? {} : { suggested: checklist.ticked }),
      invitees: '',
    }),
    errors: complete<MeetingField>(meetingFields, errors),
    formError: extra.formError ?? '',
    recordConsent: extra.recordConsent === true,
    family: familySection(turn, await invitable(turn, caseId, kase.kind), values, errors),
  });
}

const submitSchema = z.object({
  caseId: z.uuid(),
  suggested: z.string().max(4000).default(''),
  invitees: z.string().max(4000).default(''),
  slot: z.string().max(40).default(''),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'validation.invalidDate' })
    .or(z.literal(''))
    .default(''),
  time: z
    .string()
    .regex(/^\d{2}:\d{2}$/, { message: 'validation.invalidTime' })
    .or(z.literal(''))
    .default(''),
  minutes: z.enum(['30', '60', '90', '120']).default('60'),
});

export const meetingVerbs = {
  'meeting.open': verb({
    schema: () => z.object({ caseId: z.uuid() }),
    // A consented case's collaboration meeting, or an anonymous consultation's consultation meeting;
    // the suggested units' named persons come ticked (the user changes them freely).
    handle: (turn, input) => meetingCard(turn, input.caseId, {}, {}, { tickSuggestions: true }),
  }),
  'meeting.suggest': verb({
    schema: () => z.object({ caseId: z.uuid() }).loose(),
    invalid: async (turn, raw, errors, formError, remedy) =>
      meetingCard(turn, z.uuid().parse(raw.caseId), { ...raw }, errors, {
        formError: formError ?? turn.t('form.fixBelow'),
        recordConsent: remedy === 'recordConsent',
      }),
    external: true,
    handle: async (turn, input, raw) => {
      if (turn.calendar === null)
        return meetingCard(turn, input.caseId, { ...raw }, {}, { formError: turn.t('meeting.graphMissing') });
      const picked = await resolvePicked(turn, namedOnForm(raw.suggested, raw.invitees));
      if (picked.problems.length > 0)
        return meetingCard(
          turn,
          input.caseId,
          { ...raw },
          { invitees: picked.problems.join(' ') },
          { formError: turn.t('form.fixBelow') },
        );
      const emails = [turn.actor.objectId, ...picked.invitees.map((p) => p.email ?? p.objectId)];
      const from = new Date(Date.parse(`${isoDay(new Date(turn.clock.now().getTime() + 86_400_000))}T07:00:00Z`));
      const to = new Date(from.getTime() + 14 * 86_400_000);
      const minutes = Number(raw.minutes) || 60;
      const free = (await turn.calendar.freeSlots(turn.actor.objectId, emails, from, to, minutes))
        .filter((s) => {
          const h = Number(formatStockholm(s.start).slice(11, 13));
          return h >= 8 && h < 16;
        })
        .slice(0, 12);
      const slots = free.map((s) => ({ title: formatStockholm(s.start), value: formatStockholm(s.start) }));
      return meetingCard(
        turn,
        input.caseId,
        { ...raw },
        {},
        { slots, formError: slots.length ? '' : turn.t('meeting.noSlots') },
      );
    },
  }),
  'meeting.submit': verb({
    schema: () => submitSchema,
    invalid: async (turn, raw, errors, formError, remedy) =>
      meetingCard(turn, z.uuid().parse(raw.caseId), { ...raw }, errors, {
        formError: formError ?? turn.t('form.fixBelow'),
        recordConsent: remedy === 'recordConsent',
      }),
    handle: async (turn, input, raw) => {
      const [date = '', time = ''] = input.slot ? input.slot.split(' ') : [input.date, input.time];
      const local = resolveStockholmTime(date, time);
      if (local.status === 'invalid')
        return meetingCard(
          turn,
          input.caseId,
          { ...raw },
          { date: turn.t('validation.invalidDate') },
          { formError: turn.t('form.fixBelow') },
        );
      // The spring change: the time is never shown on a clock in Sweden. (An autumn time that happens
      // twice is taken at its first occurrence; the status card says so.)
      if (local.status === 'nonexistent')
        return meetingCard(
          turn,
          input.caseId,
          { ...raw },
          { time: turn.t('validation.nonexistentTime', { date, time }) },
          { formError: turn.t('form.fixBelow') },
        );
      const startsAt = local.instant;
      if (startsAt <= turn.clock.now())
        return meetingCard(
          turn,
          input.caseId,
          { ...raw },
          { time: turn.t('validation.timeInPast') },
          { formError: turn.t('form.fixBelow') },
        );
      // The ticked suggestions and whoever was picked (object ids or Teams user ids, as the client sent
      // them); someone who cannot be invited is named by the field.
      const named = namedOnForm(input.suggested, input.invitees);
      const { invitees, problems } = await resolvePicked(turn, named);
      if (problems.length > 0 || invitees.length === 0) {
        const problem = named.length === 0 ? turn.t('meeting.noInvitees') : turn.t('meeting.onlyYou');
        return meetingCard(
          turn,
          input.caseId,
          { ...raw },
          { invitees: problems.length > 0 ? problems.join(' ') : problem },
          { formError: turn.t('form.fixBelow') },
        );
      }
      // The family by e-mail: only those the consent in force names; a bad address is named by its field.
      const kind = (await turn.repos.cases.getCase(input.caseId)).kind;
      const family = familyFromForm(turn, await invitable(turn, input.caseId, kind), raw);
      if (Object.keys(family.errors).length > 0)
        return meetingCard(turn, input.caseId, { ...raw }, family.errors, {
          formError: Object.values(family.errors).includes(turn.t('meeting.familyNotCovered'))
            ? turn.t('meeting.familyNotCovered')
            : turn.t('form.fixBelow'),
        });
      const meeting = await callMeeting(turn.ctx, input.caseId, {
        card: turn.card,
        startsAt,
        endsAt: new Date(startsAt.getTime() + Number(input.minutes) * 60_000),
        invitees,
        family: family.family,
      });
      return meetingStatusCard(turn, input.caseId, meeting.id);
    },
  }),
  'meeting.status': verb({
    schema: () => z.object({ caseId: z.uuid(), meetingId: z.uuid() }),
    handle: (turn, input) => meetingStatusCard(turn, input.caseId, input.meetingId),
  }),
};

/** The case summary with the meeting's progress: creating…, created with the join link, or failed. */
export async function meetingStatusCard(turn: Turn, caseId: string, meetingId: string): Promise<AdaptiveCard> {
  return caseSummaryCard(turn, caseId, await progressOptions(turn, caseId, { mode: 'meeting', meetingId }));
}
